/** Small helpers shared by the repositories. */
export type SqlRow = Record<string, unknown>;

export const str = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
export const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
export const isoFromMs = (ms: unknown): string | null => (ms === null || ms === undefined ? null : new Date(Number(ms)).toISOString());

/** Normalizes a timestamp to ISO UTC; returns null when it cannot be parsed. */
export function normalizeTime(text: string | undefined | null): string | null {
  if (!text) return null;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

export function clampLimit(limit: number | undefined, def = 100, max = 5000): number {
  if (limit === undefined || !Number.isFinite(limit)) return def;
  return Math.max(1, Math.min(max, Math.floor(limit)));
}

/** Builds "WHERE a AND b" from the parts given (empty string when none). */
export function where(parts: string[]): string {
  return parts.length ? `WHERE ${parts.join(' AND ')}` : '';
}

/** Escapes a LIKE pattern so user text matches literally (with ESCAPE '\\'). */
export function likeContains(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
