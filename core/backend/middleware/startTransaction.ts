import { callMiddleware } from '../context.js';
import { authorizeIdTag } from '../authorization.js';

export const startTransaction = callMiddleware({
  name: 'StartTransaction',
  description: "Creates the transaction (id = database id) with the charger's timestamp and answers with the id tag's status.",
  action: 'StartTransaction',
  async handle(ctx, next) {
    const r = ctx.request;
    const idTagInfo = authorizeIdTag(ctx.store, ctx.settings, r.idTag, ctx.nowMs);
    const started = Date.parse(r.timestamp);
    // The spec requires a transactionId even when the tag is not accepted: the charger then stops the transaction.
    const tx = ctx.store.transactions.create({
      chargePointId: ctx.chargePointId,
      connectorId: r.connectorId,
      idTag: r.idTag,
      idTagStatus: idTagInfo.status,
      reservationId: r.reservationId,
      meterStart: r.meterStart,
      startedAt: Number.isNaN(started) ? ctx.nowIso : new Date(started).toISOString(),
      at: ctx.nowIso,
    });
    if (idTagInfo.status === 'Accepted') ctx.store.chargePoints.setLastIdTag(ctx.chargePointId, r.idTag);
    ctx.response = { idTagInfo, transactionId: tx.id };
    ctx.emit('transaction', { change: 'started', transaction: tx });
    await next();
  },
});
