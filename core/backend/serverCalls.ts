/**
 * Server-initiated CALLs: validated, stored, queued at the edge; the caller's promise is settled by the reply
 * (inboundReply.ts), by callFailed / disconnect events, or by the backend's own safety timer.
 */
import { NoRouteError, type CallFailedEvent, type CallSentEvent } from '../transport/types.js';
import {
  OcppError,
  assertPayload,
  call,
  isCentralSystemAction,
  newMessageId,
  serializeFrame,
  validatePayload,
  type CentralSystemAction,
  type RequestOf,
  type ResponseOf,
} from '../ocpp/index.js';
import { CallFailedError, type CallFailureReason } from './errors.js';
import type { PendingCall } from './pendingCalls.js';
import type { BackendCore, SendCallOptions } from './core.js';
import { eventMs } from './inboundFrame.js';

export async function sendCall<A extends CentralSystemAction>(core: BackendCore, chargePointId: string, action: A, payload: RequestOf<A>, o: SendCallOptions = {}): Promise<ResponseOf<A>> {
  if (core.isStopped()) throw new CallFailedError({ reason: 'stopped', chargePointId, messageId: '', action, description: 'the backend is stopped' });
  if (!isCentralSystemAction(action)) {
    throw new OcppError('NotSupported', `${String(action)} is not a central-system action; use one of the 19 CS→CP actions`);
  }
  const s = core.settings.get();
  const v = validatePayload(action, 'req', payload, s.validation);
  if (!v.ok) assertPayload(action, 'req', payload); // throws the OcppError with the validation code
  if (v.problem) core.log.warn({ chargePointId, action, problem: v.problem.message }, 'sending an invalid CALL (validation: warn)');
  const timeoutMs = o.timeoutMs ?? s.calls.timeoutMs;
  const delayMs = o.delayMs ?? 0;
  const messageId = newMessageId();
  const text = serializeFrame(call(messageId, action, payload as Record<string, unknown>));
  const connectionId = core.store.chargePoints.get(chargePointId)?.connectionId ?? null;
  const row = await core.uow.run(() =>
    core.store.frames.insert({ atMs: core.clock.now(), chargePointId, connectionId, direction: 'out', messageType: 'CALL', action, messageId, state: 'queued', raw: text }),
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

export async function onCallSent(core: BackendCore, event: CallSentEvent): Promise<void> {
  const p = core.pending.get(event.chargePointId, event.messageId);
  const call = p ? core.store.frames.get(p.frameId) : core.store.frames.findOutboundCall(event.chargePointId, event.messageId);
  if (call) await core.uow.run(() => core.store.frames.markSent(call.id, eventMs(core, event.at)));
  if (p) {
    if (!p.connectionId) p.connectionId = event.connectionId;
    core.pending.arm(p, p.timeoutMs + core.settings.get().calls.safetyMarginMs);
  }
}

export async function onCallFailed(core: BackendCore, event: CallFailedEvent): Promise<void> {
  const p = core.pending.take(event.chargePointId, event.messageId);
  if (p) {
    await core.failCall(p, event.reason, event.description, true);
    return;
  }
  const call = core.store.frames.findOutboundCall(event.chargePointId, event.messageId);
  if (call && (call.state === 'queued' || call.state === 'sent')) {
    await core.uow.run(() => core.store.frames.setState(call.id, event.reason === 'timeout' ? 'timeout' : 'failed'));
  }
}

/** Rejects a pending call, records why, tells subscribers. */
export async function failCall(core: BackendCore, p: PendingCall, reason: CallFailureReason, description: string, alreadyTaken = false): Promise<void> {
  if (!alreadyTaken && !core.pending.take(p.chargePointId, p.messageId)) return;
  try {
    await core.uow.run(() => core.store.frames.setState(p.frameId, reason === 'timeout' ? 'timeout' : 'failed'));
  } catch (err) {
    core.log.error({ err }, 'could not record a failed CALL');
  }
  p.reject(new CallFailedError({ reason, chargePointId: p.chargePointId, messageId: p.messageId, action: p.action, description }));
  core.events.emit('callFailed', { chargePointId: p.chargePointId, messageId: p.messageId, action: p.action, reason, description });
}
