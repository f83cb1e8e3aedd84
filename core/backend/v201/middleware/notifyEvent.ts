import { versionedCallMiddleware } from '../../context.js';
import { recordChargerEvent } from './chargerEvent.js';

export const notifyEvent201 = versionedCallMiddleware('ocpp2.0.1', {
  name: 'NotifyEvent201',
  description: 'Stores every eventData of the notification (component, variable, actual value, trigger, cleared, tech code).',
  action: 'NotifyEvent',
  async handle(ctx, next) {
    for (const e of ctx.request.eventData)
      recordChargerEvent(ctx, 'NotifyEvent', e.trigger, e.timestamp, { ...e, seqNo: ctx.request.seqNo, generatedAt: ctx.request.generatedAt });
    ctx.response = {};
    await next();
  },
});
