import { versionedCallMiddleware } from '../../context.js';

export const heartbeat201 = versionedCallMiddleware('ocpp2.0.1', {
  name: 'Heartbeat201',
  description: 'Records the heartbeat and answers with the server time.',
  action: 'Heartbeat',
  async handle(ctx, next) {
    ctx.store.chargePoints.recordHeartbeat(ctx.chargePointId, ctx.nowIso);
    ctx.response = { currentTime: ctx.nowIso };
    await next();
  },
});
