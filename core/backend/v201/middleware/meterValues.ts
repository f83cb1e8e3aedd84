import { versionedCallMiddleware } from '../../context.js';
import { storeSamples } from '../../meterSamples.js';

export const meterValues201 = versionedCallMiddleware('ocpp2.0.1', {
  name: 'MeterValues201',
  description: 'Stores every sampled value of an EVSE (2.0.1 MeterValues belong to no transaction: those come in TransactionEvent), scaled by its multiplier.',
  action: 'MeterValues',
  async handle(ctx, next) {
    const { evseId, meterValue } = ctx.request;
    storeSamples(ctx, { protocol: 'ocpp2.0.1', connectorId: evseId, transactionId: null, meterValue, source: 'MeterValues' });
    ctx.response = {};
    await next();
  },
});
