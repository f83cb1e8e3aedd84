/**
 * Middleware contexts and definitions. A middleware is Koa-style `(ctx, next)`: it may act before and after
 * `await next()`, set or change `ctx.response`, and push side-effect CALLs sent to the charger after the reply.
 * Everything a chain writes happens in one DB transaction, rolled back if any middleware throws.
 */
import type { Logger } from '../util/log.js';
import type { Action, CentralSystemAction, ChargePointAction, OcppErrorCode, RequestOf, ResponseOf } from '../ocpp/index.js';
import type { ConnectionRef } from '../transport/types.js';
import type { Settings } from '../config/index.js';
import type { ChargePointRow, Store } from '../store/index.js';
import type { BackendEventMap, BackendEventName } from './events.js';

/** A CALL to send to the charger once the reply has gone out. */
export interface SideEffectCall<A extends CentralSystemAction = CentralSystemAction> {
  action: A;
  payload: RequestOf<A>;
  /** Wait before writing the CALL (after queueing), e.g. the Grizzl-E delay before RemoteStart. */
  delayMs?: number;
  timeoutMs?: number;
}

interface ContextBase {
  readonly chargePointId: string;
  readonly messageId: string;
  readonly connection: ConnectionRef;
  /** The store; writes join the chain's DB transaction. */
  readonly store: Store;
  readonly settings: Readonly<Settings>;
  /** Server time now (the injected clock). */
  readonly nowMs: number;
  readonly nowIso: string;
  /** The stored inbound frame. */
  readonly frameId: number;
  readonly sideEffects: SideEffectCall[];
  /** AutoRemoteStart's pending starts (acted on once the DB transaction commits). */
  readonly autoRemoteStarts: {
    /** Consider a RemoteStartTransaction for this connector: decided when autoRemoteStart.delayMs expires. */
    request(connectorId: number): void;
  };
  /** Emits an event once the DB transaction commits (dropped on rollback). */
  emit<K extends BackendEventName>(name: K, payload: BackendEventMap[K]): void;
  /** The charge point's row (reloaded lazily after writes). */
  chargePoint(): ChargePointRow | undefined;
  /** Scratch space shared by the middleware of one chain run. */
  readonly state: Record<string, unknown>;
  readonly log: Logger;
}

/** A charge-point-initiated CALL being answered. */
export interface CallContext<A extends ChargePointAction = ChargePointAction> extends ContextBase {
  readonly kind: 'call';
  readonly action: A;
  readonly request: RequestOf<A>;
  /** The reply being built; leave undefined to let a later middleware answer. */
  response: ResponseOf<A> | undefined;
}

/** A reply (CALLRESULT or CALLERROR) to a server-initiated CALL. */
export interface ReplyContext<A extends CentralSystemAction = CentralSystemAction> extends ContextBase {
  readonly kind: 'reply';
  readonly action: A;
  /** The payload of the CALL this answers. */
  readonly request: RequestOf<A>;
  /** The CALL frame's id. */
  readonly callFrameId: number;
  readonly result: ResponseOf<A> | undefined;
  readonly error: { code: OcppErrorCode; description: string; details: Record<string, unknown> } | undefined;
}

export type Next = () => Promise<void>;

/** A chain is named for its action ("StartTransaction") or, for replies to server CALLs, "<Action>.reply". */
export type ChainKey = ChargePointAction | `${CentralSystemAction}.reply`;

export interface MiddlewareDefinition {
  /** Stable name (used in settings, OCPP_MIDDLEWARE and the API). */
  readonly name: string;
  /** One line for the GUI. */
  readonly description: string;
  /** The chains it can run in. */
  readonly chains: readonly ChainKey[];
  /** Whether it runs when the chain has no saved configuration. */
  readonly enabledByDefault: boolean;
  handle(ctx: CallContext | ReplyContext, next: Next): Promise<void> | void;
}

/** Defines a middleware for one charge-point action's CALL chain, typed for that action. */
export function callMiddleware<A extends ChargePointAction>(def: {
  name: string;
  description: string;
  action: A;
  enabledByDefault?: boolean;
  handle(ctx: CallContext<A>, next: Next): Promise<void> | void;
}): MiddlewareDefinition {
  return {
    name: def.name,
    description: def.description,
    chains: [def.action],
    enabledByDefault: def.enabledByDefault ?? true,
    handle: def.handle as MiddlewareDefinition['handle'],
  };
}

/** Defines a middleware for the replies to one server-initiated action. */
export function replyMiddleware<A extends CentralSystemAction>(def: {
  name: string;
  description: string;
  action: A;
  enabledByDefault?: boolean;
  handle(ctx: ReplyContext<A>, next: Next): Promise<void> | void;
}): MiddlewareDefinition {
  return {
    name: def.name,
    description: def.description,
    chains: [`${def.action}.reply`],
    enabledByDefault: def.enabledByDefault ?? true,
    handle: def.handle as MiddlewareDefinition['handle'],
  };
}

export function isReplyChain(chain: string): boolean {
  return chain.endsWith('.reply');
}

export function chainAction(chain: ChainKey): Action {
  return (isReplyChain(chain) ? chain.slice(0, -'.reply'.length) : chain) as Action;
}
