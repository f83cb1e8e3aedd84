/**
 * OCPP 2.0.1 transactions in the one transactions table: found by the charger's own transactionId, created from
 * the first TransactionEvent that names it (normally Started, seqNo 0; a later one when that was lost), the
 * progress of the highest seqNo seen, and every TransactionEvent received (transaction_events, with its outcome).
 */
import type { Database } from 'better-sqlite3';
import type { IdTagStatus, TransactionEventOutcome, TransactionEventRow, TransactionRow } from './types.js';
import { num, str, type SqlRow } from './rows.js';
import { toTransactionRow } from './transactions.js';

export interface NewTransaction201 {
  chargePointId: string;
  chargerTransactionId: string;
  evseId: number;
  evseConnectorId: number | null;
  idTag: string;
  idTagStatus: IdTagStatus;
  reservationId?: number | undefined;
  meterStart: number;
  meterStartKnown: boolean;
  startedAt: string;
  at: string;
}

function toEventRow(r: SqlRow): TransactionEventRow {
  return {
    id: Number(r.id),
    transactionId: Number(r.transaction_id),
    frameId: num(r.frame_id),
    seqNo: Number(r.seq_no),
    eventType: String(r.event_type) as TransactionEventRow['eventType'],
    triggerReason: String(r.trigger_reason),
    timestamp: String(r.timestamp),
    offline: Number(r.offline) === 1,
    chargingState: str(r.charging_state),
    idToken: str(r.id_token),
    receivedAt: String(r.received_at),
    outcome: r.outcome as TransactionEventOutcome,
  };
}

export function transactionEventRepo(db: Database) {
  const byChargerTx = db.prepare(`SELECT * FROM transactions WHERE charge_point_id = ? AND charger_transaction_id = ?`);
  const insert =
    db.prepare(`INSERT INTO transactions (charge_point_id, connector_id, id_tag, id_tag_status, reservation_id, meter_start, started_at, state, created_at, updated_at,
      protocol, charger_transaction_id, evse_connector_id, meter_start_known)
    VALUES (@chargePointId, @evseId, @idTag, @idTagStatus, @reservationId, @meterStart, @startedAt, 'active', @at, @at, 'ocpp2.0.1', @chargerTransactionId, @evseConnectorId, @known)`);
  const progress =
    db.prepare(`UPDATE transactions SET last_seq_no = @seqNo, charging_state = COALESCE(@chargingState, charging_state), last_trigger_reason = @triggerReason,
    updated_at = @at WHERE id = @id AND (last_seq_no IS NULL OR last_seq_no < @seqNo)`);
  const setStart = db.prepare(`UPDATE transactions SET started_at = @startedAt, updated_at = @at WHERE id = @id`);
  const setMeterStart = db.prepare(
    `UPDATE transactions SET meter_start = @meterStart, meter_start_known = @known, updated_at = @at WHERE id = @id AND (@known = 1 OR meter_start_known = 0)`,
  );
  const setIdTag = db.prepare(`UPDATE transactions SET id_tag = @idTag, id_tag_status = @idTagStatus, updated_at = @at WHERE id = @id`);
  const setEvse = db.prepare(
    `UPDATE transactions SET connector_id = @evseId, evse_connector_id = COALESCE(@evseConnectorId, evse_connector_id), updated_at = @at WHERE id = @id`,
  );
  const insertEvent =
    db.prepare(`INSERT INTO transaction_events (transaction_id, frame_id, seq_no, event_type, trigger_reason, timestamp, offline, charging_state, id_token, received_at, outcome)
    VALUES (@transactionId, @frameId, @seqNo, @eventType, @triggerReason, @timestamp, @offline, @chargingState, @idToken, @receivedAt, @outcome)`);
  const hasSeq = db.prepare(`SELECT 1 FROM transaction_events WHERE transaction_id = ? AND seq_no = ? AND outcome <> 'duplicate' LIMIT 1`);
  const eventsOf = db.prepare(`SELECT * FROM transaction_events WHERE transaction_id = ? ORDER BY seq_no, id`);
  const seqNos = db.prepare(`SELECT DISTINCT seq_no FROM transaction_events WHERE transaction_id = ? ORDER BY seq_no`);
  return {
    /** This charger's transaction with the charger's own transactionId. */
    find(chargePointId: string, chargerTransactionId: string): TransactionRow | undefined {
      const r = byChargerTx.get(chargePointId, chargerTransactionId) as SqlRow | undefined;
      return r ? toTransactionRow(r) : undefined;
    },
    create(t: NewTransaction201): TransactionRow {
      const info = insert.run({ ...t, reservationId: t.reservationId ?? null, known: t.meterStartKnown ? 1 : 0 });
      return toTransactionRow(db.prepare('SELECT * FROM transactions WHERE id = ?').get(info.lastInsertRowid) as SqlRow);
    },
    /** The state of a newer event (higher seqNo than any seen); an older one changes nothing. Returns whether it applied. */
    progress(p: { id: number; seqNo: number; chargingState: string | null; triggerReason: string; at: string }): boolean {
      return progress.run(p).changes > 0;
    },
    /** The Started event arrived after a later one created the row: its start time is the real one. */
    setStartedAt(id: number, startedAt: string, at: string): void {
      setStart.run({ id, startedAt, at });
    },
    /** The meter at start: the Started event's reading (known), or a provisional one while that has not come. */
    setMeterStart(id: number, meterStart: number, known: boolean, at: string): boolean {
      return setMeterStart.run({ id, meterStart, known: known ? 1 : 0, at }).changes > 0;
    },
    /** The id token a transaction started without (cable first) was authorized with. */
    setIdTag(id: number, idTag: string, idTagStatus: IdTagStatus, at: string): void {
      setIdTag.run({ id, idTag, idTagStatus, at });
    },
    setEvse(id: number, evseId: number, evseConnectorId: number | null, at: string): void {
      setEvse.run({ id, evseId, evseConnectorId, at });
    },
    /** Whether an event with this seqNo was already recorded for the transaction (a retry if so). */
    hasSeqNo(transactionId: number, seqNo: number): boolean {
      return hasSeq.get(transactionId, seqNo) !== undefined;
    },
    record(e: Omit<TransactionEventRow, 'id'>): void {
      insertEvent.run({ ...e, offline: e.offline ? 1 : 0 });
    },
    /** Every TransactionEvent received for the transaction, in seqNo order. */
    events(transactionId: number): TransactionEventRow[] {
      return (eventsOf.all(transactionId) as SqlRow[]).map(toEventRow);
    },
    /** seqNos missing between 0 and the highest received (events not received, or not yet). */
    missingSeqNos(transactionId: number): number[] {
      const have = (seqNos.all(transactionId) as Array<{ seq_no: number }>).map((r) => r.seq_no);
      const max = have.length ? have[have.length - 1]! : -1;
      const set = new Set(have);
      const out: number[] = [];
      for (let i = 0; i <= max && out.length < 100; i++) if (!set.has(i)) out.push(i);
      return out;
    },
  };
}
export type TransactionEventRepo = ReturnType<typeof transactionEventRepo>;
