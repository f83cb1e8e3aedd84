import { versionedCallMiddleware } from '../../context.js';
import { recordChargerEvent } from './chargerEvent.js';

export const securityEventNotification201 = versionedCallMiddleware('ocpp2.0.1', {
  name: 'SecurityEventNotification201',
  description: 'Stores the security event (type, timestamp, tech info) and logs it.',
  action: 'SecurityEventNotification',
  async handle(ctx, next) {
    const r = ctx.request;
    recordChargerEvent(ctx, 'SecurityEvent', r.type, r.timestamp, r);
    ctx.log.warn({ chargePointId: ctx.chargePointId, type: r.type, techInfo: r.techInfo }, 'security event');
    ctx.response = {};
    await next();
  },
});
