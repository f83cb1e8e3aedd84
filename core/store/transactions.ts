/** Transactions, always scoped to their charge point. */
import type { Database } from 'better-sqlite3';
import type { IdTagStatus, Page, TransactionRow, TransactionState, TransactionStopOutcome, TransactionStopRow } from './types.js';
import type { ProtocolVersion } from '../ocpp/protocol.js';
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

export function toTransactionRow(r: SqlRow): TransactionRow {
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
    cleanup:
      r.cleanup_at === null || r.cleanup_at === undefined
        ? null
        : {
            at: String(r.cleanup_at),
            reason: String(r.cleanup_reason ?? ''),
            byTransactionId: num(r.cleanup_by_transaction_id),
            meterStop: Number(r.cleanup_meter_stop),
            stoppedAt: String(r.cleanup_stopped_at),
          },
    differingStops: Number(r.differing_stops ?? 0),
    staleClose:
      r.stale_at === null || r.stale_at === undefined ? null : { at: String(r.stale_at), note: str(r.stale_note), meterStop: Number(r.stale_meter_stop) },
    protocol: (r.protocol ?? 'ocpp1.6') as ProtocolVersion,
    chargerTransactionId: str(r.charger_transaction_id),
    evseConnectorId: num(r.evse_connector_id),
    chargingState: str(r.charging_state),
    lastTriggerReason: str(r.last_trigger_reason),
    lastSeqNo: num(r.last_seq_no),
    meterStartKnown: r.meter_start_known === undefined ? true : Number(r.meter_start_known) === 1,
  };
}

function toStopRow(r: SqlRow): TransactionStopRow {
  let data: unknown = null;
  if (typeof r.transaction_data === 'string') {
    try {
      data = JSON.parse(r.transaction_data);
    } catch {
      data = r.transaction_data;
    }
  }
  return {
    id: Number(r.id),
    transactionId: Number(r.transaction_id),
    frameId: num(r.frame_id),
    receivedAt: String(r.received_at),
    meterStop: Number(r.meter_stop),
    stoppedAt: String(r.stopped_at),
    reason: str(r.reason),
    idTag: str(r.id_tag),
    transactionData: data,
    outcome: r.outcome as TransactionStopOutcome,
  };
}

export function transactionRepo(db: Database) {
  const insert =
    db.prepare(`INSERT INTO transactions (charge_point_id, connector_id, id_tag, id_tag_status, reservation_id, meter_start, started_at, state, created_at, updated_at)
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
  const findStart = db.prepare(`SELECT * FROM transactions WHERE charge_point_id = @chargePointId AND connector_id = @connectorId AND started_at = @startedAt
    AND id_tag = @idTag AND meter_start = @meterStart ORDER BY id LIMIT 1`);
  const closeOrphan =
    db.prepare(`UPDATE transactions SET meter_stop = @meterStop, stopped_at = @stoppedAt, stop_reason = NULL, stop_id_tag = NULL, state = 'orphaned',
    cleanup_at = @at, cleanup_reason = @reason, cleanup_meter_stop = @meterStop, cleanup_stopped_at = @stoppedAt, updated_at = @at
    WHERE id = @id AND charge_point_id = @chargePointId AND state = 'active'`);
  const cleanupBy = db.prepare(`UPDATE transactions SET cleanup_by_transaction_id = @by, cleanup_reason = @reason WHERE id = @id`);
  const differs = db.prepare(`UPDATE transactions SET differing_stops = differing_stops + 1, updated_at = @at WHERE id = @id`);
  const insertStop =
    db.prepare(`INSERT INTO transaction_stops (transaction_id, frame_id, received_at, meter_stop, stopped_at, reason, id_tag, transaction_data, fingerprint, outcome)
    VALUES (@transactionId, @frameId, @receivedAt, @meterStop, @stoppedAt, @reason, @idTag, @transactionData, @fingerprint, @outcome)`);
  const hasStop = db.prepare(`SELECT 1 FROM transaction_stops WHERE transaction_id = ? AND fingerprint = ? LIMIT 1`);
  const stopsOf = db.prepare(`SELECT * FROM transaction_stops WHERE transaction_id = ? ORDER BY id`);
  const closeStale = db.prepare(`UPDATE transactions SET meter_stop = @meterStop, stopped_at = @at, stop_reason = NULL, stop_id_tag = NULL, state = 'stale',
    stale_at = @at, stale_note = @note, stale_meter_stop = @meterStop, updated_at = @at WHERE id = @id AND state = 'active'`);

  return {
    create(t: {
      chargePointId: string;
      connectorId: number;
      idTag: string;
      idTagStatus: IdTagStatus;
      reservationId?: number | undefined;
      meterStart: number;
      startedAt: string;
      at: string;
    }): TransactionRow {
      const info = insert.run({ ...t, reservationId: t.reservationId ?? null });
      return toTransactionRow(get.get(info.lastInsertRowid) as SqlRow);
    },
    get(id: number): TransactionRow | undefined {
      const r = get.get(id) as SqlRow | undefined;
      return r ? toTransactionRow(r) : undefined;
    },
    /** The transaction only if it belongs to this charge point (a charger cannot touch another's). */
    getForChargePoint(id: number, chargePointId: string): TransactionRow | undefined {
      const r = getScoped.get(id, chargePointId) as SqlRow | undefined;
      return r ? toTransactionRow(r) : undefined;
    },
    activeOnConnector(chargePointId: string, connectorId: number): TransactionRow[] {
      return (activeOn.all(chargePointId, connectorId) as SqlRow[]).map(toTransactionRow);
    },
    activeForIdTag(idTag: string): TransactionRow[] {
      return (activeForTag.all(idTag) as SqlRow[]).map(toTransactionRow);
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
      const rows = db
        .prepare(`SELECT * FROM transactions ${w} ORDER BY id DESC LIMIT ? OFFSET ?`)
        .all(...params, clampLimit(q.limit, 100, 10_000), Math.max(0, q.offset ?? 0)) as SqlRow[];
      return { rows: rows.map(toTransactionRow), total };
    },
    stop(s: {
      id: number;
      chargePointId: string;
      meterStop: number;
      stoppedAt: string;
      reason: string | null;
      idTag: string | null;
      state: 'stopped' | 'orphaned';
      at: string;
    }): boolean {
      return stop.run(s).changes > 0;
    },
    /** A transaction of this charger started with exactly these values (a retried StartTransaction), if any. */
    findStart(q: { chargePointId: string; connectorId: number; idTag: string; meterStart: number; startedAt: string }): TransactionRow | undefined {
      const r = findStart.get(q) as SqlRow | undefined;
      return r ? toTransactionRow(r) : undefined;
    },
    /** Orphan cleanup: closes an active transaction with provisional values, remembered apart as `cleanup`. */
    closeOrphan(c: { id: number; chargePointId: string; meterStop: number; stoppedAt: string; reason: string; at: string }): boolean {
      return closeOrphan.run(c).changes > 0;
    },
    /** The operator closes an open transaction as stale: its last reading (else meterStart), the operator's time. */
    closeAsStale(c: { id: number; meterStop: number; note: string | null; at: string }): boolean {
      return closeStale.run(c).changes > 0;
    },
    /** Names the transaction whose start made cleanup close this one. */
    setCleanupBy(id: number, byTransactionId: number, reason: string): void {
      cleanupBy.run({ id, by: byTransactionId, reason });
    },
    /** Counts a later StopTransaction with other data than the applied one. */
    noteDifferingStop(id: number, at: string): void {
      differs.run({ id, at });
    },
    /** Records a StopTransaction as received (every one, duplicates included). */
    recordStop(s: {
      transactionId: number;
      frameId: number | null;
      receivedAt: string;
      meterStop: number;
      stoppedAt: string;
      reason: string | null;
      idTag: string | null;
      transactionData: unknown;
      fingerprint: string;
      outcome: TransactionStopOutcome;
    }): void {
      insertStop.run({ ...s, transactionData: s.transactionData === undefined ? null : JSON.stringify(s.transactionData) });
    },
    /** Whether a StopTransaction with this fingerprint was already recorded for the transaction. */
    hasStop(transactionId: number, fingerprint: string): boolean {
      return hasStop.get(transactionId, fingerprint) !== undefined;
    },
    /** Every StopTransaction received for the transaction, oldest first. */
    stops(transactionId: number): TransactionStopRow[] {
      return (stopsOf.all(transactionId) as SqlRow[]).map(toStopRow);
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
