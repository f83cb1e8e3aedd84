import { callMiddleware } from '../context.js';
import { storeSamples } from '../meterSamples.js';

export const meterValues = callMiddleware({
  name: 'MeterValues',
  description: 'Stores every sampled value (measurand, phase, unit, context, location), inside or outside a transaction.',
  action: 'MeterValues',
  async handle(ctx, next) {
    const { connectorId, transactionId, meterValue } = ctx.request;
    let txId: number | null = null;
    if (transactionId !== undefined) {
      // Only this charger's transactions: a charger cannot attach samples to another's.
      const tx = ctx.store.transactions.getForChargePoint(transactionId, ctx.chargePointId);
      if (tx) txId = tx.id;
      else
        ctx.log.warn(
          { chargePointId: ctx.chargePointId, transactionId },
          'MeterValues for a transaction this charger does not have; stored without a transaction',
        );
    }
    storeSamples(ctx, { protocol: 'ocpp1.6', connectorId, transactionId: txId, meterValue, source: 'MeterValues' });
    ctx.response = {};
    if (txId !== null) {
      const tx = ctx.store.transactions.get(txId);
      if (tx) ctx.emit('transaction', { change: 'updated', transaction: tx });
    }
    await next();
  },
});
