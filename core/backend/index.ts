export { createBackend, type Backend, type BackendOptions, type MiddlewareControl, type SendCallOptions } from './backend.js';
export { BackendEvents, type BackendEventMap, type BackendEventName, type ChargePointChange } from './events.js';
export { CallFailedError, type CallFailureReason } from './errors.js';
export { ALL_CHAINS, checkMiddlewareConfig, versionedKey, type ChainInfo, type CatalogEntry, type VersionedChainKey } from './chains.js';
export {
  callMiddleware,
  replyMiddleware,
  versionedCallMiddleware,
  versionedReplyMiddleware,
  chainName,
  parseChainName,
  type CallContext,
  type ReplyContext,
  type VersionedCallContext,
  type VersionedReplyContext,
  type MiddlewareDefinition,
  type ChainKey,
  type SideEffectCall,
  type Next,
} from './context.js';
export { BUILTIN_MIDDLEWARE, DEFAULT_CHAINS } from './middleware/index.js';
export { authorizeIdTag, type IdTagInfo } from './authorization.js';
export { MiddlewareFailure } from './compose.js';
