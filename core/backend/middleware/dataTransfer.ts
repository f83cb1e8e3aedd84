import { callMiddleware } from '../context.js';

export const dataTransfer = callMiddleware({
  name: 'DataTransfer',
  description: 'Answers vendor DataTransfer with Rejected (no vendor extensions are implemented), as the seed did.',
  action: 'DataTransfer',
  async handle(ctx, next) {
    ctx.response = { status: 'Rejected' };
    await next();
  },
});
