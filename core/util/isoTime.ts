/**
 * `new Date(ms).toISOString()` without formatting the whole date each time: every frame needs a few ISO stamps
 * (stored `at`, the edge's event time, the context's now) and V8 formats dates through printf. The part up to
 * the seconds is kept for the current second; only the milliseconds are added. Same result, always.
 */
const MAX_FOUR_DIGIT_YEAR_MS = 253_402_300_799_999; // 9999-12-31T23:59:59.999Z

let second = Number.NaN;
let prefix = '';

export function isoTime(ms: number): string {
  if (!Number.isInteger(ms) || ms < 0 || ms > MAX_FOUR_DIGIT_YEAR_MS) return new Date(ms).toISOString();
  const s = Math.floor(ms / 1000);
  if (s !== second) {
    prefix = new Date(s * 1000).toISOString().slice(0, 20); // "YYYY-MM-DDTHH:MM:SS."
    second = s;
  }
  const r = ms - s * 1000;
  return `${prefix}${r < 10 ? '00' : r < 100 ? '0' : ''}${r}Z`;
}
