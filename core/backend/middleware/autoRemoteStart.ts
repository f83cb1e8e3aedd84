import { callMiddleware } from '../context.js';

export const autoRemoteStart = callMiddleware({
  name: 'AutoRemoteStart',
  description: 'After a connector reports Preparing without a transaction (registration not Pending), sends RemoteStartTransaction after a delay.',
  action: 'StatusNotification',
  async handle(ctx, next) {
    await next();
    const { connectorId, status } = ctx.request;
    if (status !== 'Preparing' || connectorId < 1) return;
    if (ctx.store.transactions.activeOnConnector(ctx.chargePointId, connectorId).length > 0) return;
    const cp = ctx.chargePoint();
    // OCPP 1.6 §4.2.1: no RemoteStartTransaction while the charger's registration is Pending (or Rejected).
    if (cp?.registrationStatus === 'Pending' || cp?.registrationStatus === 'Rejected') return;
    const idTag = cp?.lastIdTag ?? ctx.settings.autoRemoteStart.defaultIdTag;
    ctx.sideEffects.push({ action: 'RemoteStartTransaction', payload: { connectorId, idTag }, delayMs: ctx.settings.autoRemoteStart.delayMs });
  },
});
