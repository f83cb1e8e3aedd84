import { callMiddleware } from '../context.js';

export const firmwareStatusNotification = callMiddleware({
  name: 'FirmwareStatusNotification',
  description: 'Acknowledges a firmware update status (the frame log keeps the status).',
  action: 'FirmwareStatusNotification',
  async handle(ctx, next) {
    ctx.response = {};
    ctx.log.info({ chargePointId: ctx.chargePointId, status: ctx.request.status }, 'firmware status');
    await next();
  },
});
