/** The shared state of one backend instance, passed to the handlers. */
import type { Logger } from '../util/log.js';
import type { Clock } from '../util/clock.js';
import type { SettingsStore } from '../config/index.js';
import type { FrameRow, Store } from '../store/index.js';
import type { BackendTransport, ConnectionRef } from '../transport/types.js';
import type { ActionOf, CentralSystemAction, CentralSystemActionOf, ProtocolVersion, RequestFor, RequestOf, ResponseFor, ResponseOf } from '../ocpp/index.js';
import type { MiddlewareChains } from './chains.js';
import type { BackendEvents, PendingEvent } from './events.js';
import type { PendingCall, PendingCalls } from './pendingCalls.js';
import type { CallFailureReason } from './errors.js';
import type { UnitOfWork } from './unitOfWork.js';
import type { LivenessWatchdog } from './liveness.js';
import type { SideEffectCall } from './context.js';
import type { AutoRemoteStarts } from './autoRemoteStarts.js';

export interface SendCallOptions {
  /** How long the edge waits for the reply (default: settings calls.timeoutMs, 30 s). */
  timeoutMs?: number;
  /** Wait this long before writing the CALL (e.g. the Grizzl-E RemoteStart delay). */
  delayMs?: number;
}

export interface BackendCore {
  store: Store;
  settings: SettingsStore;
  transport: BackendTransport;
  clock: Clock;
  chains: MiddlewareChains;
  events: BackendEvents;
  uow: UnitOfWork;
  pending: PendingCalls;
  liveness: LivenessWatchdog;
  /** AutoRemoteStart's pending starts, decided at send time. */
  autoRemoteStarts: AutoRemoteStarts;
  log: Logger;
  sendCall<A extends CentralSystemAction>(chargePointId: string, action: A, payload: RequestOf<A>, opts?: SendCallOptions): Promise<ResponseOf<A>>;
  /** A server CALL typed for one version; refused (NotSupported) when the charger speaks another. */
  sendVersionedCall<V extends ProtocolVersion, A extends CentralSystemActionOf<V> & ActionOf<V>>(
    protocol: V,
    chargePointId: string,
    action: A,
    payload: RequestFor<V, A>,
    opts?: SendCallOptions,
  ): Promise<ResponseFor<V, A>>;
  /** Rejects a pending call (already removed from `pending` when alreadyTaken), records why, tells subscribers. */
  failCall(p: PendingCall, reason: CallFailureReason, description: string, alreadyTaken?: boolean, atMs?: number): Promise<void>;
  /** Acts on a committed handler's outcome. */
  finish(out: Outcome): Promise<void>;
  isStopped(): boolean;
}

/** What a handler produced inside its DB transaction, to act on once committed. */
export interface Outcome {
  frames: FrameRow[];
  events: PendingEvent[];
  sideEffects: SideEffectCall[];
  /** Run after the commit, once the reply is out (before side-effect CALLs). */
  afterCommit: Array<() => void>;
  /** A frame to send back to the charger (a reply to its CALL). */
  reply?: { text: string; connection: ConnectionRef };
  /** Settles a pending sendCall promise. */
  settle?: () => void;
}

export function emptyOutcome(): Outcome {
  return { frames: [], events: [], sideEffects: [], afterCommit: [] };
}
