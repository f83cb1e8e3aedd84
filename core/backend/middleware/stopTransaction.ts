/**
 * StopTransaction. A stop for a transaction this charger does not have (unknown id, or another charger's) is
 * still answered with a CALLRESULT, so the charger drops it from its queue instead of retrying forever.
 * Its idTagInfo describes the id tag, not the transaction (chargers update their authorization cache from it):
 * answering Invalid for a valid tag would lock the driver out, so the tag's real status is returned, and
 * idTagInfo is omitted when the request carries no idTag.
 */
import { callMiddleware } from '../context.js';
import { authorizeIdTag } from '../authorization.js';
import { storeSamples } from './storeSamples.js';

export const stopTransaction = callMiddleware({
  name: 'StopTransaction',
  description: "Closes this charger's transaction with the charger's timestamp, stores transactionData; unknown ids are answered too.",
  action: 'StopTransaction',
  async handle(ctx, next) {
    const r = ctx.request;
    const tx = ctx.store.transactions.getForChargePoint(r.transactionId, ctx.chargePointId);
    const stopped = Date.parse(r.timestamp);
    const stoppedAt = Number.isNaN(stopped) ? ctx.nowIso : new Date(stopped).toISOString();
    if (!tx) {
      ctx.log.warn({ chargePointId: ctx.chargePointId, transactionId: r.transactionId }, 'StopTransaction for a transaction this charger does not have; acknowledged');
    } else if (tx.state === 'active') {
      // Reason defaults to Local when omitted (OCPP 1.6 §7.47).
      ctx.store.transactions.stop({ id: tx.id, chargePointId: ctx.chargePointId, meterStop: r.meterStop, stoppedAt, reason: r.reason ?? 'Local', idTag: r.idTag ?? null, state: 'stopped', at: ctx.nowIso });
      const row = ctx.store.transactions.get(tx.id);
      if (row) ctx.emit('transaction', { change: 'stopped', transaction: row });
    }
    if (r.transactionData && r.transactionData.length > 0 && (!tx || tx.state === 'active')) {
      const connectorId = tx?.connectorId ?? 0;
      const samples = storeSamples(ctx.store, { chargePointId: ctx.chargePointId, connectorId, transactionId: tx?.id ?? null, meterValue: r.transactionData, source: 'StopTransaction', frameId: ctx.frameId, fallbackMs: ctx.nowMs });
      ctx.emit('meterValues', { chargePointId: ctx.chargePointId, connectorId, transactionId: tx?.id ?? null, samples });
    }
    ctx.response = r.idTag ? { idTagInfo: authorizeIdTag(ctx.store, ctx.settings, r.idTag, ctx.nowMs) } : {};
    await next();
  },
});
