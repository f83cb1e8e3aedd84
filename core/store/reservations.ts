/** Reservations: the id is this table's (the central system allocates reservationIds), the state follows the charger's answers. */
import type { Database } from 'better-sqlite3';
import { clampLimit, num, str, where, type SqlRow } from './rows.js';
import type { Page } from './types.js';

export type ReservationState = 'Requested' | 'Reserved' | 'Rejected' | 'Failed' | 'Cancelled' | 'Expired' | 'Used';

export interface ReservationRow {
  id: number;
  chargePointId: string;
  connectorId: number;
  idTag: string;
  parentIdTag: string | null;
  expiryDate: string;
  expiryMs: number;
  state: ReservationState;
  chargerStatus: string | null;
  transactionId: number | null;
  note: string | null;
  createdAt: string;
  updatedAt: string;
}

function toRow(r: SqlRow): ReservationRow {
  return {
    id: Number(r.id),
    chargePointId: String(r.charge_point_id),
    connectorId: Number(r.connector_id),
    idTag: String(r.id_tag),
    parentIdTag: str(r.parent_id_tag),
    expiryDate: String(r.expiry_date),
    expiryMs: Number(r.expiry_ms),
    state: r.state as ReservationState,
    chargerStatus: str(r.charger_status),
    transactionId: num(r.transaction_id),
    note: str(r.note),
    createdAt: String(r.created_at),
    updatedAt: String(r.updated_at),
  };
}

export function reservationRepo(db: Database) {
  const insert =
    db.prepare(`INSERT INTO reservations (id, charge_point_id, connector_id, id_tag, parent_id_tag, expiry_date, expiry_ms, state, charger_status, note, created_at, updated_at)
    VALUES (@id, @chargePointId, @connectorId, @idTag, @parentIdTag, @expiryDate, @expiryMs, @state, @chargerStatus, @note, @at, @at)`);
  const get = db.prepare(`SELECT * FROM reservations WHERE id = ?`);
  const setState =
    db.prepare(`UPDATE reservations SET state = @state, charger_status = COALESCE(@chargerStatus, charger_status), transaction_id = COALESCE(@transactionId, transaction_id),
    note = @note, updated_at = @at WHERE id = @id`);
  const reserved = db.prepare(`SELECT * FROM reservations WHERE state = 'Reserved' ORDER BY expiry_ms`);

  return {
    /** A new reservation (state Requested unless given); `id` only when the charger was sent one we did not allocate. */
    create(r: {
      id?: number;
      chargePointId: string;
      connectorId: number;
      idTag: string;
      parentIdTag?: string | null;
      expiryDate: string;
      state?: ReservationState;
      chargerStatus?: string | null;
      note?: string | null;
      at: string;
    }): ReservationRow {
      const ms = Date.parse(r.expiryDate);
      const info = insert.run({
        id: r.id ?? null,
        chargePointId: r.chargePointId,
        connectorId: r.connectorId,
        idTag: r.idTag,
        parentIdTag: r.parentIdTag ?? null,
        expiryDate: new Date(ms).toISOString(),
        expiryMs: ms,
        state: r.state ?? 'Requested',
        chargerStatus: r.chargerStatus ?? null,
        note: r.note ?? null,
        at: r.at,
      });
      return toRow(get.get(info.lastInsertRowid) as SqlRow);
    },
    get(id: number): ReservationRow | undefined {
      const r = get.get(id) as SqlRow | undefined;
      return r ? toRow(r) : undefined;
    },
    setState(
      id: number,
      s: { state: ReservationState; chargerStatus?: string | null; transactionId?: number | null; note: string | null; at: string },
    ): ReservationRow | undefined {
      setState.run({ id, state: s.state, chargerStatus: s.chargerStatus ?? null, transactionId: s.transactionId ?? null, note: s.note, at: s.at });
      return this.get(id);
    },
    /** Every Reserved reservation, soonest expiry first (to arm the expiry timers). */
    reserved(): ReservationRow[] {
      return (reserved.all() as SqlRow[]).map(toRow);
    },
    list(q: { chargePointId?: string; state?: ReservationState; limit?: number; offset?: number } = {}): Page<ReservationRow> {
      const parts: string[] = [];
      const params: unknown[] = [];
      if (q.chargePointId !== undefined) {
        parts.push('charge_point_id = ?');
        params.push(q.chargePointId);
      }
      if (q.state !== undefined) {
        parts.push('state = ?');
        params.push(q.state);
      }
      const w = where(parts);
      const total = (db.prepare(`SELECT COUNT(*) AS n FROM reservations ${w}`).get(...params) as { n: number }).n;
      const rows = db
        .prepare(`SELECT * FROM reservations ${w} ORDER BY id DESC LIMIT ? OFFSET ?`)
        .all(...params, clampLimit(q.limit, 100, 1000), Math.max(0, q.offset ?? 0)) as SqlRow[];
      return { rows: rows.map(toRow), total };
    },
  };
}
export type ReservationRepo = ReturnType<typeof reservationRepo>;
