/**
 * The GUI's message log: entries of a CALL together with its reply (latency from the store's link), or a lone
 * frame (unanswered CALL, orphan reply, unparseable frame). Keyset-paged newest first, filtered by charger,
 * action, direction, message type, time range and free text. Used by the bench API (core/api).
 */
import type { Database, Statement } from 'better-sqlite3';
import { frameSeconds, type FrameSeconds } from './frameSeconds.js';
import { likeContains, type SqlRow } from './rows.js';
import { createExportCursor, type ExportCursor, type ExportCursorOptions } from './messageLogExport.js';
import { DETAIL_LIMITS, LIST_LIMITS, frameContent, type FrameContent, type FrameViewLimits } from './storedFrameView.js';

export type LogMessageType = 'CALL' | 'CALLRESULT' | 'CALLERROR' | 'INVALID';

export interface LogFrame extends FrameContent {
  id: number;
  chargePointId: string;
  direction: 'in' | 'out';
  messageType: LogMessageType;
  messageId: string | null;
  action: string | null;
  at: string;
  atMs: number;
  errorCode: string | null;
  errorDescription: string | null;
  /** On a reply: the CALL frame it answers. */
  callFrameId: number | null;
  /** Server CALLs: queued | sent | answered | error | timeout | failed (null for other frames). */
  state: string | null;
  /** Server CALLs: when sendCall queued it; `at` is when the edge wrote it to the socket. */
  queuedAt: string | null;
  /** Server CALLs: when the edge wrote it (equals `at`); null while queued or when it was never sent. */
  sentAt: string | null;
}

export interface LogEntryRow {
  id: number;
  chargePointId: string;
  action: string | null;
  call: LogFrame | null;
  reply: LogFrame | null;
  latencyMs: number | null;
}

export interface LogFilter {
  chargePointId?: string;
  action?: string;
  direction?: 'in' | 'out';
  messageType?: LogMessageType;
  /** Epoch ms, inclusive. */
  from?: number;
  /** Epoch ms, exclusive. */
  to?: number;
  /** Contained in the raw frame text (case-insensitive for ASCII). */
  text?: string;
}

export interface LogPageQuery extends LogFilter {
  before?: number;
  after?: number;
  limit: number;
}

/** Turns a stored frame row into the log's frame shape (payload parsed from the raw text, size- and depth-bounded). */
export function toLogFrame(r: SqlRow, limits: FrameViewLimits = LIST_LIMITS): LogFrame {
  const content = frameContent(String(r.raw), r.message_type === null || r.message_type === undefined ? null : String(r.message_type), limits);
  return {
    id: Number(r.id),
    chargePointId: String(r.charge_point_id),
    direction: r.direction === 'out' ? 'out' : 'in',
    messageId: r.message_id === null || r.message_id === undefined ? null : String(r.message_id),
    action: r.action === null || r.action === undefined ? null : String(r.action),
    at: String(r.at),
    atMs: Number(r.at_ms),
    errorCode: r.error_code === null || r.error_code === undefined ? null : String(r.error_code),
    errorDescription: r.error_description === null || r.error_description === undefined ? null : String(r.error_description),
    callFrameId: r.call_frame_id == null ? null : Number(r.call_frame_id),
    state: r.state == null ? null : String(r.state),
    queuedAt: r.queued_at_ms == null ? null : new Date(Number(r.queued_at_ms)).toISOString(),
    sentAt: r.sent_at_ms == null ? null : new Date(Number(r.sent_at_ms)).toISOString(),
    ...content,
  };
}

/** The partial index's condition, repeated verbatim in queries so the planner can use it. */
/** Must match the frames_problems partial index (schema.ts migration 2) to use it. */
const PROBLEMS = `(message_type = 'CALLERROR' OR message_type IS NULL OR valid = 0)`;

/** Rows scanned per window when a free-text search has no charger to narrow it (see page()). */
const TEXT_WINDOW = 50_000;
/** A windowed text search returns what it found once this much time is spent; the UI pages on from nextBefore. */
const TEXT_BUDGET_MS = 60;
/** Queued server CALLs (not yet on the wire) shown above the newest page. */
const QUEUED_SHOWN = 100;

/**
 * The filter's WHERE parts. A time range is an id range from the per-second time index plus the exact times
 * (frameSeconds.ts) for the history and the export; the placeholder rows of queued CALLs (not in that index: `times`
 * null) are few and filtered on their times alone.
 */
function conditions(f: LogFilter, times: FrameSeconds | null): { parts: string[]; params: unknown[] } {
  const parts: string[] = [];
  const params: unknown[] = [];
  if (f.chargePointId !== undefined) {
    parts.push('charge_point_id = ?');
    params.push(f.chargePointId);
  }
  if (f.action !== undefined) {
    parts.push('action = ?');
    params.push(f.action);
  }
  if (f.direction !== undefined) {
    parts.push('direction = ?');
    params.push(f.direction);
  }
  if (times) {
    const t = times.where(f.from, f.to);
    parts.push(...t.parts);
    params.push(...t.params);
  } else {
    if (f.from !== undefined) {
      parts.push('+at_ms >= ?');
      params.push(f.from);
    }
    if (f.to !== undefined) {
      parts.push('+at_ms < ?');
      params.push(f.to);
    }
  }
  if (f.text) {
    parts.push(`raw LIKE ? ESCAPE '\\'`);
    params.push(likeContains(f.text));
  }
  // CALLERROR / INVALID are rare: the literal predicate lets SQLite use the frames_problems partial index
  if (f.messageType === 'INVALID') parts.push(PROBLEMS, '(message_type IS NULL OR valid = 0)');
  else if (f.messageType === 'CALLERROR') parts.push(PROBLEMS, `message_type = 'CALLERROR'`);
  else if (f.messageType !== undefined) {
    parts.push('message_type = ?');
    params.push(f.messageType);
  }
  return { parts, params };
}

/** Without a message-type filter a page lists CALLs and the frames not linked to a CALL (each pair once). */
const ENTRY_ROWS = `(message_type = 'CALL' OR call_frame_id IS NULL)`;

const isWindowedText = (q: LogPageQuery): boolean =>
  Boolean(q.text) && q.chargePointId === undefined && !(q.after !== undefined && q.before === undefined) && q.from === undefined && q.to === undefined;

export function messageLogQuery(db: Database) {
  const times = frameSeconds(db);
  const byId = db.prepare(`SELECT * FROM frames WHERE id = ?`);
  const maxId = db.prepare(`SELECT COALESCE(MAX(id), 0) AS id FROM frames`);
  const cache = new Map<string, Statement>();
  const prepared = (sql: string): Statement => {
    let s = cache.get(sql);
    if (!s) {
      s = db.prepare(sql);
      if (cache.size > 200) cache.clear();
      cache.set(sql, s);
    }
    return s;
  };

  /** Builds entries from matched frames: replies linked to a CALL are shown on their CALL's row. */
  function toEntries(rows: SqlRow[]): LogEntryRow[] {
    const entries: LogEntryRow[] = [];
    const seen = new Set<number>();
    const needed = new Set<number>();
    for (const r of rows) {
      if (r.message_type === 'CALL' && r.reply_frame_id != null) needed.add(Number(r.reply_frame_id));
      else if (r.message_type !== 'CALL' && r.call_frame_id != null) needed.add(Number(r.call_frame_id));
    }
    const linked = new Map<number, SqlRow>();
    if (needed.size) {
      const ids = [...needed];
      for (let i = 0; i < ids.length; i += 500) {
        const chunk = ids.slice(i, i + 500);
        for (const r of prepared(`SELECT * FROM frames WHERE id IN (${chunk.map(() => '?').join(',')})`).all(...chunk) as SqlRow[]) linked.set(Number(r.id), r);
      }
    }
    for (const r of rows) {
      let call: SqlRow | undefined;
      let reply: SqlRow | undefined;
      if (r.message_type === 'CALL') {
        call = r;
        reply = r.reply_frame_id != null ? linked.get(Number(r.reply_frame_id)) : undefined;
      } else {
        reply = r;
        call = r.call_frame_id != null ? linked.get(Number(r.call_frame_id)) : undefined;
        if (!r.message_type) {
          call = undefined;
        }
      }
      const key = Number((call ?? reply)?.id);
      if (seen.has(key)) continue;
      seen.add(key);
      const c = call ? toLogFrame(call) : null;
      const rep = reply ? toLogFrame(reply) : null;
      // a frame that failed to parse is a lone INVALID entry, shown as "call" slot when it came in as one
      const lone = !c && rep && rep.messageType === 'INVALID';
      entries.push({
        id: key,
        chargePointId: String((call ?? reply)?.charge_point_id),
        action: c?.action ?? rep?.action ?? null,
        call: lone ? rep : c,
        reply: lone ? null : rep,
        latencyMs: c && rep ? (call?.latency_ms != null ? Number(call.latency_ms) : rep.atMs - c.atMs) : null,
      });
    }
    return entries;
  }

  /** The wire-ordered history's parts: the filter, pair de-duplication, and placeholders (queued CALLs) left out. */
  function historyParts(q: LogPageQuery): { parts: string[]; params: unknown[]; asc: boolean } {
    const { parts, params } = conditions(q, times);
    if (q.messageType === undefined) parts.push(ENTRY_ROWS);
    const asc = q.after !== undefined && q.before === undefined;
    // "+id": a plain filter, not a rowid range the planner might walk instead of the charger/action index
    if (q.after !== undefined) {
      parts.push('id > ?');
      params.push(Math.max(0, q.after));
    } else parts.push('+id > 0');
    return { parts, params, asc };
  }

  /** The indexed page statement (everything but the windowed free-text scan). */
  function historySql(q: LogPageQuery): { sql: string; params: unknown[] } {
    const { parts, params, asc } = historyParts(q);
    // Wire order, with or without a time range (which is an id range too): the index is walked in order, LIMIT stops it.
    const order = asc ? 'id ASC' : 'id DESC';
    if (q.before !== undefined) {
      parts.push('id < ?');
      params.push(q.before);
    }
    return { sql: `SELECT * FROM frames WHERE ${parts.join(' AND ')} ORDER BY ${order} LIMIT ?`, params };
  }

  /** A free-text page's window statement: parameters, then upper and lower id bound, then LIMIT. */
  function textWindowSql(q: LogPageQuery): { sql: string; params: unknown[] } {
    const { parts, params } = historyParts(q);
    return { sql: `SELECT * FROM frames WHERE ${[...parts, 'id < ?', 'id >= ?'].join(' AND ')} ORDER BY id DESC LIMIT ?`, params };
  }

  /**
   * Queued CALLs matching the filter: NOT INDEXED keeps SQLite on the rowid range of the few placeholders rather
   * than walking a filter's index (a time range's would visit every frame in it).
   */
  function queuedSql(q: LogFilter): { sql: string; params: unknown[] } {
    const { parts, params } = conditions(q, null);
    return { sql: `SELECT * FROM frames NOT INDEXED WHERE ${['id < 0', ...parts].join(' AND ')} ORDER BY id ASC LIMIT ?`, params };
  }

  function pageOnWire(q: LogPageQuery): { entries: LogEntryRow[]; hasMore: boolean; nextBefore: number | null } {
    // Free text without a charger cannot use an index: scan newest-first in id windows within a time budget,
    // returning what was found and where to continue (nextBefore), so the log never freezes on a rare term.
    if (isWindowedText(q)) {
      const { sql, params } = textWindowSql(q);
      const started = performance.now();
      let upper = q.before ?? (maxId.get() as { id: number }).id + 1;
      const rows: SqlRow[] = [];
      while (upper > 1 && rows.length <= q.limit) {
        const lower = Math.max(1, upper - TEXT_WINDOW);
        const found = prepared(sql).all(...params, upper, lower, q.limit + 1 - rows.length) as SqlRow[];
        rows.push(...found);
        if (rows.length > q.limit) {
          rows.length = q.limit;
          const last = rows[rows.length - 1] as SqlRow;
          return { entries: toEntries(rows), hasMore: true, nextBefore: Number(last.id) };
        }
        upper = lower;
        if (performance.now() - started > TEXT_BUDGET_MS) break;
      }
      return { entries: toEntries(rows), hasMore: upper > 1, nextBefore: upper > 1 ? upper : null };
    }
    const { sql, params: all } = historySql(q);
    const rows = prepared(sql).all(...all, q.limit + 1) as SqlRow[];
    const hasMore = rows.length > q.limit;
    if (hasMore) rows.pop();
    const lastRow = rows[rows.length - 1];
    return { entries: toEntries(rows), hasMore, nextBefore: hasMore && lastRow ? Number(lastRow.id) : null };
  }

  return {
    /**
     * A page of entries, newest first (or oldest first after `after`). Without a message-type filter the rows are
     * CALLs and frames that are not linked to a CALL, so each CALL/reply pair appears once. The log is in wire
     * order (ids); server CALLs still waiting in the edge's queue (placeholder ids < 0) head the newest page.
     */
    page(q: LogPageQuery): { entries: LogEntryRow[]; hasMore: boolean; nextBefore: number | null } {
      const result = pageOnWire(q);
      if (q.before !== undefined || q.after !== undefined) return result;
      const { sql, params } = queuedSql(q);
      const waiting = prepared(sql).all(...params, QUEUED_SHOWN) as SqlRow[];
      return waiting.length ? { ...result, entries: [...toEntries(waiting), ...result.entries] } : result;
    },

    /** SQLite's plan for a page query (EXPLAIN QUERY PLAN details): the query-plan tests and diagnostics read it. */
    explain(q: LogPageQuery): string[] {
      const windowed = isWindowedText(q);
      const { sql, params } = windowed ? textWindowSql(q) : historySql(q);
      if (windowed) params.push(1, 0);
      return (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params, q.limit + 1) as Array<{ detail: string }>).map((r) => r.detail);
    },

    frame(id: number): LogFrame | null {
      const r = byId.get(id) as SqlRow | undefined;
      return r ? toLogFrame(r, DETAIL_LIMITS) : null;
    },

    /** EXPLAIN QUERY PLAN of the page's history statement, or of its queued-CALLs statement (query-plan tests). */
    plan(q: LogPageQuery, which: 'history' | 'queued' = 'history'): string {
      const { sql, params } = which === 'history' ? historySql(q) : queuedSql(q);
      return (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params, q.limit + 1) as Array<{ detail: string }>).map((r) => r.detail).join('; ');
    },

    /**
     * Every matching frame oldest first (up to the newest frame when the export started), as NDJSON, in chunks:
     * see exportCursor. Each `next()` call does a few milliseconds of work, so the caller can write with
     * backpressure and let OCPP handling run in between.
     */
    exportCursor(f: LogFilter, opts: ExportCursorOptions = {}): ExportCursor {
      return createExportCursor(db, conditions(f, times), opts);
    },

    /** The export as single lines (tests, scripts); the API streams exportCursor chunks instead. */
    *exportLines(f: LogFilter): Generator<string> {
      const cursor = createExportCursor(db, conditions(f, times), {});
      for (let chunk = cursor.next(); chunk !== null; chunk = cursor.next()) {
        for (const line of chunk.split('\n')) if (line) yield line;
      }
    },
  };
}
export type { ExportCursor, ExportCursorOptions } from './messageLogExport.js';
export type MessageLogQuery = ReturnType<typeof messageLogQuery>;
