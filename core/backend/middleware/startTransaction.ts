import { callMiddleware } from '../context.js';
import { authorizeIdTag } from '../authorization.js';
import { retriedStart, startTimeOf } from './retriedStart.js';

export const startTransaction = callMiddleware({
  name: 'StartTransaction',
  description:
    "Creates the transaction (id = database id) with the charger's timestamp and answers with the id tag's status; a retried StartTransaction gets the same transactionId.",
  action: 'StartTransaction',
  async handle(ctx, next) {
    const r = ctx.request;
    const idTagInfo = authorizeIdTag(ctx.store, ctx.settings, r.idTag, ctx.nowMs);
    const retry = retriedStart(ctx);
    if (retry) {
      // The charger missed our answer and sent the same start again: the same transaction, answered the same way.
      ctx.log.info(
        { chargePointId: ctx.chargePointId, connectorId: r.connectorId, transactionId: retry.id },
        'retried StartTransaction recognised; answered with the same transactionId',
      );
      ctx.response = { idTagInfo: { ...idTagInfo, status: retry.idTagStatus }, transactionId: retry.id };
      await next();
      return;
    }
    // The spec requires a transactionId even when the tag is not accepted: the charger then stops the transaction.
    const tx = ctx.store.transactions.create({
      chargePointId: ctx.chargePointId,
      connectorId: r.connectorId,
      idTag: r.idTag,
      idTagStatus: idTagInfo.status,
      reservationId: r.reservationId,
      meterStart: r.meterStart,
      startedAt: startTimeOf(ctx),
      at: ctx.nowIso,
    });
    if (idTagInfo.status === 'Accepted') ctx.store.chargePoints.setLastIdTag(ctx.chargePointId, r.idTag);
    ctx.response = { idTagInfo, transactionId: tx.id };
    ctx.emit('transaction', { change: 'started', transaction: tx });
    await next();
  },
});
