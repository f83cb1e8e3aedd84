/**
 * Time ranges over the frames table, through its per-second time index (frame_seconds, schema migration 9): the
 * lowest and highest id of the frames whose at_ms falls in each second, kept by triggers. A time range becomes an
 * id range that holds every frame in it, so a query walks the id-ordered index the rest of its filter uses (the
 * charger's, the action's, the rowid) and keeps the exact time condition as a plain filter (`+at_ms`: never an
 * index of its own). Exact whatever the clocks did (a frame stamped late, a clock stepped back): only the id range
 * gets wider, never too narrow. Placeholder rows (queued CALLs, id < 0) are outside it, as they are outside the
 * history.
 */
import type { Database, Statement } from 'better-sqlite3';

/** The second a time falls in, as the triggers compute it (CAST(at_ms / 1000 AS INTEGER) truncates toward zero). */
export const secondOf = (ms: number): number => Math.trunc(ms / 1000);

export interface IdRange {
  /** Inclusive. */
  lo: number;
  /** Inclusive. */
  hi: number;
}

/** The filter parts of a time range: the id range, then the exact times (epoch ms; from inclusive, to exclusive). */
export interface TimeParts {
  parts: string[];
  params: unknown[];
}

export function frameSeconds(db: Database) {
  let range: Statement | null = null;
  const ids = (fromMs: number | undefined, toMs: number | undefined): IdRange | null => {
    range ??= db.prepare(`SELECT MIN(min_id) AS lo, MAX(max_id) AS hi FROM frame_seconds WHERE at_second >= ? AND at_second <= ?`);
    const r = range.get(fromMs === undefined ? Number.MIN_SAFE_INTEGER : secondOf(fromMs), toMs === undefined ? Number.MAX_SAFE_INTEGER : secondOf(toMs)) as {
      lo: number | null;
      hi: number | null;
    };
    return r.lo === null || r.hi === null ? null : { lo: r.lo, hi: r.hi };
  };
  return {
    /** Bounds on the ids of every frame (id > 0) with from <= at_ms < to; null when no second in the range has a frame. */
    ids,
    /**
     * WHERE parts for from <= at_ms < to (either may be absent): an id range (empty when nothing is in it) and the
     * exact time conditions, written `+at_ms` so SQLite filters on them instead of looking for a time index.
     */
    where(fromMs: number | undefined, toMs: number | undefined): TimeParts {
      const parts: string[] = [];
      const params: unknown[] = [];
      if (fromMs === undefined && toMs === undefined) return { parts, params };
      const r = ids(fromMs, toMs) ?? { lo: 1, hi: 0 };
      parts.push('id >= ?', 'id <= ?');
      params.push(r.lo, r.hi);
      if (fromMs !== undefined) {
        parts.push('+at_ms >= ?');
        params.push(fromMs);
      }
      if (toMs !== undefined) {
        parts.push('+at_ms < ?');
        params.push(toMs);
      }
      return { parts, params };
    },
    /** After frames before `beforeMs` were deleted: the seconds entirely before it have no frame left. */
    forgetBefore(beforeMs: number): number {
      return db.prepare(`DELETE FROM frame_seconds WHERE at_second < ?`).run(secondOf(beforeMs)).changes;
    },
  };
}
export type FrameSeconds = ReturnType<typeof frameSeconds>;
