/** Every OCPP frame in both directions, raw text included (even unparseable ones), with CALL ↔ reply links. */
import type { Database } from 'better-sqlite3';
import type { FrameDirection, FrameMessageType, FrameRow, OutboundCallState, Page } from './types.js';
import { clampLimit, isoFromMs, likeContains, num, str, where, type SqlRow } from './rows.js';
import { ANY_VERSION_CENTRAL_SYSTEM_ACTIONS } from '../ocpp/protocols.js';
import { protocolVersionOr, type ProtocolVersion } from '../ocpp/protocol.js';
import { isoTime } from '../util/isoTime.js';
import { frameSeconds } from './frameSeconds.js';

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
  /** Server CALLs: when it was queued (at is when the edge wrote it). */
  queuedAtMs?: number | null;
  eventId?: string | null;
  /** The OCPP version of the connection (default ocpp1.6). */
  protocol?: ProtocolVersion;
  raw: string;
}

/** Where a queued server CALL goes once it left the queue: written to the socket, or given up. */
export interface ToWire {
  /** The frame's time in the log: when the edge wrote it (or when it was given up, for one never sent). */
  atMs: number;
  /** When the edge wrote it; null for a CALL that was never sent. */
  sentAtMs: number | null;
  state?: OutboundCallState;
  connectionId?: string | null;
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
    queuedAt: isoFromMs(r.queued_at_ms),
    eventId: str(r.event_id),
    protocol: protocolVersionOr(r.protocol),
    raw: String(r.raw),
  };
}

/** An insert's named parameters. */
function params(f: FrameInput) {
  return {
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
    queuedAtMs: f.queuedAtMs ?? null,
    eventId: f.eventId ?? null,
    protocol: f.protocol ?? 'ocpp1.6',
    raw: f.raw,
  };
}

export function frameRepo(db: Database) {
  const times = frameSeconds(db);
  // Positional parameters on the hot statements: binding by name costs a property lookup per column.
  const insert = db.prepare(`INSERT INTO frames (at, at_ms, charge_point_id, connection_id, direction, message_type, action, message_id, call_frame_id,
    latency_ms, error_code, error_description, valid, state, queued_at_ms, event_id, protocol, raw) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const insertAt = db.prepare(`INSERT INTO frames (id, at, at_ms, charge_point_id, connection_id, direction, message_type, action, message_id, call_frame_id,
    latency_ms, error_code, error_description, valid, state, queued_at_ms, event_id, protocol, raw) VALUES (@id, @at, @atMs, @chargePointId, @connectionId, @direction, @messageType,
    @action, @messageId, @callFrameId, @latencyMs, @errorCode, @errorDescription, @valid, @state, @queuedAtMs, @eventId, @protocol, @raw)`);
  const minId = db.prepare(`SELECT MIN(id) AS id FROM frames`);
  // A queued CALL's move to the wire: a fresh (next) id, the send time, then the placeholder row goes.
  const moveRow = db.prepare(`INSERT INTO frames (at, at_ms, charge_point_id, connection_id, direction, message_type, action, message_id, call_frame_id,
    reply_frame_id, latency_ms, error_code, error_description, valid, state, queued_at_ms, sent_at_ms, event_id, protocol, raw)
    SELECT @at, @atMs, charge_point_id, COALESCE(@connectionId, connection_id), direction, message_type, action, message_id, call_frame_id,
    reply_frame_id, latency_ms, error_code, error_description, valid, COALESCE(@state, state), queued_at_ms, @sentAtMs, event_id, protocol, raw FROM frames WHERE id = @id`);
  const deleteRow = db.prepare(`DELETE FROM frames WHERE id = ?`);
  // The moved row keeps reply_frame_id: its reply (if one came already) is found by primary key, no call_frame_id index.
  const relinkReply = db.prepare(
    `UPDATE frames SET call_frame_id = @next WHERE id = (SELECT reply_frame_id FROM frames WHERE id = @next) AND call_frame_id = @old`,
  );
  const setSentTime =
    db.prepare(`UPDATE frames SET sent_at_ms = @ms, at_ms = @ms, at = @at, state = CASE WHEN state IN ('queued', 'failed') THEN 'sent' ELSE state END,
    latency_ms = CASE WHEN reply_frame_id IS NULL THEN latency_ms ELSE MAX(0, (SELECT r.at_ms FROM frames r WHERE r.id = frames.reply_frame_id) - @ms) END
    WHERE id = @id AND sent_at_ms IS NULL`);
  const replyLatency = db.prepare(
    `UPDATE frames SET latency_ms = (SELECT c.latency_ms FROM frames c WHERE c.id = frames.call_frame_id) WHERE id = (SELECT reply_frame_id FROM frames WHERE id = ?)`,
  );
  /** Placeholder ids for queued CALLs count down from below every id ever seen by this process (never reused here). */
  let placeholderFloor = 0;
  const get = db.prepare(`SELECT * FROM frames WHERE id = ?`);
  const byEvent = db.prepare(`SELECT * FROM frames WHERE event_id = ? AND connection_id IS ? ORDER BY id DESC LIMIT 1`);
  const replyOf = db.prepare(`SELECT r.* FROM frames c JOIN frames r ON r.id = c.reply_frame_id WHERE c.id = ?`);
  const lastOutboundCall = db.prepare(
    `SELECT * FROM frames WHERE charge_point_id = ? AND message_id = ? AND direction = 'out' AND message_type = 'CALL' ORDER BY id DESC LIMIT 1`,
  );
  const setState = db.prepare(`UPDATE frames SET state = ? WHERE id = ?`);
  const describeEnd = db.prepare(`UPDATE frames SET error_description = COALESCE(error_description, ?) WHERE id = ?`);
  const link = db.prepare(`UPDATE frames SET reply_frame_id = ?, latency_ms = ?, state = COALESCE(?, state) WHERE id = ?`);
  // action IN (…) lets the frames_action index find the (few) server CALLs instead of scanning every frame
  const interrupted = db.prepare(`UPDATE frames SET state = 'failed', error_description = COALESCE(error_description, ?)
    WHERE action IN (${ANY_VERSION_CENTRAL_SYSTEM_ACTIONS.map((a) => `'${a}'`).join(', ')}) AND direction = 'out' AND message_type = 'CALL' AND state IN ('queued', 'sent')`);
  const setValidation = db.prepare(
    `UPDATE frames SET valid = 0, error_code = COALESCE(error_code, ?), error_description = COALESCE(error_description, ?) WHERE id = ?`,
  );

  return {
    insert(f: FrameInput): FrameRow {
      const row = params(f);
      const info = insert.run(
        row.at,
        row.atMs,
        row.chargePointId,
        row.connectionId,
        row.direction,
        row.messageType,
        row.action,
        row.messageId,
        row.callFrameId,
        row.latencyMs,
        row.errorCode,
        row.errorDescription,
        row.valid,
        row.state,
        row.queuedAtMs,
        row.eventId,
        row.protocol,
        row.raw,
      );
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
        queuedAt: isoFromMs(row.queuedAtMs),
        eventId: row.eventId,
        protocol: row.protocol,
        raw: row.raw,
      };
    },
    /**
     * Stores a server CALL that waits in the edge's queue, under a placeholder (negative) id: stored before it is
     * sent, yet not in the log's wire-ordered history until toWire() gives it its place.
     */
    insertQueued(f: Omit<FrameInput, 'state' | 'queuedAtMs'>): FrameRow {
      const lowest = Number((minId.get() as { id: number | null }).id ?? 0);
      placeholderFloor = Math.min(placeholderFloor, lowest, 0) - 1;
      const id = placeholderFloor;
      insertAt.run({ id, ...params({ ...f, state: 'queued', queuedAtMs: f.atMs }) });
      return this.get(id)!;
    },
    /**
     * A queued CALL left the queue: it takes the next id (its place in wire order) with the time it was written
     * (or given up). Returns the moved row; undefined when the id is not a placeholder (already placed).
     */
    toWire(id: number, w: ToWire): FrameRow | undefined {
      if (id >= 0 || !get.get(id)) return undefined;
      const info = moveRow.run({
        id,
        at: new Date(w.atMs).toISOString(),
        atMs: w.atMs,
        sentAtMs: w.sentAtMs,
        state: w.state ?? null,
        connectionId: w.connectionId ?? null,
      });
      const next = Number(info.lastInsertRowid);
      deleteRow.run(id);
      relinkReply.run({ next, old: id });
      return this.get(next);
    },
    /** The edge's send time for a CALL already placed in the log (its reply came before the edge's report). */
    setSentTime(id: number, sentAtMs: number): boolean {
      const changed = setSentTime.run({ id, ms: sentAtMs, at: new Date(sentAtMs).toISOString() }).changes > 0;
      if (changed) replyLatency.run(id);
      return changed;
    },
    /** Placeholder rows (server CALLs still queued), newest first. */
    queued(): FrameRow[] {
      return (db.prepare(`SELECT * FROM frames WHERE id < 0 ORDER BY id ASC`).all() as SqlRow[]).map(toRow);
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
    /**
     * Server CALLs left queued/sent by a backend that died (kill -9, power loss): nobody waits for them any more.
     * Marked failed with the reason; a reply that still arrives is linked to its CALL as usual. Returns the count.
     */
    failInterruptedCalls(description: string): number {
      return interrupted.run(description).changes;
    },
    /** Why a server CALL ended without a reply (kept with the row, shown in the log; a reason already there stays). */
    describeEnd(id: number, why: string): void {
      describeEnd.run(why, id);
    },
    /** Prune: deletes the frames stamped before ms (placed ones through the time index's id range, queued ones by their time). */
    deleteBefore(ms: number): number {
      const t = times.where(undefined, ms);
      const placed = db.prepare(`DELETE FROM frames WHERE ${t.parts.join(' AND ')}`).run(...t.params).changes;
      const queued = db.prepare('DELETE FROM frames WHERE id < 0 AND +at_ms < ?').run(ms).changes;
      times.forgetBefore(ms);
      return placed + queued;
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
      if (q.from !== undefined || q.to !== undefined) {
        const t = times.where(q.from === undefined ? undefined : Date.parse(q.from), q.to === undefined ? undefined : Date.parse(q.to));
        add(t.parts.join(' AND '), ...t.params);
      }
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
