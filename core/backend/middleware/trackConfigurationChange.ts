import { replyMiddleware } from '../context.js';

export const trackConfigurationChange = replyMiddleware({
  name: 'TrackConfigurationChange',
  description: 'Updates the known configuration key when the charger accepts a ChangeConfiguration (Accepted or RebootRequired).',
  action: 'ChangeConfiguration',
  async handle(ctx, next) {
    const status = ctx.result?.status;
    if (status === 'Accepted' || status === 'RebootRequired') {
      const known = ctx.chargePoint()?.configuration ?? [];
      const { key, value } = ctx.request;
      const next_ = known.some((k) => k.key === key) ? known.map((k) => (k.key === key ? { ...k, value } : k)) : [...known, { key, readonly: false, value }];
      ctx.store.chargePoints.setConfiguration(ctx.chargePointId, next_.sort((a, b) => a.key.localeCompare(b.key)));
    }
    await next();
  },
});
