/**
 * A CALL from a charger, handled in its connection's OCPP version (protocols[version]): unknown action →
 * NotImplemented, a central-system-only action → NotSupported, invalid payload → the validation error's code
 * (strict), an action no middleware of that version handles yet → NotImplemented, else the version's middleware
 * chain for the action in a savepoint. Any exception in the chain rolls its writes back and becomes CALLERROR
 * InternalError. Error codes go out in the version's own spelling. The reply is stored, linked to the CALL, and
 * sent after commit.
 */
import {
  OcppError,
  callError,
  callErrorFrom,
  callResult,
  ownCode,
  protocols,
  serializeFrame,
  toOcppError,
  type CallFrame,
  type ChargePointAction,
  type Frame,
  type Payload,
  type ProtocolVersion,
} from '../ocpp/index.js';
import type { FrameEvent } from '../transport/types.js';
import type { CallContext } from './context.js';
import type { BackendCore, Outcome } from './core.js';
import { compose } from './compose.js';
import { contextBase } from './makeContext.js';
import { storedEventId } from './redelivery.js';

export async function handleInboundCall(
  core: BackendCore,
  event: FrameEvent,
  frame: CallFrame,
  atMs: number,
  out: Outcome,
  protocol: ProtocolVersion = 'ocpp1.6',
): Promise<void> {
  const { store, uow } = core;
  const p = protocols[protocol];
  const [, messageId, action, payload] = frame;
  const inRow = store.frames.insert({
    atMs,
    chargePointId: event.chargePointId,
    connectionId: event.connectionId,
    direction: 'in',
    messageType: 'CALL',
    action,
    messageId,
    eventId: storedEventId(core, event),
    protocol,
    raw: event.text,
  });
  let reply: Frame;
  let invalid = false;
  if (!p.isAction(action)) {
    reply = callError(messageId, 'NotImplemented', `Unknown action "${action}": not an ${p.title} action`);
  } else if (!p.isChargerAction(action)) {
    reply = callError(messageId, 'NotSupported', `${action} is sent by a ${p.terms.centralSystem} to a ${p.terms.charger}, not by a ${p.terms.charger}`);
  } else {
    const strictness = core.settings.get().validation;
    const v = p.validator.validate(action, 'req', payload, strictness);
    if (v.problem) {
      store.frames.markInvalid(inRow.id, v.problem.code, v.problem.message);
      invalid = true;
    }
    if (!v.ok && v.problem) {
      reply = callError(messageId, v.problem.code, v.problem.message, { errors: v.problem.errors });
    } else if (!core.chains.handles(protocol, action, 'call')) {
      // Known, but not handled here: NotSupported ("recognized but not supported"; NotImplemented is for unknown actions).
      reply = callError(
        messageId,
        'NotSupported',
        `${action} is an ${p.title} action this central system does not support (no middleware in the ${protocol}/${action} chain)`,
      );
    } else {
      if (v.problem) core.log.warn({ chargePointId: event.chargePointId, action, problem: v.problem.message }, 'invalid request accepted (validation: warn)');
      const events = out.events.length;
      const afterCommit = out.afterCommit.length;
      try {
        const response = await uow.savepoint(() => runCallChain(core, event, protocol, action as ChargePointAction, messageId, payload, inRow.id, out));
        reply = callResult(messageId, response);
        out.afterCommit.push(() => core.autoRemoteStarts.observe(event.chargePointId, action, payload, response, protocol));
      } catch (err) {
        // Nothing of the failed chain survives: its writes are rolled back, its events and side effects dropped.
        out.events.length = events;
        out.afterCommit.length = afterCommit;
        out.sideEffects.length = 0;
        const e = toOcppError(err);
        core.log.error({ err, chargePointId: event.chargePointId, action, messageId }, 'CALL handling failed; answered with CALLERROR');
        reply = callErrorFrom(messageId, e);
      }
    }
  }
  if (reply[0] === 4) reply[2] = ownCode(p.errors, reply[2]);
  const text = serializeFrame(reply);
  const nowMs = core.clock.now();
  const latencyMs = Math.max(0, nowMs - atMs);
  const outRow = store.frames.insert({
    atMs: nowMs,
    chargePointId: event.chargePointId,
    connectionId: event.connectionId,
    direction: 'out',
    messageType: reply[0] === 3 ? 'CALLRESULT' : 'CALLERROR',
    action,
    messageId,
    callFrameId: inRow.id,
    latencyMs,
    errorCode: reply[0] === 4 ? reply[2] : null,
    errorDescription: reply[0] === 4 ? reply[3] : null,
    protocol,
    raw: text,
  });
  if (invalid) {
    // The validation mark changed the stored CALL row after it was inserted: read that one back.
    store.frames.linkReply(inRow.id, outRow.id, latencyMs, null);
    out.frames.push(store.frames.get(inRow.id)!, outRow);
  } else {
    out.frames.push(store.frames.linkHeldReply(inRow, outRow.id, latencyMs), outRow);
  }
  out.reply = { text, connection: event };
}

async function runCallChain(
  core: BackendCore,
  event: FrameEvent,
  protocol: ProtocolVersion,
  action: ChargePointAction,
  messageId: string,
  payload: Payload,
  frameId: number,
  out: Outcome,
): Promise<Payload> {
  const { validator } = protocols[protocol];
  const ctx: CallContext = {
    ...contextBase(core, { ref: event, messageId, frameId, out, protocol }),
    kind: 'call',
    action,
    request: payload as never,
    response: undefined,
  };
  await compose(core.chains.resolveFor(protocol, action, 'call'))(ctx);
  let response = ctx.response as Payload | undefined;
  if (response === undefined) {
    // Every middleware that answers this action is disabled: an empty reply when the schema allows it.
    if (validator.check(action, 'conf', {}) !== null) {
      throw new OcppError('NotSupported', `No enabled middleware answers ${action}; enable one in the middleware settings`);
    }
    response = {};
  }
  const v = validator.validate(action, 'conf', response, core.settings.get().validation);
  if (!v.ok && v.problem) throw new OcppError('InternalError', `Our ${action} reply failed validation (a middleware bug): ${v.problem.message}`);
  if (v.problem) core.log.warn({ action, problem: v.problem.message }, 'sending an invalid reply (validation: warn)');
  return response;
}
