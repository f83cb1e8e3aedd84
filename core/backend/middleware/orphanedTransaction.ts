import { callMiddleware } from '../context.js';

export const orphanedTransaction = callMiddleware({
  name: 'OrphanedTransaction',
  description: "Before a new transaction starts, closes this connector's still-open transactions with their last energy reading.",
  action: 'StartTransaction',
  async handle(ctx, next) {
    const { connectorId, timestamp } = ctx.request;
    // Per connector: the charger's other connectors may be charging legitimately.
    for (const tx of ctx.store.transactions.activeOnConnector(ctx.chargePointId, connectorId)) {
      const meterStop = ctx.store.transactions.lastEnergyWh(tx.id) ?? tx.meterStart;
      const lastSample = ctx.store.transactions.lastSampleTime(tx.id);
      const newStart = Date.parse(timestamp);
      const stoppedAt = lastSample ?? (Number.isNaN(newStart) ? ctx.nowIso : new Date(newStart).toISOString());
      ctx.store.transactions.stop({ id: tx.id, chargePointId: ctx.chargePointId, meterStop, stoppedAt, reason: 'Other', idTag: null, state: 'orphaned', at: ctx.nowIso });
      const closed = ctx.store.transactions.get(tx.id);
      if (closed) ctx.emit('transaction', { change: 'stopped', transaction: closed });
      ctx.log.warn({ chargePointId: ctx.chargePointId, connectorId, transactionId: tx.id }, 'closed orphaned transaction');
    }
    await next();
  },
});
