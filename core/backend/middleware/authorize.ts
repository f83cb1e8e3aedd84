import { callMiddleware } from '../context.js';
import { authorizeIdTag } from '../authorization.js';

export const authorize = callMiddleware({
  name: 'Authorize',
  description: 'Answers with the id tag status from the id-tag list (unknown tags: accept-unknown switch) and remembers the tag.',
  action: 'Authorize',
  async handle(ctx, next) {
    const idTagInfo = authorizeIdTag(ctx.store, ctx.settings, ctx.request.idTag, ctx.nowMs);
    ctx.response = { idTagInfo };
    if (idTagInfo.status === 'Accepted') ctx.store.chargePoints.setLastIdTag(ctx.chargePointId, ctx.request.idTag);
    await next();
  },
});
