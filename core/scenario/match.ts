/** Deep "contains" matching for payload assertions, and frame matching against a FrameMatch. */
import type { FrameLog, RecordedFrame } from './frameLog.js';
import type { FrameMatch } from './types.js';

/**
 * True when `actual` contains `expected`: objects key by key (extra keys allowed), arrays when every
 * expected element is contained in some actual element, numbers by value, everything else by ===.
 */
export function containsSubset(actual: unknown, expected: unknown): boolean {
  if (expected === null || typeof expected !== 'object') return actual === expected;
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return false;
    return expected.every((e) => actual.some((a) => containsSubset(a, e)));
  }
  if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) return false;
  const act = actual as Record<string, unknown>;
  return Object.entries(expected as Record<string, unknown>).every(([k, v]) => k in act && containsSubset(act[k], v));
}

const TYPE_IDS = { CALL: 2, CALLRESULT: 3, CALLERROR: 4 } as const;

/** Whether a logged frame matches. A match with `action` and no `type` means the CALL of that action. */
export function frameMatches(log: FrameLog, rec: RecordedFrame, m: FrameMatch): boolean {
  if (m.charger !== undefined && rec.charger !== m.charger) return false;
  if (m.from !== undefined && rec.from !== m.from) return false;
  const f = rec.frame;
  if (!f) return false;
  const type = m.type ?? (m.action !== undefined || m.reply !== undefined ? 'CALL' : m.errorCode !== undefined ? 'CALLERROR' : undefined);
  if (type !== undefined && f[0] !== TYPE_IDS[type]) return false;
  if (m.action !== undefined && log.actionOf(rec) !== m.action) return false;
  if (m.errorCode !== undefined && (f[0] !== 4 || f[2] !== m.errorCode)) return false;
  if (m.payload !== undefined) {
    const payload = f[0] === 2 ? f[3] : f[0] === 3 ? f[2] : f[4];
    if (!containsSubset(payload, m.payload)) return false;
  }
  if (m.reply !== undefined) {
    if (f[0] !== 2) return false;
    const reply = log.replyTo(rec);
    if (!reply?.frame || reply.frame[0] !== 3 || !containsSubset(reply.frame[2], m.reply)) return false;
  }
  return true;
}

/** A one-line description of a match, for reports ("StartTransaction CALL from charger with {...}"). */
export function describeMatch(m: FrameMatch): string {
  const parts: string[] = [];
  parts.push(m.action ?? 'any action');
  parts.push(m.type ?? (m.action !== undefined || m.reply !== undefined ? 'CALL' : m.errorCode !== undefined ? 'CALLERROR' : 'frame'));
  if (m.from) parts.push(`from ${m.from}`);
  if (m.charger) parts.push(`on ${m.charger}`);
  if (m.errorCode) parts.push(`with error ${m.errorCode}`);
  if (m.payload) parts.push(`with payload ⊇ ${JSON.stringify(m.payload)}`);
  if (m.reply) parts.push(`answered ⊇ ${JSON.stringify(m.reply)}`);
  return parts.join(' ');
}
