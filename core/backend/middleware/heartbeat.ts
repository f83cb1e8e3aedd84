import { callMiddleware } from '../context.js';

export const heartbeat = callMiddleware({
  name: 'Heartbeat',
  description: 'Records the heartbeat and answers with the server time.',
  action: 'Heartbeat',
  async handle(ctx, next) {
    ctx.store.chargePoints.recordHeartbeat(ctx.chargePointId, ctx.nowIso);
    ctx.response = { currentTime: ctx.nowIso };
    await next();
  },
});
