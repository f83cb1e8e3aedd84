import { callMiddleware } from '../context.js';

export const statusNotification = callMiddleware({
  name: 'StatusNotification',
  description: 'Stores the status and error code of connector 0 (the charger) or any connector, with vendor error details.',
  action: 'StatusNotification',
  async handle(ctx, next) {
    const r = ctx.request;
    const at = r.timestamp ? Date.parse(r.timestamp) : NaN;
    ctx.store.connectors.upsertStatus({
      chargePointId: ctx.chargePointId,
      connectorId: r.connectorId,
      status: r.status,
      errorCode: r.errorCode,
      info: r.info,
      vendorId: r.vendorId,
      vendorErrorCode: r.vendorErrorCode,
      statusAt: Number.isNaN(at) ? ctx.nowIso : new Date(at).toISOString(),
      updatedAt: ctx.nowIso,
    });
    ctx.response = {};
    const row = ctx.store.connectors.get(ctx.chargePointId, r.connectorId);
    if (row) ctx.emit('connector', row);
    if (r.connectorId === 0) {
      const cp = ctx.chargePoint();
      if (cp) ctx.emit('chargePoint', { change: 'status', chargePoint: cp });
    }
    await next();
  },
});
