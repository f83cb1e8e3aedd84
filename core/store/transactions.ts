/** Transactions, always scoped to their charge point. */
import type { Database } from 'better-sqlite3';
import type { IdTagStatus, Page, TransactionRow, TransactionState } from './types.js';
import { clampLimit, num, str, where, type SqlRow } from './rows.js';

export interface TransactionQuery {
  chargePointId?: string;
  connectorId?: number;
  idTag?: string;
  state?: TransactionState;
  /** startedAt >= from (ISO). */
  from?: string;
  /** startedAt < to (ISO). */
  to?: string;
  limit?: number;
  offset?: number;
}

function toRow(r: SqlRow): TransactionRow {
  const meterStop = num(r.meter_stop);
  return {
    id: Number(r.id),
    chargePointId: String(r.charge_point_id),
    connectorId: Number(r.connector_id),
    idTag: String(r.id_tag),
    idTagStatus: r.id_tag_status as IdTagStatus,
    reservationId: num(r.reservation_id),
    meterStart: Number(r.meter_start),
    meterStop,
    startedAt: String(r.started_at),
    stoppedAt: str(r.stopped_at),
    stopReason: str(r.stop_reason),
    stopIdTag: str(r.stop_id_tag),
    state: r.state as TransactionState,
    createdAt: String(r.created_at),
    updatedAt: String(r.updated_at),
    energyWh: meterStop === null ? null : meterStop - Number(r.meter_start),
  };
}

export function transactionRepo(db: Database) {
  const insert = db.prepare(`INSERT INTO transactions (charge_point_id, connector_id, id_tag, id_tag_status, reservation_id, meter_start, started_at, state, created_at, updated_at)
    VALUES (@chargePointId, @connectorId, @idTag, @idTagStatus, @reservationId, @meterStart, @startedAt, 'active', @at, @at)`);
  const get = db.prepare(`SELECT * FROM transactions WHERE id = ?`);
  const getScoped = db.prepare(`SELECT * FROM transactions WHERE id = ? AND charge_point_id = ?`);
  const activeOn = db.prepare(`SELECT * FROM transactions WHERE charge_point_id = ? AND connector_id = ? AND state = 'active' ORDER BY id`);
  const activeForTag = db.prepare(`SELECT * FROM transactions WHERE id_tag = ? AND state = 'active' ORDER BY id`);
  const stop = db.prepare(`UPDATE transactions SET meter_stop = @meterStop, stopped_at = @stoppedAt, stop_reason = @reason, stop_id_tag = @idTag,
    state = @state, updated_at = @at WHERE id = @id AND charge_point_id = @chargePointId`);
  const lastEnergy = db.prepare(`SELECT numeric_value, unit FROM meter_samples WHERE transaction_id = ? AND measurand = 'Energy.Active.Import.Register'
    AND numeric_value IS NOT NULL AND phase IS NULL ORDER BY ts_ms DESC, id DESC LIMIT 1`);
  const lastSampleTime = db.prepare(`SELECT timestamp FROM meter_samples WHERE transaction_id = ? ORDER BY ts_ms DESC, id DESC LIMIT 1`);

  return {
    create(t: { chargePointId: string; connectorId: number; idTag: string; idTagStatus: IdTagStatus; reservationId?: number | undefined; meterStart: number; startedAt: string; at: string }): TransactionRow {
      const info = insert.run({ ...t, reservationId: t.reservationId ?? null });
      return toRow(get.get(info.lastInsertRowid) as SqlRow);
    },
    get(id: number): TransactionRow | undefined {
      const r = get.get(id) as SqlRow | undefined;
      return r ? toRow(r) : undefined;
    },
    /** The transaction only if it belongs to this charge point (a charger cannot touch another's). */
    getForChargePoint(id: number, chargePointId: string): TransactionRow | undefined {
      const r = getScoped.get(id, chargePointId) as SqlRow | undefined;
      return r ? toRow(r) : undefined;
    },
    activeOnConnector(chargePointId: string, connectorId: number): TransactionRow[] {
      return (activeOn.all(chargePointId, connectorId) as SqlRow[]).map(toRow);
    },
    activeForIdTag(idTag: string): TransactionRow[] {
      return (activeForTag.all(idTag) as SqlRow[]).map(toRow);
    },
    list(q: TransactionQuery = {}): Page<TransactionRow> {
      const parts: string[] = [];
      const params: unknown[] = [];
      const add = (sql: string, v: unknown) => {
        parts.push(sql);
        params.push(v);
      };
      if (q.chargePointId !== undefined) add('charge_point_id = ?', q.chargePointId);
      if (q.connectorId !== undefined) add('connector_id = ?', q.connectorId);
      if (q.idTag !== undefined) add('id_tag = ?', q.idTag);
      if (q.state !== undefined) add('state = ?', q.state);
      if (q.from !== undefined) add('started_at >= ?', q.from);
      if (q.to !== undefined) add('started_at < ?', q.to);
      const w = where(parts);
      const total = (db.prepare(`SELECT COUNT(*) AS n FROM transactions ${w}`).get(...params) as { n: number }).n;
      const rows = db.prepare(`SELECT * FROM transactions ${w} ORDER BY id DESC LIMIT ? OFFSET ?`).all(...params, clampLimit(q.limit, 100, 10_000), Math.max(0, q.offset ?? 0)) as SqlRow[];
      return { rows: rows.map(toRow), total };
    },
    stop(s: { id: number; chargePointId: string; meterStop: number; stoppedAt: string; reason: string | null; idTag: string | null; state: 'stopped' | 'orphaned'; at: string }): boolean {
      return stop.run(s).changes > 0;
    },
    /** The last Energy.Active.Import.Register reading of a transaction, in Wh. */
    lastEnergyWh(id: number): number | null {
      const r = lastEnergy.get(id) as { numeric_value: number; unit: string } | undefined;
      if (!r) return null;
      return r.unit === 'kWh' ? Math.round(r.numeric_value * 1000) : Math.round(r.numeric_value);
    },
    lastSampleTime(id: number): string | null {
      const r = lastSampleTime.get(id) as { timestamp: string } | undefined;
      return r?.timestamp ?? null;
    },
  };
}
export type TransactionRepo = ReturnType<typeof transactionRepo>;
