/**
 * OCPP-J frame codec: CALL [2,id,action,payload], CALLRESULT [3,id,payload], CALLERROR [4,id,code,description,details].
 * The same in every OCPP version; only the error codes differ, so parsing takes the version's ErrorVocabulary
 * (default OCPP 1.6's). Parsing checks the envelope only (shape, types); payload validation is validation.ts's job.
 */
import { OcppError, isCodeOf, type ErrorVocabulary, type FramingFault, type OcppErrorCode } from './errors.js';
import { OCPP16_ERRORS } from './v16/errors.js';

export const CALL = 2;
export const CALLRESULT = 3;
export const CALLERROR = 4;
export type MessageTypeId = typeof CALL | typeof CALLRESULT | typeof CALLERROR;
export type MessageTypeName = 'CALL' | 'CALLRESULT' | 'CALLERROR';
export const MESSAGE_TYPE_NAMES: Record<MessageTypeId, MessageTypeName> = { 2: 'CALL', 3: 'CALLRESULT', 4: 'CALLERROR' };

export type Payload = Record<string, unknown>;
export type CallFrame = [typeof CALL, string, string, Payload];
export type CallResultFrame = [typeof CALLRESULT, string, Payload];
export type CallErrorFrame = [typeof CALLERROR, string, OcppErrorCode, string, Payload];
export type Frame = CallFrame | CallResultFrame | CallErrorFrame;

/** OCPP-J message ids are strings of at most 36 characters. */
export const MAX_MESSAGE_ID_LENGTH = 36;

export function call(id: string, action: string, payload: Payload): CallFrame {
  return [CALL, id, action, payload];
}
export function callResult(id: string, payload: Payload): CallResultFrame {
  return [CALLRESULT, id, payload];
}
export function callError(id: string, code: OcppErrorCode, description: string, details: Payload = {}): CallErrorFrame {
  return [CALLERROR, id, code, description, details];
}
export function callErrorFrom(id: string, err: OcppError): CallErrorFrame {
  return callError(id, err.code, err.message, err.details);
}

export function messageTypeName(frame: Frame): MessageTypeName {
  return MESSAGE_TYPE_NAMES[frame[0]];
}

export function isPlainObject(value: unknown): value is Payload {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A frame that could not be parsed, with the id to answer to ("-1" when none could be read). */
export class FrameParseError extends OcppError {
  readonly messageId: string;
  /** Whether the sender expects an answer: only CALLs (or unreadable frames) get a CALLERROR back. */
  readonly answerable: boolean;
  /** What is wrong, independent of the version's code for it. */
  readonly fault: FramingFault | null;
  constructor(messageId: string, code: OcppErrorCode, description: string, answerable: boolean, fault: FramingFault | null = null) {
    super(code, description);
    this.name = 'FrameParseError';
    this.messageId = messageId;
    this.answerable = answerable;
    this.fault = fault;
  }
}

/** The start of a frame — `[<type>, "<id>"` — as far as it can be read from text that may not be JSON at all. */
export interface EnvelopeHead {
  type: number;
  /** The UniqueId, when it is a complete JSON string. */
  id: string | null;
}

// eslint-disable-next-line no-control-regex -- a JSON string may not contain raw control characters
const HEAD = /^\s*\[\s*(\d{1,3})\s*,\s*("(?:[^"\\\u0000-\u001f]|\\.){0,200}")?/;

/** Reads the message type and id from the head of a frame, even a truncated one (`[2,"abc","Heartbeat",{`). */
export function sniffEnvelope(text: string): EnvelopeHead | null {
  const m = HEAD.exec(text.slice(0, 512));
  if (!m) return null;
  let id: string | null = null;
  if (m[2]) {
    try {
      id = JSON.parse(m[2]) as string;
    } catch {
      id = null;
    }
  }
  return { type: Number(m[1]), id };
}

/**
 * Parses one websocket text message into a Frame. Throws FrameParseError with the version's code for the fault
 * (OCPP 1.6: not JSON / not an array / bad type or id → FormationViolation, missing elements → ProtocolError;
 * OCPP 2.0.1: RpcFrameworkError, an unknown message type MessageTypeNotSupported, a non-object payload
 * FormatViolation). A frame that is not JSON is answered on the id its head still shows when it was a CALL ("-1"
 * when no id is readable), and not at all when its head shows a reply (a CALLRESULT/CALLERROR is never answered).
 * A CALLERROR must carry one of the version's own error codes.
 */
export function parseFrame(text: string, errors: ErrorVocabulary = OCPP16_ERRORS): Frame {
  const fail = (id: string, fault: FramingFault, description: string, answerable: boolean): FrameParseError =>
    new FrameParseError(id, errors.framing[fault], description, answerable, fault);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    const head = sniffEnvelope(text);
    const reply = head?.type === CALLRESULT || head?.type === CALLERROR;
    const id = head?.type === CALL && head.id ? head.id : '-1';
    throw fail(id, 'notJson', `Frame is not valid JSON: ${(err as Error).message}`, !reply);
  }
  if (!Array.isArray(value)) {
    throw fail('-1', 'notArray', 'Frame must be a JSON array [MessageTypeId, UniqueId, ...]', true);
  }
  const [type, id] = value as unknown[];
  const idText = typeof id === 'string' ? id : '-1';
  if (type !== CALL && type !== CALLRESULT && type !== CALLERROR) {
    const fault = typeof type === 'number' ? 'unknownMessageType' : 'badMessageType';
    throw fail(idText, fault, `Unknown MessageTypeId ${JSON.stringify(type)}: expected 2 (CALL), 3 (CALLRESULT) or 4 (CALLERROR)`, true);
  }
  const answerable = type === CALL;
  if (typeof id !== 'string' || id.length === 0) {
    throw fail('-1', 'badMessageId', 'UniqueId must be a non-empty string', answerable);
  }
  if (id.length > MAX_MESSAGE_ID_LENGTH) {
    throw fail(id, 'badMessageId', `UniqueId is longer than ${MAX_MESSAGE_ID_LENGTH} characters`, answerable);
  }
  if (type === CALL) {
    if (value.length < 4) throw fail(id, 'callIncomplete', 'CALL must have 4 elements: [2, UniqueId, Action, Payload]', true);
    if (value.length > 4) throw fail(id, 'callTooLong', 'CALL must have exactly 4 elements: [2, UniqueId, Action, Payload]', true);
    const [, , action, payload] = value as [unknown, unknown, unknown, unknown];
    if (typeof action !== 'string' || action.length === 0) throw fail(id, 'badAction', 'Action must be a non-empty string', true);
    if (!isPlainObject(payload)) throw fail(id, 'badPayload', 'CALL payload must be a JSON object', true);
    return [CALL, id, action, payload];
  }
  if (type === CALLRESULT) {
    if (value.length !== 3) throw fail(id, 'badReply', 'CALLRESULT must have exactly 3 elements: [3, UniqueId, Payload]', false);
    const payload: unknown = value[2];
    if (!isPlainObject(payload)) throw fail(id, 'badReply', 'CALLRESULT payload must be a JSON object', false);
    return [CALLRESULT, id, payload];
  }
  if (value.length < 4 || value.length > 5) {
    throw fail(id, 'badReply', 'CALLERROR must have 5 elements: [4, UniqueId, ErrorCode, ErrorDescription, ErrorDetails]', false);
  }
  const [, , code, description, details] = value as [unknown, unknown, unknown, unknown, unknown];
  if (!isCodeOf(errors, code)) throw fail(id, 'unknownErrorCode', `Unknown ErrorCode ${JSON.stringify(code)}`, false);
  if (typeof description !== 'string') throw fail(id, 'badReply', 'ErrorDescription must be a string', false);
  const detailsObj = details === undefined ? {} : details;
  if (!isPlainObject(detailsObj)) throw fail(id, 'badReply', 'ErrorDetails must be a JSON object', false);
  return [CALLERROR, id, code, description, detailsObj];
}

export function serializeFrame(frame: Frame): string {
  return JSON.stringify(frame);
}
