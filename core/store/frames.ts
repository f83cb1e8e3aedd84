/** Every OCPP frame in both directions, raw text included (even unparseable ones), with CALL ↔ reply links. */
import type { Database } from 'better-sqlite3';
import type { FrameDirection, FrameMessageType, FrameRow, OutboundCallState, Page } from './types.js';
import { clampLimit, isoFromMs, likeContains, num, str, where, type SqlRow } from './rows.js';
import { isoTime } from '../util/isoTime.js';

export interface FrameInput {
  atMs: number;
  chargePointId: string;
  connectionId: string | null;
  direction: FrameDirection;
  messageType: FrameMessageType | null;
  action: string | null;
  messageId: string | null;
  callFrameId?: number | null;
  latencyMs?: number | null;
  errorCode?: string | null;
  errorDescription?: string | null;
  valid?: boolean;
  state?: OutboundCallState | null;
  eventId?: string | null;
  raw: string;
}

export interface FrameQuery {
  chargePointId?: string;
  action?: string;
  direction?: FrameDirection;
  messageType?: FrameMessageType;
  /** ISO, inclusive. */
  from?: string;
  /** ISO, exclusive. */
  to?: string;
  /** Contains (case-insensitive for ASCII) in the raw frame text. */
  text?: string;
  /** Only frames carrying an error (CALLERRORs, invalid frames). */
  errorsOnly?: boolean;
  /** Keyset paging: frames with id < beforeId (newest first) or id > afterId (oldest first). */
  beforeId?: number;
  afterId?: number;
  limit?: number;
  offset?: number;
  /** Default 'desc' (newest first); afterId implies 'asc'. */
  order?: 'asc' | 'desc';
  /** Compute total (default true); skip it on hot paths. */
  count?: boolean;
}

function toRow(r: SqlRow): FrameRow {
  return {
    id: Number(r.id),
    at: String(r.at),
    chargePointId: String(r.charge_point_id),
    connectionId: str(r.connection_id),
    direction: r.direction as FrameDirection,
    messageType: str(r.message_type) as FrameMessageType | null,
    action: str(r.action),
    messageId: str(r.message_id),
    callFrameId: num(r.call_frame_id),
    replyFrameId: num(r.reply_frame_id),
    latencyMs: num(r.latency_ms),
    errorCode: str(r.error_code),
    errorDescription: str(r.error_description),
    valid: r.valid === 1,
    state: str(r.state) as OutboundCallState | null,
    sentAt: isoFromMs(r.sent_at_ms),
    eventId: str(r.event_id),
    raw: String(r.raw),
  };
}

export function frameRepo(db: Database) {
  // Positional parameters on the hot statements: binding by name costs a property lookup per column.
  const insert = db.prepare(`INSERT INTO frames (at, at_ms, charge_point_id, connection_id, direction, message_type, action, message_id, call_frame_id,
    latency_ms, error_code, error_description, valid, state, event_id, raw) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const get = db.prepare(`SELECT * FROM frames WHERE id = ?`);
  const byEvent = db.prepare(`SELECT * FROM frames WHERE event_id = ? AND connection_id IS ? ORDER BY id DESC LIMIT 1`);
  const replyOf = db.prepare(`SELECT r.* FROM frames c JOIN frames r ON r.id = c.reply_frame_id WHERE c.id = ?`);
  const lastOutboundCall = db.prepare(`SELECT * FROM frames WHERE charge_point_id = ? AND message_id = ? AND direction = 'out' AND message_type = 'CALL' ORDER BY id DESC LIMIT 1`);
  const setState = db.prepare(`UPDATE frames SET state = ? WHERE id = ?`);
  const setSent = db.prepare(`UPDATE frames SET state = 'sent', sent_at_ms = ? WHERE id = ? AND state = 'queued'`);
  const link = db.prepare(`UPDATE frames SET reply_frame_id = ?, latency_ms = ?, state = COALESCE(?, state) WHERE id = ?`);
  const setValidation = db.prepare(`UPDATE frames SET valid = 0, error_code = COALESCE(error_code, ?), error_description = COALESCE(error_description, ?) WHERE id = ?`);

  return {
    insert(f: FrameInput): FrameRow {
      const row = {
        at: isoTime(f.atMs),
        atMs: f.atMs,
        chargePointId: f.chargePointId,
        connectionId: f.connectionId,
        direction: f.direction,
        messageType: f.messageType,
        action: f.action,
        messageId: f.messageId,
        callFrameId: f.callFrameId ?? null,
        latencyMs: f.latencyMs ?? null,
        errorCode: f.errorCode ?? null,
        errorDescription: f.errorDescription ?? null,
        valid: f.valid === false ? 0 : 1,
        state: f.state ?? null,
        eventId: f.eventId ?? null,
        raw: f.raw,
      };
      const info = insert.run(row.at, row.atMs, row.chargePointId, row.connectionId, row.direction, row.messageType, row.action, row.messageId, row.callFrameId,
        row.latencyMs, row.errorCode, row.errorDescription, row.valid, row.state, row.eventId, row.raw);
      // Built from the input rather than re-read: this is the hottest write path.
      return {
        id: Number(info.lastInsertRowid),
        at: row.at,
        chargePointId: row.chargePointId,
        connectionId: row.connectionId,
        direction: row.direction,
        messageType: row.messageType,
        action: row.action,
        messageId: row.messageId,
        callFrameId: row.callFrameId,
        replyFrameId: null,
        latencyMs: row.latencyMs,
        errorCode: row.errorCode,
        errorDescription: row.errorDescription,
        valid: row.valid === 1,
        state: row.state,
        sentAt: null,
        eventId: row.eventId,
        raw: row.raw,
      };
    },
    get(id: number): FrameRow | undefined {
      const r = get.get(id) as SqlRow | undefined;
      return r ? toRow(r) : undefined;
    },
    /**
     * The inbound frame stored for an edge event (redelivery detection). The connection id must match too:
     * event ids restart when an edge restarts, connection ids (UUIDs) do not.
     */
    byEventId(eventId: string, connectionId: string | null): FrameRow | undefined {
      const r = byEvent.get(eventId, connectionId) as SqlRow | undefined;
      return r ? toRow(r) : undefined;
    },
    /** The reply linked to a CALL frame (by the CALL's reply_frame_id). */
    replyTo(callFrameId: number): FrameRow | undefined {
      const r = replyOf.get(callFrameId) as SqlRow | undefined;
      return r ? toRow(r) : undefined;
    },
    /** The latest server CALL to this charger with this message id (to link a late reply). */
    findOutboundCall(chargePointId: string, messageId: string): FrameRow | undefined {
      const r = lastOutboundCall.get(chargePointId, messageId) as SqlRow | undefined;
      return r ? toRow(r) : undefined;
    },
    /** A CALL and its reply (either id may be given). */
    pair(frameId: number): { call: FrameRow | undefined; reply: FrameRow | undefined } {
      const f = this.get(frameId);
      if (!f) return { call: undefined, reply: undefined };
      if (f.messageType === 'CALL') return { call: f, reply: f.replyFrameId ? this.get(f.replyFrameId) : undefined };
      return { call: f.callFrameId ? this.get(f.callFrameId) : undefined, reply: f };
    },
    setState(id: number, state: OutboundCallState): void {
      setState.run(state, id);
    },
    markSent(id: number, sentAtMs: number): void {
      setSent.run(sentAtMs, id);
    },
    linkReply(callId: number, replyId: number, latencyMs: number | null, state: OutboundCallState | null): void {
      link.run(replyId, latencyMs, state, callId);
    },
    /**
     * linkReply for a CALL row the caller holds exactly as stored (e.g. just inserted): returns the row as it is
     * stored after the link, without reading it back (the hot path of every charger CALL).
     */
    linkHeldReply(call: FrameRow, replyId: number, latencyMs: number | null): FrameRow {
      link.run(replyId, latencyMs, null, call.id);
      return { ...call, replyFrameId: replyId, latencyMs };
    },
    markInvalid(id: number, code: string, description: string): void {
      setValidation.run(code, description, id);
    },
    list(q: FrameQuery = {}): Page<FrameRow> {
      const parts: string[] = [];
      const params: unknown[] = [];
      const add = (sql: string, ...v: unknown[]) => {
        parts.push(sql);
        params.push(...v);
      };
      if (q.chargePointId !== undefined) add('charge_point_id = ?', q.chargePointId);
      if (q.action !== undefined) add('action = ?', q.action);
      if (q.direction !== undefined) add('direction = ?', q.direction);
      if (q.messageType !== undefined) add('message_type = ?', q.messageType);
      if (q.from !== undefined) add('at_ms >= ?', Date.parse(q.from));
      if (q.to !== undefined) add('at_ms < ?', Date.parse(q.to));
      if (q.text) add(`raw LIKE ? ESCAPE '\\'`, likeContains(q.text));
      if (q.errorsOnly) parts.push('(error_code IS NOT NULL OR valid = 0)');
      const filterParts = [...parts];
      const filterParams = [...params];
      if (q.beforeId !== undefined) add('id < ?', q.beforeId);
      if (q.afterId !== undefined) add('id > ?', q.afterId);
      const order = q.order ?? (q.afterId !== undefined ? 'asc' : 'desc');
      const rows = db
        .prepare(`SELECT * FROM frames ${where(parts)} ORDER BY id ${order === 'asc' ? 'ASC' : 'DESC'} LIMIT ? OFFSET ?`)
        .all(...params, clampLimit(q.limit, 200, 10_000), Math.max(0, q.offset ?? 0)) as SqlRow[];
      const total = q.count === false ? -1 : (db.prepare(`SELECT COUNT(*) AS n FROM frames ${where(filterParts)}`).get(...filterParams) as { n: number }).n;
      return { rows: rows.map(toRow), total };
    },
  };
}
export type FrameRepo = ReturnType<typeof frameRepo>;
