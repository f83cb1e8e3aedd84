import { replyMiddleware } from '../context.js';

export const trackConfigurationChange = replyMiddleware({
  name: 'TrackConfigurationChange',
  description: "Records the charger's answer to each ChangeConfiguration; updates the known key when it is Accepted or RebootRequired.",
  action: 'ChangeConfiguration',
  async handle(ctx, next) {
    const status = ctx.result?.status;
    if (status === 'Accepted' || status === 'RebootRequired') {
      const known = ctx.chargePoint()?.configuration ?? [];
      const { key, value } = ctx.request;
      const next_ = known.some((k) => k.key === key) ? known.map((k) => (k.key === key ? { ...k, value } : k)) : [...known, { key, readonly: false, value }];
      ctx.store.chargePoints.setConfiguration(
        ctx.chargePointId,
        next_.sort((a, b) => a.key.localeCompare(b.key)),
      );
    }
    const answer = ctx.error ? `CALLERROR ${ctx.error.code}` : status;
    if (answer) {
      ctx.store.configuration.recordChange(ctx.chargePointId, { key: ctx.request.key, value: ctx.request.value, status: answer, at: ctx.nowIso });
      ctx.emit('configuration', { chargePointId: ctx.chargePointId });
    }
    await next();
  },
});
