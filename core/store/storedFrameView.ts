/**
 * How a stored frame is shown (message log pages, the live stream, a frame opened by id): the payload parsed with a
 * size and depth bound, and the raw text (truncated safely) whenever the payload does not show the whole frame.
 * A frame of any shape a charger can send is readable this way — never a stack overflow, never a 500.
 */
import { MAX_VIEW_DEPTH, boundDepth, jsonNestsDeeperThan, truncateText } from '../util/boundedJson.js';

export type ViewMessageType = 'CALL' | 'CALLRESULT' | 'CALLERROR' | 'INVALID';

export interface FrameContent {
  messageType: ViewMessageType;
  /** The CALL/CALLRESULT payload or CALLERROR details; the raw text for an unparseable frame; null when not parsed. */
  payload: unknown;
  /** The raw frame text, when the payload does not show all of it (or always, with `rawAlways`), at most `maxRaw` long. */
  raw?: string;
  /** The raw text's full length when `raw` is truncated. */
  rawLength?: number;
  /** Why the payload is not the whole frame. */
  note?: string;
}

export interface FrameViewLimits {
  /** Frames longer than this are not parsed (the raw text is shown instead). */
  maxParse: number;
  /** Raw text included at most this long. */
  maxRaw: number;
  /** Include the raw text even when the payload shows everything (a frame opened by id). */
  rawAlways: boolean;
}

/** Pages and the live stream: up to 200 frames per response. */
export const LIST_LIMITS: FrameViewLimits = { maxParse: 256 * 1024, maxRaw: 16 * 1024, rawAlways: false };
/** One frame opened by id. */
export const DETAIL_LIMITS: FrameViewLimits = { maxParse: 4 * 1024 * 1024, maxRaw: 4 * 1024 * 1024, rawAlways: true };

export function frameContent(raw: string, storedType: string | null, limits: FrameViewLimits = LIST_LIMITS): FrameContent {
  let messageType: ViewMessageType = storedType === 'CALL' || storedType === 'CALLRESULT' || storedType === 'CALLERROR' ? storedType : 'INVALID';
  let payload: unknown = null;
  let note: string | undefined;
  if (raw.length > limits.maxParse) {
    note = `frame of ${raw.length.toLocaleString('en-US')} characters: payload not expanded, see the raw text`;
    if (messageType === 'INVALID') payload = truncateText(raw, limits.maxRaw);
  } else if (messageType === 'INVALID') {
    payload = truncateText(raw, limits.maxRaw);
  } else {
    try {
      const arr = JSON.parse(raw) as unknown[];
      const p = messageType === 'CALL' ? arr[3] : messageType === 'CALLRESULT' ? arr[2] : (arr[4] ?? {});
      if (jsonNestsDeeperThan(raw, MAX_VIEW_DEPTH + 1)) {
        payload = boundDepth(p, MAX_VIEW_DEPTH).value;
        note = `payload nested deeper than ${MAX_VIEW_DEPTH} levels: shown cut at that depth, see the raw text`;
      } else payload = p;
    } catch {
      messageType = 'INVALID';
      payload = truncateText(raw, limits.maxRaw);
    }
  }
  const out: FrameContent = { messageType, payload };
  if (note || limits.rawAlways || (messageType === 'INVALID' && raw.length > limits.maxRaw)) {
    out.raw = truncateText(raw, limits.maxRaw);
    if (out.raw.length < raw.length) out.rawLength = raw.length;
  }
  if (note) out.note = note;
  return out;
}
