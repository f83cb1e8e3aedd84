/**
 * A CALLRESULT/CALLERROR from a charger answering one of our CALLs: stored and linked to that CALL (with the
 * latency), validated against the action's .conf schema in the CALL's OCPP version, passed through that version's
 * "<Action>.reply" chain, then the waiting sendCall promise is settled. A reply to no known CALL is stored and
 * flagged; replies are never answered.
 */
import {
  OcppError,
  protocols,
  type CallErrorFrame,
  type CallResultFrame,
  type CentralSystemAction,
  type Payload,
  type ProtocolVersion,
} from '../ocpp/index.js';
import type { FrameEvent } from '../transport/types.js';
import type { ReplyContext } from './context.js';
import type { BackendCore, Outcome } from './core.js';
import { compose } from './compose.js';
import { contextBase } from './makeContext.js';
import { storedEventId } from './redelivery.js';

export async function handleInboundReply(
  core: BackendCore,
  event: FrameEvent,
  frame: CallResultFrame | CallErrorFrame,
  atMs: number,
  out: Outcome,
  connectionProtocol: ProtocolVersion = 'ocpp1.6',
): Promise<void> {
  const { store, uow } = core;
  const messageId = frame[1];
  const pending = core.pending.get(event.chargePointId, messageId);
  let callRow = pending ? store.frames.get(pending.frameId) : store.frames.findOutboundCall(event.chargePointId, messageId);
  if (callRow && callRow.id < 0) {
    // The reply overtook the edge's "sent" report: the CALL went out before this reply, so it takes its place in
    // the log now; its exact send time follows with that report (serverCalls.ts onCallSent).
    const previousId = callRow.id;
    callRow = store.frames.toWire(previousId, { atMs, sentAtMs: null, state: 'sent', connectionId: event.connectionId }) ?? callRow;
    if (pending) pending.frameId = callRow.id;
    out.events.push({ name: 'frameUpdated', payload: { previousId, frame: callRow } });
  }
  const isError = frame[0] === 4;
  const sentMs = callRow ? (callRow.sentAt ? Date.parse(callRow.sentAt) : Date.parse(callRow.at)) : null;
  const latencyMs = sentMs === null ? null : Math.max(0, atMs - sentMs);
  const inRow = store.frames.insert({
    atMs,
    chargePointId: event.chargePointId,
    connectionId: event.connectionId,
    direction: 'in',
    messageType: isError ? 'CALLERROR' : 'CALLRESULT',
    action: callRow?.action ?? null,
    messageId,
    callFrameId: callRow?.id ?? null,
    latencyMs,
    errorCode: isError ? (frame as CallErrorFrame)[2] : null,
    errorDescription: isError ? (frame as CallErrorFrame)[3] : null,
    eventId: storedEventId(core, event),
    protocol: connectionProtocol,
    raw: event.text,
  });
  const protocol = callRow?.protocol ?? connectionProtocol;
  if (!callRow || !callRow.action || !protocols[protocol].isCentralSystemAction(callRow.action)) {
    store.frames.markInvalid(inRow.id, 'ProtocolError', `Reply to an unknown CALL: no CALL with id "${messageId}" was sent to ${event.chargePointId}`);
    out.frames.push(store.frames.get(inRow.id)!);
    core.log.warn({ chargePointId: event.chargePointId, messageId }, 'reply to an unknown CALL; stored and ignored');
    return;
  }
  const action = callRow.action as CentralSystemAction;
  store.frames.linkReply(callRow.id, inRow.id, latencyMs, pending ? (isError ? 'error' : 'answered') : null);

  let failure: Error | null = null;
  let result: Payload | undefined;
  let error: ReplyContext['error'];
  if (isError) {
    const [, , code, description, details] = frame as CallErrorFrame;
    error = { code, description, details };
    failure = new OcppError(code, description, details);
  } else {
    result = (frame as CallResultFrame)[2];
    const v = protocols[protocol].validator.validate(action, 'conf', result, core.settings.get().validation);
    if (v.problem) store.frames.markInvalid(inRow.id, v.problem.code, v.problem.message);
    if (!v.ok && v.problem) {
      failure = new OcppError(v.problem.code, `The charger's ${action} reply is invalid: ${v.problem.message}`, { errors: v.problem.errors });
      result = undefined;
    }
  }
  if (!failure || isError) {
    const request = pending ? pending.payload : requestOf(callRow.raw);
    const events = out.events.length;
    try {
      await uow.savepoint(() => runReplyChain(core, event, protocol, action, messageId, inRow.id, callRow.id, request, result, error, out));
    } catch (err) {
      out.events.length = events;
      out.sideEffects.length = 0;
      core.log.error({ err, chargePointId: event.chargePointId, action, messageId }, 'reply middleware failed; its writes were rolled back');
    }
  }
  out.frames.push(store.frames.get(inRow.id)!);
  if (pending) {
    out.settle = () => {
      const p = core.pending.take(event.chargePointId, messageId);
      if (!p) return;
      if (failure) p.reject(failure);
      else p.resolve(result ?? {});
    };
  }
}

function requestOf(raw: string): Payload {
  try {
    const v = JSON.parse(raw) as unknown[];
    return (v[3] ?? {}) as Payload;
  } catch {
    return {};
  }
}

async function runReplyChain(
  core: BackendCore,
  event: FrameEvent,
  protocol: ProtocolVersion,
  action: CentralSystemAction,
  messageId: string,
  frameId: number,
  callFrameId: number,
  request: Payload,
  result: Payload | undefined,
  error: ReplyContext['error'],
  out: Outcome,
): Promise<void> {
  const ctx: ReplyContext = {
    ...contextBase(core, { ref: event, messageId, frameId, out, protocol }),
    kind: 'reply',
    action,
    request: request as never,
    callFrameId,
    result: result as never,
    error,
  };
  await compose(core.chains.resolveFor(protocol, action, 'reply'))(ctx);
}
