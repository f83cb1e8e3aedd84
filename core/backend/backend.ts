/**
 * The central system: consumes edge events (serialized per charger, idempotent per event), answers CALLs through
 * the middleware chains, keeps every frame, and sends server-initiated CALLs with a promise per CALL.
 * This file wires the parts: inboundFrame.ts (frames), connectionEvents.ts (connect/disconnect/liveness),
 * serverCalls.ts (sendCall and its outcomes), afterCommit.ts (replies, events, side effects).
 */
import type { ActionOf, CentralSystemAction, CentralSystemActionOf, ProtocolVersion, RequestFor, RequestOf, ResponseFor, ResponseOf } from '../ocpp/index.js';
import type { BackendTransport, EdgeEvent } from '../transport/types.js';
import { systemClock, type Clock } from '../util/clock.js';
import { createLogger } from '../util/log.js';
import type { SettingsStore } from '../config/index.js';
import type { Store } from '../store/index.js';
import { MiddlewareChains, type CatalogEntry, type ChainInfo } from './chains.js';
import type { MiddlewareDefinition } from './context.js';
import { BackendEvents } from './events.js';
import { PendingCalls } from './pendingCalls.js';
import { LivenessWatchdog } from './liveness.js';
import { UnitOfWork } from './unitOfWork.js';
import { KeyedSerializer } from '../util/serial.js';
import type { BackendCore, SendCallOptions } from './core.js';
import { finish } from './afterCommit.js';
import { onFrame } from './inboundFrame.js';
import { markSilent, onConnect, onDisconnect, reconcilePresence } from './connectionEvents.js';
import { endLeftoverCalls, failCall, onCallFailed, onCallSent, sendCall } from './serverCalls.js';
import { AutoRemoteStarts } from './autoRemoteStarts.js';
import { ReservationExpiry } from './reservationExpiry.js';
import { trackUnansweredCalls } from './unansweredCalls.js';
import type { PendingEvent } from './events.js';

export type { SendCallOptions };

export interface BackendOptions {
  store: Store;
  settings: SettingsStore;
  transport: BackendTransport;
  clock?: Clock;
  /** Extra middleware (plugins, tests) added to the catalog; they join their chains (appended). */
  middleware?: readonly MiddlewareDefinition[];
}

export interface MiddlewareControl {
  list(): ChainInfo[];
  setEnabled(action: string, name: string, enabled: boolean): Promise<ChainInfo>;
  reorder(action: string, names: readonly string[]): Promise<ChainInfo>;
  reset(): Promise<void>;
  catalog(): CatalogEntry[];
}

export interface Backend {
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Handles one edge event; resolves once it is stored (then the transport may ack it). */
  handle(event: EdgeEvent): Promise<void>;
  /** A server CALL (typed for 1.6), validated and sent in the charger's OCPP version. */
  sendCall<A extends CentralSystemAction>(chargePointId: string, action: A, payload: RequestOf<A>, opts?: SendCallOptions): Promise<ResponseOf<A>>;
  /** A server CALL typed for one version; refused (NotSupported) when the charger speaks another. */
  sendVersionedCall<V extends ProtocolVersion, A extends CentralSystemActionOf<V> & ActionOf<V>>(
    protocol: V,
    chargePointId: string,
    action: A,
    payload: RequestFor<V, A>,
    opts?: SendCallOptions,
  ): Promise<ResponseFor<V, A>>;
  middleware: MiddlewareControl;
  events: BackendEvents;
  store: Store;
  settings: SettingsStore;
  /** Server CALLs awaiting a reply (for status displays and tests). */
  pendingCallCount(): number;
  /** This charger's server CALLs awaiting a reply, oldest first. */
  outstandingCalls(chargePointId: string): Array<{ action: string; messageId: string }>;
  /**
   * Runs an operator's change (the bench API's registry, reservations, stale close…) in the backend's unit of
   * work, after the frames of this charger already in hand (null: no charger); its events go out once committed.
   * Writes outside this could join, and be rolled back with, a charger's open unit of work.
   */
  applyChange<T>(chargePointId: string | null, fn: (emit: (event: PendingEvent) => void) => T): Promise<T>;
}

export async function createBackend(opts: BackendOptions): Promise<Backend> {
  const clock = opts.clock ?? systemClock;
  const { store, settings, transport } = opts;
  const log = createLogger('backend');
  const events = new BackendEvents();
  const chains = new MiddlewareChains(settings, opts.middleware ?? []);
  const uow = new UnitOfWork(store);
  const perCharger = new KeyedSerializer();
  let stopped = false;

  const core: BackendCore = {
    store,
    settings,
    transport,
    clock,
    chains,
    events,
    uow,
    log,
    pending: new PendingCalls(clock, (p) => {
      void failCall(core, p, 'timeout', `No reply from the charger within ${p.timeoutMs} ms and no word from the edge (backend safety timer)`, true);
    }),
    liveness: new LivenessWatchdog(clock, (id) => {
      void perCharger.run(id, () => markSilent(core, id)).catch((err: unknown) => log.error({ err, chargePointId: id }, 'liveness update failed'));
    }),
    autoRemoteStarts: undefined as unknown as AutoRemoteStarts, // set right below (it needs core)
    sendCall: (chargePointId, action, payload, o) => sendCall(core, chargePointId, action, payload, o),
    sendVersionedCall: (protocol, chargePointId, action, payload, o) => sendCall(core, chargePointId, action as never, payload as never, o, protocol) as never,
    failCall: (p, reason, description, alreadyTaken, atMs) => failCall(core, p, reason, description, alreadyTaken, atMs),
    finish: (out) => finish(core, out),
    isStopped: () => stopped,
  };

  core.autoRemoteStarts = new AutoRemoteStarts(core, (id, fn) => perCharger.run(id, fn));
  const reservationExpiry = new ReservationExpiry(core, (id, fn) => perCharger.run(id, fn));
  let untrackUnanswered: (() => void) | null = null;

  async function applyChange<T>(chargePointId: string | null, fn: (emit: (event: PendingEvent) => void) => T): Promise<T> {
    const run = async (): Promise<T> => {
      const pending: PendingEvent[] = [];
      const value = await uow.run(() => fn((e) => pending.push(e)));
      for (const e of pending) events.emit(e.name, e.payload as never);
      return value;
    };
    return chargePointId === null ? run() : perCharger.run(chargePointId, run);
  }

  async function handle(event: EdgeEvent): Promise<void> {
    if (stopped) throw new Error('Backend is stopped; the event was not handled');
    return perCharger.run(event.chargePointId, async () => {
      switch (event.kind) {
        case 'connect':
          return onConnect(core, event);
        case 'frame':
          return onFrame(core, event);
        case 'disconnect':
          return onDisconnect(core, event);
        case 'callSent':
          return onCallSent(core, event);
        case 'callFailed':
          return onCallFailed(core, event);
      }
    });
  }

  return {
    store,
    settings,
    events,
    async start() {
      stopped = false;
      // No CALL of an earlier run is pending in this one: those it left queued/sent never get their promise settled.
      const interrupted = await uow.run(() =>
        store.frames.failInterruptedCalls('The backend restarted while this CALL was in flight; nobody waited for its reply any more'),
      );
      if (interrupted) log.warn({ calls: interrupted }, 'server CALLs left in flight by the previous run marked failed');
      await reconcilePresence(core);
      await endLeftoverCalls(core);
      reservationExpiry.start();
      untrackUnanswered = trackUnansweredCalls(core, (id, fn) => perCharger.run(id, fn));
      await transport.start((e) => handle(e));
      log.info({ transport: transport.status().kind }, 'backend started');
    },
    async stop() {
      stopped = true;
      // Let events already being handled finish (and commit) before anything is torn down.
      await perCharger.idle();
      core.autoRemoteStarts.stop();
      reservationExpiry.stop();
      untrackUnanswered?.();
      core.liveness.stop();
      for (const p of core.pending.all()) await failCall(core, p, 'stopped', 'the backend stopped');
      await transport.stop();
    },
    handle,
    sendCall: core.sendCall,
    sendVersionedCall: core.sendVersionedCall,
    pendingCallCount: () => core.pending.size,
    outstandingCalls: (id) => core.pending.forCharger(id).map((p) => ({ action: p.action, messageId: p.messageId })),
    applyChange,
    middleware: {
      list: () => chains.list(),
      setEnabled: (action, name, enabled) => chains.setEnabled(action, name, enabled),
      reorder: (action, names) => chains.reorder(action, names),
      reset: () => chains.reset(),
      catalog: () => chains.catalog(),
    },
  };
}
