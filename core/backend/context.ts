/**
 * Middleware contexts and definitions. A middleware is Koa-style `(ctx, next)`: it may act before and after
 * `await next()`, set or change `ctx.response`, and push side-effect CALLs sent to the charger after the reply.
 * Everything a chain writes happens in one DB transaction, rolled back if any middleware throws.
 */
import type { Logger } from '../util/log.js';
import { isProtocolVersion } from '../ocpp/protocol.js';
import type {
  CentralSystemAction,
  CentralSystemActionOf,
  ChargePointAction,
  ChargerActionOf,
  ActionOf,
  OcppErrorCode,
  ProtocolVersion,
  RequestFor,
  RequestOf,
  ResponseFor,
  ResponseOf,
} from '../ocpp/index.js';
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
  /** The OCPP version of the charger's connection (the chain's version). */
  readonly protocol: ProtocolVersion;
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

/** A CALL from a charger of any version, typed by version and action (middleware for versions other than 1.6). */
export interface VersionedCallContext<V extends ProtocolVersion, A extends ChargerActionOf<V> & ActionOf<V>> extends ContextBase {
  readonly kind: 'call';
  readonly protocol: V;
  readonly action: A;
  readonly request: RequestFor<V, A>;
  response: ResponseFor<V, A> | undefined;
}

/** A reply to a server CALL of any version, typed by version and action. */
export interface VersionedReplyContext<V extends ProtocolVersion, A extends CentralSystemActionOf<V> & ActionOf<V>> extends ContextBase {
  readonly kind: 'reply';
  readonly protocol: V;
  readonly action: A;
  readonly request: RequestFor<V, A>;
  readonly callFrameId: number;
  readonly result: ResponseFor<V, A> | undefined;
  readonly error: { code: OcppErrorCode; description: string; details: Record<string, unknown> } | undefined;
}

export type Next = () => Promise<void>;

/**
 * A chain's name, as settings, OCPP_MIDDLEWARE and the API spell it. OCPP 1.6 chains keep the names they have
 * always had: the action ("StartTransaction") or, for replies to server CALLs, "<Action>.reply". Other versions'
 * chains carry the version: "ocpp2.0.1/TransactionEvent", "ocpp2.0.1/GetVariables.reply". Internally every chain is
 * keyed by version and action ("ocpp1.6/StartTransaction", see chains.ts).
 */
export type ChainKey = ChargePointAction | `${CentralSystemAction}.reply` | `${Exclude<ProtocolVersion, 'ocpp1.6'>}/${string}`;

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

/** Defines a middleware for one charger action's CALL chain of a given version, typed for that version and action. */
export function versionedCallMiddleware<V extends ProtocolVersion, A extends ChargerActionOf<V> & ActionOf<V>>(
  protocol: V,
  def: { name: string; description: string; action: A; enabledByDefault?: boolean; handle(ctx: VersionedCallContext<V, A>, next: Next): Promise<void> | void },
): MiddlewareDefinition {
  return {
    name: def.name,
    description: def.description,
    chains: [chainName(protocol, def.action, 'call')],
    enabledByDefault: def.enabledByDefault ?? true,
    handle: def.handle as unknown as MiddlewareDefinition['handle'],
  };
}

/** Defines a middleware for the replies to one server-initiated action of a given version. */
export function versionedReplyMiddleware<V extends ProtocolVersion, A extends CentralSystemActionOf<V> & ActionOf<V>>(
  protocol: V,
  def: { name: string; description: string; action: A; enabledByDefault?: boolean; handle(ctx: VersionedReplyContext<V, A>, next: Next): Promise<void> | void },
): MiddlewareDefinition {
  return {
    name: def.name,
    description: def.description,
    chains: [chainName(protocol, def.action, 'reply')],
    enabledByDefault: def.enabledByDefault ?? true,
    handle: def.handle as unknown as MiddlewareDefinition['handle'],
  };
}

export function isReplyChain(chain: string): boolean {
  return chain.endsWith('.reply');
}

/** The public name of a version's chain for an action: bare for 1.6 (as always), "<version>/…" otherwise. */
export function chainName(protocol: ProtocolVersion, action: string, kind: 'call' | 'reply'): ChainKey {
  const base = kind === 'reply' ? `${action}.reply` : action;
  return (protocol === 'ocpp1.6' ? base : `${protocol}/${base}`) as ChainKey;
}

/** A chain name's version, action and kind ("ocpp1.6/…" is accepted for 1.6 too); null when it is not one. */
export function parseChainName(name: string): { protocol: ProtocolVersion; action: string; kind: 'call' | 'reply' } | null {
  const slash = name.indexOf('/');
  const version = slash < 0 ? 'ocpp1.6' : name.slice(0, slash);
  if (!isProtocolVersion(version)) return null;
  const rest = slash < 0 ? name : name.slice(slash + 1);
  const kind = isReplyChain(rest) ? 'reply' : 'call';
  const action = kind === 'reply' ? rest.slice(0, -'.reply'.length) : rest;
  return action ? { protocol: version, action, kind } : null;
}

/** The action a chain handles (for 1.6 chains a 1.6 Action, as before versions existed). */
export function chainAction(chain: ChainKey): ChargePointAction | CentralSystemAction {
  return (parseChainName(chain)?.action ?? chain) as ChargePointAction | CentralSystemAction;
}
