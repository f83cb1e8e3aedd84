/** The message log's export: a cursor over the filtered frames, one JSON line each, read in growing windows. */
import type { Database } from 'better-sqlite3';
import { MAX_VIEW_DEPTH, jsonNestsDeeperThan } from '../util/boundedJson.js';

export interface ExportCursorOptions {
  /** Work per next() call (default 4 ms). */
  budgetMs?: number;
  /** A chunk is returned once it is this long (default 256 KiB). */
  maxChunkChars?: number;
}

export interface ExportCursor {
  /** The next NDJSON chunk (whole lines, each ending in \n; maybe empty when a window matched nothing), or null when done. */
  next(): string | null;
  /** Frames exported so far. */
  readonly frames: number;
}

/** Ids scanned per statement: grows while statements are fast, shrinks when one takes longer than a slice. */
const EXPORT_WINDOW = { min: 2_000, start: 20_000, max: 2_000_000 };
/** Rows per statement: small enough that one statement (and its lines) stays well inside a slice. */
const EXPORT_ROWS_PER_STATEMENT = 250;
/** The columns an export line needs, read as arrays (better-sqlite3 raw mode: no row objects). */
const EXPORT_COLUMNS =
  'id, at, charge_point_id, direction, message_type, action, message_id, call_frame_id, latency_ms, error_code, valid, state, queued_at_ms, raw, protocol';
type ExportRow = [
  number,
  string,
  string,
  string,
  string | null,
  string | null,
  string | null,
  number | null,
  number | null,
  string | null,
  number,
  string | null,
  number | null,
  string,
  string,
];

/**
 * Walks the frames table in id windows (`id > ? AND id <= ?`, whatever the filter), so no single statement scans
 * more than a window even when the filter matches nothing (a rare free-text term over millions of frames).
 */
export function createExportCursor(db: Database, cond: { parts: string[]; params: unknown[] }, opts: ExportCursorOptions): ExportCursor {
  const budgetMs = opts.budgetMs ?? 4;
  const maxChunk = opts.maxChunkChars ?? 256 * 1024;
  const end = (db.prepare(`SELECT COALESCE(MAX(id), 0) AS id FROM frames`).get() as { id: number }).id;
  const statement = db
    .prepare(
      `SELECT ${EXPORT_COLUMNS} FROM frames WHERE ${[...cond.parts, 'id > ?', 'id <= ?'].join(' AND ')} ORDER BY id ASC LIMIT ${EXPORT_ROWS_PER_STATEMENT}`,
    )
    .raw(true);
  let last = 0;
  let window = EXPORT_WINDOW.start;
  let frames = 0;
  return {
    get frames() {
      return frames;
    },
    next(): string | null {
      if (last >= end) return null;
      const started = performance.now();
      let chunk = '';
      while (last < end && chunk.length < maxChunk) {
        const upper = Math.min(end, last + window);
        const t0 = performance.now();
        const rows = statement.all(...cond.params, last, upper) as ExportRow[];
        const took = performance.now() - t0;
        for (const r of rows) chunk += exportLine(r) + '\n';
        frames += rows.length;
        const full = rows.length === EXPORT_ROWS_PER_STATEMENT;
        last = full ? (rows[rows.length - 1] as ExportRow)[0] : upper;
        if (took > budgetMs / 2) window = Math.max(EXPORT_WINDOW.min, Math.floor(window / 2));
        else if (took < budgetMs / 8 && !full) window = Math.min(EXPORT_WINDOW.max, window * 2);
        if (performance.now() - started >= budgetMs) break;
      }
      return chunk;
    },
  };
}

/**
 * One export line. The frame goes in verbatim when it is well-formed JSON of sane depth (no parse + stringify per
 * row); a malformed frame, or one nested too deep for a reader to re-serialize, goes in as its raw text string.
 */
function exportLine(r: ExportRow): string {
  const [id, at, chargePointId, direction, storedType, action, messageId, callFrameId, latencyMs, errorCode, valid, state, queuedAtMs, raw, protocol] = r;
  let messageType = storedType ?? 'INVALID';
  // valid = 1 rows were parsed before they were stored; others (malformed, schema violations) are checked here.
  let parses = valid === 1;
  if (!parses) {
    try {
      JSON.parse(raw);
      parses = true;
    } catch {
      messageType = 'INVALID';
    }
  }
  const json = parses && !jsonNestsDeeperThan(raw, MAX_VIEW_DEPTH + 1);
  // server CALLs: `at` is when the edge wrote it; state and queuedAt say when it was queued and how it ended
  const wire = state !== null ? { state, queuedAt: queuedAtMs === null ? null : new Date(queuedAtMs).toISOString() } : {};
  const head = JSON.stringify({
    id,
    at,
    chargePointId,
    protocol,
    direction: direction === 'out' ? 'out' : 'in',
    messageType,
    action,
    messageId,
    callFrameId,
    latencyMs,
    errorCode,
    ...wire,
  });
  // JSON text may hold raw CR/LF only as whitespace between tokens: a space keeps the line one line.
  const frame = json ? (/[\r\n]/.test(raw) ? raw.replace(/[\r\n]/g, ' ') : raw) : JSON.stringify(raw);
  return `${head.slice(0, -1)},"frame":${frame}}`;
}
