/**
 * The truths of a 2.0.1 transaction, kept from its TransactionEvents whatever order they arrive in (offline
 * queues, retries, lost replies):
 * - one transaction per charger transactionId, created by the first event that names it — Started normally, a
 *   later one when the Started was lost or comes after (its start time then comes when the Started arrives);
 * - a seqNo already recorded is a retry: answered again, nothing stored twice;
 * - a lower seqNo than one seen is late: recorded and its meter values stored, but it never rolls back the state
 *   (chargingState, triggerReason) of a newer event — and never reopens an ended transaction;
 * - Ended always closes it with the charger's data (also after orphan cleanup or a stale close, like 1.6's
 *   StopTransaction); a second Ended with other data is recorded as differing, the first stays;
 * - a new transaction on an EVSE that still has an open one (started before it) closes that one as orphaned (its
 *   last reading); a transaction reported late, older than the open one, closes nothing.
 * Every Ended is a transaction_stops row, as every 1.6 StopTransaction is, so the API shows both the same way.
 */
import type { v201 } from '../../ocpp/index.js';
import type { IdTagStatus, TransactionEventOutcome, TransactionRow, TransactionStopOutcome } from '../../store/index.js';
import type { VersionedCallContext } from '../context.js';
import { energyRange } from './samples.js';

type Ctx = VersionedCallContext<'ocpp2.0.1', 'TransactionEvent'>;

export function eventTime(ctx: Ctx): string {
  const ms = Date.parse(ctx.request.timestamp);
  return Number.isNaN(ms) ? ctx.nowIso : new Date(ms).toISOString();
}

/** The transaction the event names, created when it is the first one to name it. */
export function openTransaction(ctx: Ctx, idTokenInfo: v201.IdTokenInfoType | undefined): { tx: TransactionRow; created: boolean } {
  const r = ctx.request;
  const existing = ctx.store.transactionEvents.find(ctx.chargePointId, r.transactionInfo.transactionId);
  if (existing) return { tx: existing, created: false };
  const evseId = r.evse?.id ?? 0;
  const startedAt = eventTime(ctx);
  closeOrphans(ctx, evseId, startedAt);
  const energy = energyRange(r.meterValue);
  const tx = ctx.store.transactionEvents.create({
    chargePointId: ctx.chargePointId,
    chargerTransactionId: r.transactionInfo.transactionId,
    evseId,
    evseConnectorId: r.evse?.connectorId ?? null,
    idTag: r.idToken && r.idToken.type !== 'NoAuthorization' ? r.idToken.idToken : '',
    // A transaction started without a token (cable first) is not authorized yet: 2.0.1's Unknown.
    idTagStatus: (idTokenInfo?.status ?? 'Unknown') as IdTagStatus,
    reservationId: r.reservationId,
    meterStart: energy?.first ?? 0,
    // Only the Started event's reading is the meter at start; a later event's is provisional until Started comes.
    meterStartKnown: energy !== null && r.eventType === 'Started',
    startedAt,
    at: ctx.nowIso,
  });
  if (r.eventType !== 'Started')
    ctx.log.warn(
      { chargePointId: ctx.chargePointId, transactionId: tx.chargerTransactionId, seqNo: r.seqNo, eventType: r.eventType },
      'TransactionEvent for a transaction whose Started has not arrived; created from this event',
    );
  return { tx, created: true };
}

function closeOrphans(ctx: Ctx, evseId: number, newStart: string): void {
  if (evseId === 0) return;
  for (const old of ctx.store.transactions.activeOnConnector(ctx.chargePointId, evseId)) {
    // An older transaction reported late (offline queue) is no proof a newer one ended: only an earlier start is closed.
    if (old.startedAt > newStart) continue;
    const last = ctx.store.transactions.lastEnergyWh(old.id);
    const meterStop = last ?? old.meterStart;
    const stoppedAt = newStart < old.startedAt ? old.startedAt : newStart;
    const reason = `transaction ${ctx.request.transactionInfo.transactionId} started on EVSE ${evseId} (${newStart}) while this one was open`;
    ctx.store.transactions.closeOrphan({ id: old.id, chargePointId: ctx.chargePointId, meterStop, stoppedAt, reason, at: ctx.nowIso });
    const row = ctx.store.transactions.get(old.id);
    if (row) ctx.emit('transaction', { change: 'stopped', transaction: row });
    ctx.log.warn(
      { chargePointId: ctx.chargePointId, evseId, transactionId: old.chargerTransactionId ?? old.id, meterStop },
      'closed an orphaned transaction: a new transaction started on its EVSE',
    );
  }
}

/** Where this event stands among those received: a retry, late (a newer seqNo was seen), or in order. */
export function outcomeOf(ctx: Ctx, tx: TransactionRow, created: boolean): TransactionEventOutcome {
  if (!created && ctx.store.transactionEvents.hasSeqNo(tx.id, ctx.request.seqNo)) return 'duplicate';
  if (tx.lastSeqNo !== null && ctx.request.seqNo < tx.lastSeqNo) return 'late';
  return 'applied';
}

/** What an event that is no retry changes on the row (state only from the newest seqNo; facts from any). */
export function applyEvent(ctx: Ctx, tx: TransactionRow, idTokenInfo: v201.IdTokenInfoType | undefined): void {
  const r = ctx.request;
  const { transactionEvents: te } = ctx.store;
  const energy = energyRange(r.meterValue);
  if (r.eventType === 'Started' && tx.lastSeqNo !== null) {
    // The Started came after a later event created the row: its time and reading are the real start.
    te.setStartedAt(tx.id, eventTime(ctx), ctx.nowIso);
    if (energy) te.setMeterStart(tx.id, energy.first, true, ctx.nowIso);
  } else if (!tx.meterStartKnown && energy && (tx.meterStart === 0 || energy.first < tx.meterStart)) {
    // No Started reading (yet): the earliest reading seen stands in for it.
    te.setMeterStart(tx.id, energy.first, false, ctx.nowIso);
  }
  // A transaction started without a token (cable first) gets the one it was authorized with later.
  if (r.idToken && r.idToken.type !== 'NoAuthorization' && tx.idTag === '')
    te.setIdTag(tx.id, r.idToken.idToken, (idTokenInfo?.status ?? 'Unknown') as IdTagStatus, ctx.nowIso);
  if (r.evse && (tx.connectorId !== r.evse.id || (r.evse.connectorId !== undefined && tx.evseConnectorId !== r.evse.connectorId))) {
    te.setEvse(tx.id, r.evse.id, r.evse.connectorId ?? null, ctx.nowIso);
  }
  te.progress({ id: tx.id, seqNo: r.seqNo, chargingState: r.transactionInfo.chargingState ?? null, triggerReason: r.triggerReason, at: ctx.nowIso });
}

/** Ended: closes the transaction with the charger's data, however it was closed before. Returns the row after. */
export function endTransaction(ctx: Ctx, tx: TransactionRow): TransactionRow | undefined {
  const r = ctx.request;
  const stoppedAt = eventTime(ctx);
  const reason = r.transactionInfo.stoppedReason ?? 'Local';
  const idTag = r.idToken && r.idToken.type !== 'NoAuthorization' ? r.idToken.idToken : null;
  const meterStop = energyRange(r.meterValue)?.last ?? ctx.store.transactions.lastEnergyWh(tx.id) ?? tx.meterStart;
  const fingerprint = JSON.stringify([meterStop, stoppedAt, reason, idTag]);
  const log = { chargePointId: ctx.chargePointId, transactionId: r.transactionInfo.transactionId, seqNo: r.seqNo };
  let outcome: TransactionStopOutcome;
  if (tx.state === 'active' || tx.state === 'orphaned' || tx.state === 'stale') {
    outcome = tx.state === 'orphaned' ? 'afterCleanup' : tx.state === 'stale' ? 'afterStale' : 'applied';
    ctx.store.transactions.stop({ id: tx.id, chargePointId: ctx.chargePointId, meterStop, stoppedAt, reason, idTag, state: 'stopped', at: ctx.nowIso });
    if (outcome !== 'applied')
      ctx.log.warn(
        { ...log, was: tx.state, meterStop },
        "TransactionEvent Ended for a transaction closed without it: the charger's data replaces the provisional close (the row keeps its note)",
      );
  } else if (ctx.store.transactions.hasStop(tx.id, fingerprint)) {
    outcome = 'duplicate';
  } else {
    outcome = 'differs';
    ctx.store.transactions.noteDifferingStop(tx.id, ctx.nowIso);
    ctx.log.warn(
      { ...log, meterStop, appliedMeterStop: tx.meterStop },
      'a second TransactionEvent Ended with different data; recorded, the first stays on the row',
    );
  }
  ctx.store.transactions.recordStop({
    transactionId: tx.id,
    frameId: ctx.frameId,
    receivedAt: ctx.nowIso,
    meterStop,
    stoppedAt,
    reason,
    idTag,
    transactionData: r.meterValue,
    fingerprint,
    outcome,
  });
  return ctx.store.transactions.get(tx.id);
}
