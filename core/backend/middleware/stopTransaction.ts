/**
 * StopTransaction. No StopTransaction's data is ever discarded:
 * - active transaction → closed with the charger's meterStop, timestamp, reason, idTag; transactionData stored;
 * - closed by orphan cleanup → the charger's data replaces cleanup's provisional values (state stopped), the row
 *   keeps its `cleanup` note, a warning is logged; the same after the operator closed it as stale (`staleClose`);
 * - already stopped, same data → a retry (its reply was lost): recognised, answered again, nothing stored twice;
 * - already stopped, other data → recorded (transaction_stops, samples stored), the first stop stays on the row,
 *   the row counts it (`differingStops`), a warning is logged.
 * Every StopTransaction received for a known transaction is recorded in transaction_stops with its outcome.
 *
 * A stop for a transaction this charger does not have (unknown id, or another charger's) is still answered with
 * a CALLRESULT, so the charger drops it from its queue instead of retrying forever; its samples are stored
 * without a transaction. Its idTagInfo describes the id tag, not the transaction (chargers update their
 * authorization cache from it): the tag's real status is returned, and idTagInfo is omitted without an idTag.
 */
import { callMiddleware } from '../context.js';
import { authorizeIdTag } from '../authorization.js';
import type { TransactionRow, TransactionStopOutcome } from '../../store/index.js';
import { storeSamples } from '../meterSamples.js';

export const stopTransaction = callMiddleware({
  name: 'StopTransaction',
  description:
    "Closes this charger's transaction with the charger's data (also after orphan cleanup), stores transactionData, recognises retries and records differing stops; unknown ids are answered too.",
  action: 'StopTransaction',
  async handle(ctx, next) {
    const r = ctx.request;
    const tx = ctx.store.transactions.getForChargePoint(r.transactionId, ctx.chargePointId);
    const stopped = Date.parse(r.timestamp);
    const stoppedAt = Number.isNaN(stopped) ? ctx.nowIso : new Date(stopped).toISOString();
    // Reason defaults to Local when omitted (OCPP 1.6 §7.47).
    const reason = r.reason ?? 'Local';
    const idTag = r.idTag ?? null;
    const log = { chargePointId: ctx.chargePointId, transactionId: r.transactionId };
    let keepSamples = true;
    if (!tx) {
      ctx.log.warn(log, 'StopTransaction for a transaction this charger does not have; acknowledged');
    } else {
      const fingerprint = JSON.stringify([r.meterStop, stoppedAt, reason, idTag, r.transactionData ?? null]);
      let outcome: TransactionStopOutcome;
      if (ctx.store.transactions.hasStop(tx.id, fingerprint) || (tx.state === 'stopped' && sameStop(tx, r.meterStop, stoppedAt, reason, idTag))) {
        outcome = 'duplicate';
        keepSamples = false;
        ctx.log.info(log, 'repeated StopTransaction (a retry) recognised; answered again, nothing changed');
      } else if (tx.state === 'active' || tx.state === 'orphaned' || tx.state === 'stale') {
        outcome = tx.state === 'orphaned' ? 'afterCleanup' : tx.state === 'stale' ? 'afterStale' : 'applied';
        ctx.store.transactions.stop({
          id: tx.id,
          chargePointId: ctx.chargePointId,
          meterStop: r.meterStop,
          stoppedAt,
          reason,
          idTag,
          state: 'stopped',
          at: ctx.nowIso,
        });
        if (outcome === 'afterStale')
          ctx.log.warn(
            { ...log, staleAt: tx.staleClose?.at, meterStop: r.meterStop },
            "StopTransaction for a transaction the operator closed as stale: the charger's data replaces the stale close (the row keeps the note)",
          );
        if (outcome === 'afterCleanup') {
          ctx.log.warn(
            { ...log, cleanupMeterStop: tx.cleanup?.meterStop, meterStop: r.meterStop, cleanupStoppedAt: tx.cleanup?.stoppedAt, stoppedAt },
            "StopTransaction for a transaction orphan cleanup had closed: the charger's data replaces cleanup's values (the row keeps the cleanup note)",
          );
        }
        const row = ctx.store.transactions.get(tx.id);
        if (row) ctx.emit('transaction', { change: 'stopped', transaction: row });
      } else {
        outcome = 'differs';
        ctx.store.transactions.noteDifferingStop(tx.id, ctx.nowIso);
        ctx.log.warn(
          { ...log, meterStop: r.meterStop, stoppedAt, reason, appliedMeterStop: tx.meterStop, appliedStoppedAt: tx.stoppedAt },
          'a second StopTransaction with different data for a stopped transaction; recorded, the first stop stays on the row',
        );
        const row = ctx.store.transactions.get(tx.id);
        if (row) ctx.emit('transaction', { change: 'updated', transaction: row });
      }
      ctx.store.transactions.recordStop({
        transactionId: tx.id,
        frameId: ctx.frameId,
        receivedAt: ctx.nowIso,
        meterStop: r.meterStop,
        stoppedAt,
        reason: r.reason ?? null,
        idTag,
        transactionData: r.transactionData,
        fingerprint,
        outcome,
      });
    }
    if (keepSamples && r.transactionData && r.transactionData.length > 0) {
      const connectorId = tx?.connectorId ?? 0;
      storeSamples(ctx, { protocol: 'ocpp1.6', connectorId, transactionId: tx?.id ?? null, meterValue: r.transactionData, source: 'StopTransaction' });
    }
    ctx.response = r.idTag ? { idTagInfo: authorizeIdTag(ctx.store, ctx.settings, r.idTag, ctx.nowMs) } : {};
    await next();
  },
});

/** The stop already on the row (rows stopped before stops were recorded have no fingerprint to compare). */
function sameStop(tx: TransactionRow, meterStop: number, stoppedAt: string, reason: string, idTag: string | null): boolean {
  return tx.meterStop === meterStop && tx.stoppedAt === stoppedAt && tx.stopReason === reason && tx.stopIdTag === idTag;
}
