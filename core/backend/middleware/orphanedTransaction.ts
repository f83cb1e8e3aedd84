/**
 * OrphanedTransaction. A StartTransaction on a connector that still has an active transaction means we missed
 * that transaction's end (or the charger double-started). The old one is closed with what we know: its last
 * meter reading (last sample, else meterStart), the new start's timestamp, and the reason, kept apart as the
 * row's `cleanup` note. Its own StopTransaction, if it comes later, still wins (StopTransaction middleware).
 * Per connector: the charger's other connectors may be charging legitimately. A retried StartTransaction
 * closes nothing (it is the same transaction).
 */
import { callMiddleware } from '../context.js';
import { retriedStart, startTimeOf } from './retriedStart.js';

export const orphanedTransaction = callMiddleware({
  name: 'OrphanedTransaction',
  description:
    "Before a new transaction starts, closes this connector's still-open transaction with its last meter reading and the new start's time, noting why; its own later StopTransaction still wins.",
  action: 'StartTransaction',
  async handle(ctx, next) {
    const { connectorId, idTag } = ctx.request;
    if (retriedStart(ctx)) {
      await next();
      return;
    }
    const newStart = startTimeOf(ctx);
    const closed: Array<{ id: number; meterStop: number; fromSample: boolean }> = [];
    for (const tx of ctx.store.transactions.activeOnConnector(ctx.chargePointId, connectorId)) {
      const last = ctx.store.transactions.lastEnergyWh(tx.id);
      const meterStop = last ?? tx.meterStart;
      // Never before its own start (a charger clock going backwards).
      const stoppedAt = newStart < tx.startedAt ? tx.startedAt : newStart;
      const reason = `a new StartTransaction for connector ${connectorId} (id tag ${idTag}, started ${newStart}) arrived while this transaction was open`;
      ctx.store.transactions.closeOrphan({ id: tx.id, chargePointId: ctx.chargePointId, meterStop, stoppedAt, reason, at: ctx.nowIso });
      closed.push({ id: tx.id, meterStop, fromSample: last !== null });
    }
    await next();
    const newId = ctx.response?.transactionId;
    for (const c of closed) {
      if (newId !== undefined) {
        const reading = c.fromSample ? `its last meter reading (${c.meterStop} Wh)` : `its meterStart (${c.meterStop} Wh; no meter reading was received)`;
        ctx.store.transactions.setCleanupBy(
          c.id,
          newId,
          `transaction ${newId} started on connector ${connectorId} (id tag ${idTag}) while this one was open; closed with ${reading} at the new start's time`,
        );
      }
      const row = ctx.store.transactions.get(c.id);
      if (row) ctx.emit('transaction', { change: 'stopped', transaction: row });
      ctx.log.warn(
        { chargePointId: ctx.chargePointId, connectorId, transactionId: c.id, newTransactionId: newId, meterStop: c.meterStop },
        'closed an orphaned transaction: a new StartTransaction arrived on its connector',
      );
    }
  },
});
