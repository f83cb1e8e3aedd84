/**
 * 2.0.1 StatusNotification → the connectors table the GUI reads: one row per EVSE (connector_id = evseId; 0 = the
 * station), its connectorStatus (Available / Occupied / Reserved / Unavailable / Faulted), the connector within
 * the EVSE that reported it. 2.0.1 reports errors through NotifyEvent, so the error code is NoError.
 */
import { versionedCallMiddleware } from '../../context.js';

export const statusNotification201 = versionedCallMiddleware('ocpp2.0.1', {
  name: 'StatusNotification201',
  description: 'Stores the connectorStatus of each EVSE (evseId → connector row, with the connector within the EVSE).',
  action: 'StatusNotification',
  async handle(ctx, next) {
    const r = ctx.request;
    const at = Date.parse(r.timestamp);
    ctx.store.connectors.upsertStatus({
      chargePointId: ctx.chargePointId,
      connectorId: r.evseId,
      status: r.connectorStatus,
      errorCode: 'NoError',
      statusAt: Number.isNaN(at) ? ctx.nowIso : new Date(at).toISOString(),
      updatedAt: ctx.nowIso,
    });
    ctx.store.connectors.setEvseConnector(ctx.chargePointId, r.evseId, r.connectorId);
    ctx.response = {};
    const row = ctx.store.connectors.get(ctx.chargePointId, r.evseId);
    if (row) ctx.emit('connector', row);
    if (r.evseId === 0) {
      const cp = ctx.chargePoint();
      if (cp) ctx.emit('chargePoint', { change: 'status', chargePoint: cp });
    }
    await next();
  },
});
