import { callMiddleware } from '../context.js';

export const autoRemoteStart = callMiddleware({
  name: 'AutoRemoteStart',
  description:
    'When a connector reports Preparing, sends RemoteStartTransaction with the free-vend id tag once the delay expires — only if it is still Preparing, without a transaction, and no Authorize or StartTransaction came meanwhile.',
  action: 'StatusNotification',
  async handle(ctx, next) {
    await next();
    const { connectorId, status } = ctx.request;
    if (status !== 'Preparing' || connectorId < 1) return;
    // Every check (transaction, registration, local authorization, conformance mode) is made when the pending
    // start is created and again when its delay expires: core/backend/autoRemoteStarts.ts.
    ctx.autoRemoteStarts.request(connectorId);
  },
});
