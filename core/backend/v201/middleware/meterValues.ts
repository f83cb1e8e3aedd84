import { versionedCallMiddleware } from '../../context.js';
import { storeSamples201 } from '../samples.js';

export const meterValues201 = versionedCallMiddleware('ocpp2.0.1', {
  name: 'MeterValues201',
  description: 'Stores every sampled value of an EVSE (2.0.1 MeterValues belong to no transaction: those come in TransactionEvent), scaled by its multiplier.',
  action: 'MeterValues',
  async handle(ctx, next) {
    const { evseId, meterValue } = ctx.request;
    const samples = storeSamples201(ctx.store, {
      chargePointId: ctx.chargePointId,
      evseId,
      transactionId: null,
      meterValue,
      source: 'MeterValues',
      frameId: ctx.frameId,
      fallbackMs: ctx.nowMs,
    });
    ctx.response = {};
    ctx.emit('meterValues', { chargePointId: ctx.chargePointId, connectorId: evseId, transactionId: null, samples });
    await next();
  },
});
