import { versionedCallMiddleware } from '../../context.js';
import { recordChargerEvent } from './chargerEvent.js';

export const logStatusNotification201 = versionedCallMiddleware('ocpp2.0.1', {
  name: 'LogStatusNotification201',
  description: 'Stores the log upload status (with the GetLog requestId).',
  action: 'LogStatusNotification',
  async handle(ctx, next) {
    recordChargerEvent(ctx, 'LogStatus', ctx.request.status, undefined, ctx.request);
    ctx.response = {};
    await next();
  },
});
