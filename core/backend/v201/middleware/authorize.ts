import { versionedCallMiddleware } from '../../context.js';
import { authorizeIdToken } from '../idTokens.js';

export const authorize201 = versionedCallMiddleware('ocpp2.0.1', {
  name: 'Authorize201',
  description:
    'Answers with the id token status from the id-tag list (every token type; unknown tokens: accept-unknown switch, conformance mode), and remembers the token.',
  action: 'Authorize',
  async handle(ctx, next) {
    const token = ctx.request.idToken;
    const idTokenInfo = authorizeIdToken(ctx.store, ctx.settings, token, ctx.nowMs);
    ctx.response = { idTokenInfo };
    if (idTokenInfo.status === 'Accepted' && token.type !== 'NoAuthorization') ctx.store.chargePoints.setLastIdTag(ctx.chargePointId, token.idToken);
    await next();
  },
});
