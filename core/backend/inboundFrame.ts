/**
 * A frame event: redelivery check, then one DB transaction that stores the raw frame (even unparseable ones),
 * updates the charger's presence and dispatches to the CALL or reply handler, in the OCPP version of the
 * connection it came on (stamped by the edge; for events without it, the version recorded for that connection).
 */
import {
  FrameParseError,
  callError,
  isProtocolVersion,
  ownCode,
  parseFrame,
  protocols,
  serializeFrame,
  sniffEnvelope,
  type Frame,
  type ProtocolVersion,
} from '../ocpp/index.js';
import type { FrameEvent } from '../transport/types.js';
import { isoTime } from '../util/isoTime.js';
import { emptyOutcome, type BackendCore, type Outcome } from './core.js';
import { noteFrameFrom } from './chargerPresence.js';
import { handleInboundCall } from './inboundCall.js';
import { storedEventId } from './redelivery.js';
import { handleInboundReply } from './inboundReply.js';

/** The edge's timestamp of an event, or now when it is unreadable. */
export function eventMs(core: BackendCore, at: string): number {
  const ms = Date.parse(at);
  return Number.isNaN(ms) ? core.clock.now() : ms;
}

export async function onFrame(core: BackendCore, event: FrameEvent): Promise<void> {
  const atMs = eventMs(core, event.at);
  const atIso = isoTime(atMs);
  const out = emptyOutcome();
  let resend: string | null = null;
  await core.uow.run(async () => {
    const key = storedEventId(core, event);
    const seen = key === null ? undefined : core.store.frames.byEventId(key, event.connectionId);
    if (seen && seen.raw === event.text) {
      // Redelivery of a handled frame: send the stored reply again, do not run the chain twice.
      const reply = seen.replyFrameId ? core.store.frames.get(seen.replyFrameId) : undefined;
      if (reply && seen.direction === 'in' && seen.messageType === 'CALL') resend = reply.raw;
      return;
    }
    const protocol = noteFrameFrom(core, event, atIso, atMs, out, isProtocolVersion(event.protocol) ? event.protocol : undefined);
    let frame: Frame;
    try {
      frame = parseFrame(event.text, protocols[protocol].errors);
    } catch (err) {
      storeMalformed(core, event, atMs, err, out, protocol);
      return;
    }
    if (frame[0] === 2) await handleInboundCall(core, event, frame, atMs, out, protocol);
    else await handleInboundReply(core, event, frame, atMs, out, protocol);
  });
  if (resend !== null) {
    core.log.info({ chargePointId: event.chargePointId, eventId: event.eventId }, 'redelivered frame: resending the stored reply');
    await core.transport.send({ kind: 'send', chargePointId: event.chargePointId, connectionId: event.connectionId, text: resend }).catch(() => {});
    return;
  }
  await core.finish(out);
}

function storeMalformed(core: BackendCore, event: FrameEvent, atMs: number, err: unknown, out: Outcome, protocol: ProtocolVersion): void {
  const errors = protocols[protocol].errors;
  const e = err instanceof FrameParseError ? err : new FrameParseError('-1', errors.framing.notJson, String(err), true);
  const sniff = sniffType(event.text);
  const inRow = core.store.frames.insert({
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
    eventId: storedEventId(core, event),
    protocol,
    raw: event.text,
  });
  out.frames.push(inRow);
  if (!e.answerable) return;
  const code = ownCode(errors, e.code);
  const text = serializeFrame(callError(e.messageId, code, e.message));
  const nowMs = core.clock.now();
  const outRow = core.store.frames.insert({
    atMs: nowMs,
    chargePointId: event.chargePointId,
    connectionId: event.connectionId,
    direction: 'out',
    messageType: 'CALLERROR',
    action: null,
    messageId: e.messageId,
    callFrameId: inRow.id,
    latencyMs: Math.max(0, nowMs - atMs),
    errorCode: code,
    errorDescription: e.message,
    protocol,
    raw: text,
  });
  core.store.frames.linkReply(inRow.id, outRow.id, Math.max(0, nowMs - atMs), null);
  out.frames[out.frames.length - 1] = core.store.frames.get(inRow.id)!;
  out.frames.push(outRow);
  out.reply = { text, connection: event };
}

function sniffType(text: string): 'CALL' | 'CALLRESULT' | 'CALLERROR' | null {
  const head = sniffEnvelope(text);
  return head?.type === 2 ? 'CALL' : head?.type === 3 ? 'CALLRESULT' : head?.type === 4 ? 'CALLERROR' : null;
}
