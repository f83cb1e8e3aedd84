import { callMiddleware } from '../context.js';

export const diagnosticsStatusNotification = callMiddleware({
  name: 'DiagnosticsStatusNotification',
  description: 'Acknowledges a diagnostics upload status (the frame log keeps the status).',
  action: 'DiagnosticsStatusNotification',
  async handle(ctx, next) {
    ctx.response = {};
    ctx.log.info({ chargePointId: ctx.chargePointId, status: ctx.request.status }, 'diagnostics status');
    await next();
  },
});
