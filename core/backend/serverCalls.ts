/**
 * Server-initiated CALLs: validated against the charger's OCPP version (the one of its connection, recorded on
 * the charge point), stored, queued at the edge; the caller's promise is settled by the reply (inboundReply.ts),
 * by callFailed / disconnect events, or by the backend's own safety timer.
 */
import { NoRouteError, type CallFailedEvent, type CallSentEvent } from '../transport/types.js';
import {
  OcppError,
  call,
  newMessageId,
  protocols,
  serializeFrame,
  type CentralSystemAction,
  type ProtocolVersion,
  type RequestOf,
  type ResponseOf,
} from '../ocpp/index.js';
import { CallFailedError, type CallFailureReason } from './errors.js';
import type { PendingCall } from './pendingCalls.js';
import type { BackendCore, SendCallOptions } from './core.js';
import { eventMs } from './inboundFrame.js';

/**
 * Sends a CALL in the charger's version. `expect` (sendVersionedCall) refuses a charger speaking another version
 * instead of sending it a payload typed for the wrong one.
 */
export async function sendCall<A extends CentralSystemAction>(
  core: BackendCore,
  chargePointId: string,
  action: A,
  payload: RequestOf<A>,
  o: SendCallOptions = {},
  expect?: ProtocolVersion,
): Promise<ResponseOf<A>> {
  if (core.isStopped()) throw new CallFailedError({ reason: 'stopped', chargePointId, messageId: '', action, description: 'the backend is stopped' });
  const cp = core.store.chargePoints.get(chargePointId);
  const protocol = cp?.protocol ?? expect ?? 'ocpp1.6';
  const p = protocols[protocol];
  if (expect && protocol !== expect) {
    throw new OcppError('NotSupported', `${chargePointId} speaks ${protocol}, not ${expect}: send it ${protocol} CALLs`);
  }
  if (!p.isCentralSystemAction(action)) {
    throw new OcppError(
      'NotSupported',
      `${String(action)} is not an ${p.title} central-system action; use one of the ${p.centralSystemActions.length} ${p.terms.centralSystem}→${p.terms.charger} actions`,
    );
  }
  const s = core.settings.get();
  const v = p.validator.validate(action, 'req', payload, s.validation);
  if (!v.ok) p.validator.assert(action, 'req', payload); // throws the OcppError with the validation code
  if (v.problem) core.log.warn({ chargePointId, action, protocol, problem: v.problem.message }, 'sending an invalid CALL (validation: warn)');
  const timeoutMs = o.timeoutMs ?? s.calls.timeoutMs;
  const delayMs = o.delayMs ?? 0;
  const messageId = newMessageId();
  const text = serializeFrame(call(messageId, action, payload as Record<string, unknown>));
  const connectionId = cp?.connectionId ?? null;
  // Stored before it is sent, under a placeholder id: it takes its place in the log when the edge writes it.
  const row = await core.uow.run(() =>
    core.store.frames.insertQueued({
      atMs: core.clock.now(),
      chargePointId,
      connectionId,
      direction: 'out',
      messageType: 'CALL',
      action,
      messageId,
      protocol,
      raw: text,
    }),
  );
  core.events.emit('frame', row);
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
    core.transport.send({ kind: 'call', chargePointId, messageId, text, timeoutMs, delayMs }).catch((err: unknown) => {
      const reason: CallFailureReason = err instanceof NoRouteError ? 'noRoute' : 'disconnected';
      void core.failCall(pending, reason, err instanceof Error ? err.message : String(err));
    });
  });
}

/** The edge wrote the CALL to the socket: its log time (and place, see store/frames.ts toWire) is that moment. */
export async function onCallSent(core: BackendCore, event: CallSentEvent): Promise<void> {
  const p = core.pending.get(event.chargePointId, event.messageId);
  const call = p ? core.store.frames.get(p.frameId) : core.store.frames.findOutboundCall(event.chargePointId, event.messageId);
  if (call) {
    const sentMs = eventMs(core, event.at);
    const placed = await core.uow.run(() =>
      call.id < 0
        ? core.store.frames.toWire(call.id, { atMs: sentMs, sentAtMs: sentMs, state: 'sent', connectionId: event.connectionId })
        : core.store.frames.setSentTime(call.id, sentMs)
          ? core.store.frames.get(call.id)
          : undefined,
    );
    if (placed) {
      if (p && p.frameId === call.id) p.frameId = placed.id;
      core.events.emit('frameUpdated', { previousId: call.id, frame: placed });
    }
  }
  if (p) {
    if (!p.connectionId) p.connectionId = event.connectionId;
    core.pending.arm(p, p.timeoutMs + core.settings.get().calls.safetyMarginMs);
  }
}

export async function onCallFailed(core: BackendCore, event: CallFailedEvent): Promise<void> {
  const p = core.pending.take(event.chargePointId, event.messageId);
  if (p) {
    await core.failCall(p, event.reason, event.description, true, eventMs(core, event.at));
    return;
  }
  const call = core.store.frames.findOutboundCall(event.chargePointId, event.messageId);
  if (call && (call.state === 'queued' || call.state === 'sent')) {
    await endCallRow(core, call.id, event.reason === 'timeout' ? 'timeout' : 'failed', eventMs(core, event.at), `${event.reason}: ${event.description}`);
  }
}

/** Rejects a pending call, records why, tells subscribers. */
export async function failCall(
  core: BackendCore,
  p: PendingCall,
  reason: CallFailureReason,
  description: string,
  alreadyTaken = false,
  atMs = core.clock.now(),
): Promise<void> {
  if (!alreadyTaken && !core.pending.take(p.chargePointId, p.messageId)) return;
  try {
    await endCallRow(core, p.frameId, reason === 'timeout' ? 'timeout' : 'failed', atMs, `${reason}: ${description}`);
  } catch (err) {
    core.log.error({ err }, 'could not record a failed CALL');
  }
  p.reject(new CallFailedError({ reason, chargePointId: p.chargePointId, messageId: p.messageId, action: p.action, description }));
  core.events.emit('callFailed', { chargePointId: p.chargePointId, messageId: p.messageId, action: p.action, reason, description, payload: p.payload });
}

/**
 * Records how a CALL ended without a reply. One that never left the queue takes its place in the log at the
 * moment it was given up (state failed/timeout, no sent time, its queued time kept).
 */
async function endCallRow(core: BackendCore, frameId: number, state: 'timeout' | 'failed', atMs: number, why: string): Promise<void> {
  const row = await core.uow.run(() => {
    const { frames } = core.store;
    let id = frameId;
    if (frameId < 0) {
      const placed = frames.toWire(frameId, { atMs, sentAtMs: null, state });
      if (!placed) return undefined;
      id = placed.id;
    } else frames.setState(frameId, state);
    frames.describeEnd(id, why);
    return frames.get(id);
  });
  if (row) core.events.emit('frameUpdated', { previousId: frameId, frame: row });
}

/**
 * At start: CALLs a previous run queued and never saw leave the queue are given up (failed, no sent time), so
 * nothing stays "queued" forever. Should the edge still send one, its sent report sets the time (onCallSent).
 */
export async function endLeftoverCalls(core: BackendCore): Promise<void> {
  const left = core.store.frames.queued();
  if (left.length === 0) return;
  const at = core.clock.now();
  await core.uow.run(() => {
    for (const f of left) {
      const placed = core.store.frames.toWire(f.id, { atMs: at, sentAtMs: null, state: 'failed' });
      if (placed) core.store.frames.describeEnd(placed.id, 'failed: queued when the previous run of the central system ended; never sent');
    }
  });
  core.log.warn({ calls: left.length }, 'server CALLs left queued by the previous run are marked failed (never sent)');
}
