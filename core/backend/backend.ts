/**
 * The central system: consumes edge events (serialized per charger, idempotent per event), answers CALLs through
 * the middleware chains, keeps every frame, and sends server-initiated CALLs with a promise per CALL.
 */
import {
  FrameParseError,
  OcppError,
  assertPayload,
  call,
  callError,
  isCentralSystemAction,
  newMessageId,
  parseFrame,
  serializeFrame,
  validatePayload,
  type CentralSystemAction,
  type Frame,
  type RequestOf,
  type ResponseOf,
} from '../ocpp/index.js';
import { NoRouteError, type BackendTransport, type CallFailedEvent, type CallSentEvent, type ConnectEvent, type DisconnectEvent, type EdgeEvent, type FrameEvent } from '../transport/types.js';
import { systemClock, type Clock } from '../util/clock.js';
import { createLogger } from '../util/log.js';
import type { SettingsStore } from '../config/index.js';
import type { Store } from '../store/index.js';
import { MiddlewareChains, type CatalogEntry, type ChainInfo } from './chains.js';
import type { MiddlewareDefinition } from './context.js';
import { BackendEvents } from './events.js';
import { CallFailedError, type CallFailureReason } from './errors.js';
import { PendingCalls, type PendingCall } from './pendingCalls.js';
import { LivenessWatchdog } from './liveness.js';
import { UnitOfWork } from './unitOfWork.js';
import { KeyedSerializer } from './serial.js';
import { emptyOutcome, type BackendCore, type Outcome, type SendCallOptions } from './core.js';
import { livenessTimeoutMs, noteFrameFrom } from './chargerPresence.js';
import { handleInboundCall } from './inboundCall.js';
import { handleInboundReply } from './inboundReply.js';

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
  sendCall<A extends CentralSystemAction>(chargePointId: string, action: A, payload: RequestOf<A>, opts?: SendCallOptions): Promise<ResponseOf<A>>;
  middleware: MiddlewareControl;
  events: BackendEvents;
  store: Store;
  settings: SettingsStore;
  /** Server CALLs awaiting a reply (for status displays and tests). */
  pendingCallCount(): number;
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
      void failCall(p, 'timeout', `No reply from the charger within ${p.timeoutMs} ms and no word from the edge (backend safety timer)`, true);
    }),
    liveness: new LivenessWatchdog(clock, (id) => {
      void perCharger.run(id, () => markSilent(id)).catch((err: unknown) => log.error({ err, chargePointId: id }, 'liveness update failed'));
    }),
    sendCall,
  };

  // -----------------------------------------------------------------------------------------------------------
  // After commit: reply to the charger, publish events, send side-effect CALLs.

  async function finish(out: Outcome): Promise<void> {
    if (out.reply) {
      const { text, connection } = out.reply;
      try {
        await transport.send({ kind: 'send', chargePointId: connection.chargePointId, connectionId: connection.connectionId, text });
      } catch (err) {
        log.warn({ err, chargePointId: connection.chargePointId }, 'reply not delivered (charger gone); it is stored');
      }
    }
    for (const f of out.frames) events.emit('frame', f);
    for (const e of out.events) events.emit(e.name, e.payload as never);
    out.settle?.();
    for (const se of out.sideEffects) {
      const chargePointId = out.frames[0]?.chargePointId;
      if (!chargePointId) continue;
      const o: SendCallOptions = {};
      if (se.delayMs !== undefined) o.delayMs = se.delayMs;
      if (se.timeoutMs !== undefined) o.timeoutMs = se.timeoutMs;
      sendCall(chargePointId, se.action, se.payload as never, o).catch((err: unknown) => {
        log.warn({ err: (err as Error).message, chargePointId, action: se.action }, 'side-effect CALL failed');
      });
    }
  }

  // -----------------------------------------------------------------------------------------------------------
  // Edge events

  function eventMs(at: string): number {
    const ms = Date.parse(at);
    return Number.isNaN(ms) ? clock.now() : ms;
  }

  async function onFrame(event: FrameEvent): Promise<void> {
    const atMs = eventMs(event.at);
    const atIso = new Date(atMs).toISOString();
    const out = emptyOutcome();
    let resend: string | null = null;
    await uow.run(async () => {
      const seen = store.frames.byEventId(event.eventId, event.connectionId);
      if (seen && seen.raw === event.text) {
        // Redelivery of a handled frame: send the stored reply again, do not run the chain twice.
        const reply = seen.replyFrameId ? store.frames.get(seen.replyFrameId) : undefined;
        if (reply && seen.direction === 'in' && seen.messageType === 'CALL') resend = reply.raw;
        return;
      }
      noteFrameFrom(core, event, atIso, atMs, out);
      let frame: Frame;
      try {
        frame = parseFrame(event.text);
      } catch (err) {
        storeMalformed(event, atMs, err, out);
        return;
      }
      if (frame[0] === 2) await handleInboundCall(core, event, frame, atMs, out);
      else await handleInboundReply(core, event, frame, atMs, out);
    });
    if (resend !== null) {
      log.info({ chargePointId: event.chargePointId, eventId: event.eventId }, 'redelivered frame: resending the stored reply');
      await transport.send({ kind: 'send', chargePointId: event.chargePointId, connectionId: event.connectionId, text: resend }).catch(() => {});
      return;
    }
    await finish(out);
  }

  function storeMalformed(event: FrameEvent, atMs: number, err: unknown, out: Outcome): void {
    const e = err instanceof FrameParseError ? err : new FrameParseError('-1', 'FormationViolation', String(err), true);
    const sniff = sniffType(event.text);
    const inRow = store.frames.insert({
      atMs,
      chargePointId: event.chargePointId,
      connectionId: event.connectionId,
      direction: 'in',
      messageType: sniff,
      action: null,
      messageId: e.messageId === '-1' ? null : e.messageId,
      errorCode: e.code,
      errorDescription: e.message,
      valid: false,
      eventId: event.eventId,
      raw: event.text,
    });
    out.frames.push(inRow);
    if (!e.answerable) return;
    const text = serializeFrame(callError(e.messageId, e.code, e.message));
    const nowMs = clock.now();
    const outRow = store.frames.insert({
      atMs: nowMs,
      chargePointId: event.chargePointId,
      connectionId: event.connectionId,
      direction: 'out',
      messageType: 'CALLERROR',
      action: null,
      messageId: e.messageId,
      callFrameId: inRow.id,
      latencyMs: Math.max(0, nowMs - atMs),
      errorCode: e.code,
      errorDescription: e.message,
      raw: text,
    });
    store.frames.linkReply(inRow.id, outRow.id, Math.max(0, nowMs - atMs), null);
    out.frames[out.frames.length - 1] = store.frames.get(inRow.id)!;
    out.frames.push(outRow);
    out.reply = { text, connection: event };
  }

  async function onConnect(event: ConnectEvent): Promise<void> {
    const atMs = eventMs(event.at);
    const at = new Date(atMs).toISOString();
    const out = emptyOutcome();
    await uow.run(() => {
      if (store.connectionEvents.has(event.eventId, event.connectionId, 'connect')) return;
      store.chargePoints.ensure(event.chargePointId, at);
      store.chargePoints.markConnected({ id: event.chargePointId, edgeId: event.edgeId, connectionId: event.connectionId, remoteAddress: event.remoteAddress, subprotocol: event.subprotocol, at, ms: atMs });
      store.connectionEvents.insert({ eventId: event.eventId, chargePointId: event.chargePointId, kind: 'connect', edgeId: event.edgeId, connectionId: event.connectionId, at, detail: `${event.remoteAddress} ${event.subprotocol ?? '(no subprotocol)'}` });
      const cp = store.chargePoints.get(event.chargePointId)!;
      out.events.push({ name: 'chargePoint', payload: { change: 'connected', chargePoint: cp } });
      core.liveness.heard(event.chargePointId, livenessTimeoutMs(core, cp.heartbeatInterval));
    });
    await finish(out);
  }

  async function onDisconnect(event: DisconnectEvent): Promise<void> {
    const atMs = eventMs(event.at);
    const at = new Date(atMs).toISOString();
    const out = emptyOutcome();
    await uow.run(() => {
      if (store.connectionEvents.has(event.eventId, event.connectionId, 'disconnect')) return;
      const cp = store.chargePoints.get(event.chargePointId);
      const current = cp?.connectionId === event.connectionId;
      store.connectionEvents.insert({
        eventId: event.eventId,
        chargePointId: event.chargePointId,
        kind: 'disconnect',
        edgeId: event.edgeId,
        connectionId: event.connectionId,
        at,
        detail: current ? `${event.code} ${event.reason}`.trim() : `${event.code} ${event.reason} (a replaced connection closed late; the charger stays online)`.trim(),
      });
      // A late close of a replaced connection must not mark the new connection offline.
      if (!cp || !current) return;
      store.chargePoints.markDisconnected(event.chargePointId, at, 'disconnected');
      core.liveness.forget(event.chargePointId);
      out.events.push({ name: 'chargePoint', payload: { change: 'disconnected', chargePoint: store.chargePoints.get(event.chargePointId)! } });
    });
    await finish(out);
    // CALLs sent on that connection will never be answered.
    for (const p of core.pending.forCharger(event.chargePointId, event.connectionId)) {
      await failCall(p, 'disconnected', `The connection closed (${event.code} ${event.reason}) before the charger answered`);
    }
  }

  async function onCallSent(event: CallSentEvent): Promise<void> {
    const p = core.pending.get(event.chargePointId, event.messageId);
    const call = p ? store.frames.get(p.frameId) : store.frames.findOutboundCall(event.chargePointId, event.messageId);
    if (call) await uow.run(() => store.frames.markSent(call.id, eventMs(event.at)));
    if (p) {
      if (!p.connectionId) p.connectionId = event.connectionId;
      core.pending.arm(p, p.timeoutMs + settings.get().calls.safetyMarginMs);
    }
  }

  async function onCallFailed(event: CallFailedEvent): Promise<void> {
    const p = core.pending.take(event.chargePointId, event.messageId);
    if (p) {
      await failCall(p, event.reason, event.description, true);
      return;
    }
    const call = store.frames.findOutboundCall(event.chargePointId, event.messageId);
    if (call && (call.state === 'queued' || call.state === 'sent')) {
      await uow.run(() => store.frames.setState(call.id, event.reason === 'timeout' ? 'timeout' : 'failed'));
    }
  }

  /** Rejects a pending call, records why, tells subscribers. */
  async function failCall(p: PendingCall, reason: CallFailureReason, description: string, alreadyTaken = false): Promise<void> {
    if (!alreadyTaken && !core.pending.take(p.chargePointId, p.messageId)) return;
    try {
      await uow.run(() => store.frames.setState(p.frameId, reason === 'timeout' ? 'timeout' : 'failed'));
    } catch (err) {
      log.error({ err }, 'could not record a failed CALL');
    }
    p.reject(new CallFailedError({ reason, chargePointId: p.chargePointId, messageId: p.messageId, action: p.action, description }));
    events.emit('callFailed', { chargePointId: p.chargePointId, messageId: p.messageId, action: p.action, reason, description });
  }

  async function markSilent(chargePointId: string): Promise<void> {
    const out = emptyOutcome();
    await uow.run(() => {
      const cp = store.chargePoints.get(chargePointId);
      if (!cp || !cp.online) return;
      const reason = 'heartbeat timeout';
      store.chargePoints.markOffline(chargePointId, reason);
      const missed = settings.get().liveness.missedHeartbeats;
      store.connectionEvents.insert({ eventId: null, chargePointId, kind: 'offline', edgeId: cp.edgeId, connectionId: cp.connectionId, at: new Date(clock.now()).toISOString(), detail: `silent for ${missed} heartbeat intervals` });
      out.events.push({ name: 'chargePoint', payload: { change: 'offline', chargePoint: store.chargePoints.get(chargePointId)! } });
    });
    await finish(out);
  }

  /**
   * The store may say "online" from a previous run. In-process, no connection survives a restart: all offline.
   * Behind a broker, edges may still hold the sockets: the liveness watchdog decides for each charger.
   */
  async function reconcilePresence(): Promise<void> {
    if (transport.status().kind === 'in-process') {
      const n = await uow.run(() => store.chargePoints.markAllDisconnected(new Date(clock.now()).toISOString(), 'backend restarted'));
      if (n > 0) log.info({ chargers: n }, 'marked chargers from the previous run offline');
      return;
    }
    for (const cp of store.chargePoints.onlineIds()) core.liveness.heard(cp.id, livenessTimeoutMs(core, cp.heartbeatInterval));
  }

  async function handle(event: EdgeEvent): Promise<void> {
    if (stopped) throw new Error('Backend is stopped; the event was not handled');
    return perCharger.run(event.chargePointId, async () => {
      switch (event.kind) {
        case 'connect':
          return onConnect(event);
        case 'frame':
          return onFrame(event);
        case 'disconnect':
          return onDisconnect(event);
        case 'callSent':
          return onCallSent(event);
        case 'callFailed':
          return onCallFailed(event);
      }
    });
  }

  // -----------------------------------------------------------------------------------------------------------
  // Server-initiated CALLs

  async function sendCall<A extends CentralSystemAction>(chargePointId: string, action: A, payload: RequestOf<A>, o: SendCallOptions = {}): Promise<ResponseOf<A>> {
    if (stopped) throw new CallFailedError({ reason: 'stopped', chargePointId, messageId: '', action, description: 'the backend is stopped' });
    if (!isCentralSystemAction(action)) {
      throw new OcppError('NotSupported', `${String(action)} is not a central-system action; use one of the 19 CS→CP actions`);
    }
    const s = settings.get();
    const v = validatePayload(action, 'req', payload, s.validation);
    if (!v.ok) assertPayload(action, 'req', payload); // throws the OcppError with the validation code
    if (v.problem) log.warn({ chargePointId, action, problem: v.problem.message }, 'sending an invalid CALL (validation: warn)');
    const timeoutMs = o.timeoutMs ?? s.calls.timeoutMs;
    const delayMs = o.delayMs ?? 0;
    const messageId = newMessageId();
    const text = serializeFrame(call(messageId, action, payload as Record<string, unknown>));
    const connectionId = store.chargePoints.get(chargePointId)?.connectionId ?? null;
    const row = await uow.run(() =>
      store.frames.insert({ atMs: clock.now(), chargePointId, connectionId, direction: 'out', messageType: 'CALL', action, messageId, state: 'queued', raw: text }),
    );
    events.emit('frame', row);
    return new Promise<ResponseOf<A>>((resolve, reject) => {
      const ahead = core.pending.forCharger(chargePointId).length;
      const pending: PendingCall = {
        chargePointId,
        messageId,
        action,
        payload: payload as Record<string, unknown>,
        connectionId,
        frameId: row.id,
        timeoutMs,
        resolve: resolve as unknown as (p: Record<string, unknown>) => void,
        reject,
        timer: null,
      };
      // Until the edge reports the CALL written, allow for the CALLs queued ahead of it.
      core.pending.add(pending, (ahead + 1) * (timeoutMs + delayMs) + s.calls.safetyMarginMs);
      transport.send({ kind: 'call', chargePointId, messageId, text, timeoutMs, delayMs }).catch((err: unknown) => {
        const reason: CallFailureReason = err instanceof NoRouteError ? 'noRoute' : 'disconnected';
        void failCall(pending, reason, err instanceof Error ? err.message : String(err));
      });
    });
  }

  return {
    store,
    settings,
    events,
    async start() {
      stopped = false;
      await reconcilePresence();
      await transport.start((e) => handle(e));
      log.info({ transport: transport.status().kind }, 'backend started');
    },
    async stop() {
      stopped = true;
      core.liveness.stop();
      for (const p of core.pending.all()) await failCall(p, 'stopped', 'the backend stopped');
      await transport.stop();
    },
    handle,
    sendCall,
    pendingCallCount: () => core.pending.size,
    middleware: {
      list: () => chains.list(),
      setEnabled: (action, name, enabled) => chains.setEnabled(action, name, enabled),
      reorder: (action, names) => chains.reorder(action, names),
      reset: () => chains.reset(),
      catalog: () => chains.catalog(),
    },
  };
}

function sniffType(text: string): 'CALL' | 'CALLRESULT' | 'CALLERROR' | null {
  const m = /^\s*\[\s*([234])\s*,/.exec(text);
  if (!m) return null;
  return m[1] === '2' ? 'CALL' : m[1] === '3' ? 'CALLRESULT' : 'CALLERROR';
}
