import { callMiddleware } from '../context.js';

export const autoRemoteStart = callMiddleware({
  name: 'AutoRemoteStart',
  description: 'After a connector reports Preparing without a transaction, sends RemoteStartTransaction (connector, last tag) after a delay.',
  action: 'StatusNotification',
  async handle(ctx, next) {
    await next();
    const { connectorId, status } = ctx.request;
    if (status !== 'Preparing' || connectorId < 1) return;
    if (ctx.store.transactions.activeOnConnector(ctx.chargePointId, connectorId).length > 0) return;
    const idTag = ctx.chargePoint()?.lastIdTag ?? ctx.settings.autoRemoteStart.defaultIdTag;
    ctx.sideEffects.push({ action: 'RemoteStartTransaction', payload: { connectorId, idTag }, delayMs: ctx.settings.autoRemoteStart.delayMs });
  },
});
