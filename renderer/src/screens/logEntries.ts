/**
 * The message log's rows in the renderer: pages from the API and frames from the live stream merged into one list,
 * newest first, with each entry (a CALL and its reply, or a lone frame) exactly once.
 *
 * Rows are keyed by frame id, the server's wire order: a page and a live batch may carry the same frame (the page
 * was read while the frame was on its way), a queued server CALL comes back with a new id once it reached the
 * wire (`replacesId`), a reply may arrive before the CALL it answers. Every case ends in one row per entry; a
 * duplicate key would make React leave stale rows drawn over the real ones.
 */
import type { FrameView, LogEntry } from '../../../core/api/types.js';
import type { LogFilter } from '../api/client.js';

/** Recently seen frames, to pair a reply with its CALL whichever comes first. */
export class FrameMemory {
  private readonly byId = new Map<number, FrameView>();
  private readonly replyOf = new Map<number, FrameView>();
  constructor(private readonly max = 5000) {}

  remember(f: FrameView): void {
    this.byId.delete(f.id);
    this.byId.set(f.id, f);
    if (f.callFrameId != null && f.messageType !== 'CALL') this.replyOf.set(f.callFrameId, f);
    if (this.byId.size > this.max) {
      const oldest = this.byId.keys().next().value as number;
      const o = this.byId.get(oldest);
      this.byId.delete(oldest);
      if (o?.callFrameId != null && this.replyOf.get(o.callFrameId) === o) this.replyOf.delete(o.callFrameId);
    }
  }
  get(id: number): FrameView | undefined {
    return this.byId.get(id);
  }
  replyTo(callId: number): FrameView | undefined {
    return this.replyOf.get(callId);
  }
}

/** Sort rank of an id, newest first: CALLs still queued (placeholder ids < 0, the newest most negative) head the log. */
const rankOfId = (id: number): number => (id < 0 ? 1e15 - id : id);

/**
 * An entry's place in the log, as the API orders it: by the id of the frame that put it there — its CALL (or lone
 * frame) without a type filter, the frame of that type with one (a CALLRESULT row sits where the result arrived).
 */
function ranker(filter: LogFilter): (e: LogEntry) => number {
  if (!filter.messageType) return (e) => rankOfId(e.id);
  return (e) => {
    const row = e.call && frameMatches(filter, e.call) ? e.call : e.reply && frameMatches(filter, e.reply) ? e.reply : (e.call ?? e.reply);
    return rankOfId(row?.id ?? e.id);
  };
}

/** Whether a frame passes the filter's row conditions (as the API applies them to a stored frame). */
export function frameMatches(f: LogFilter, fr: FrameView): boolean {
  if (f.chargePointId && fr.chargePointId !== f.chargePointId) return false;
  if (f.action && fr.action !== f.action) return false;
  if (f.direction && fr.direction !== f.direction) return false;
  if (f.from && Date.parse(fr.at) < Date.parse(f.from)) return false;
  if (f.to && Date.parse(fr.at) >= Date.parse(f.to)) return false;
  if (f.messageType) {
    const invalid = fr.messageType === 'INVALID' || (fr.errorCode != null && fr.messageType !== 'CALLERROR');
    if (f.messageType === 'INVALID' ? !invalid : fr.messageType !== f.messageType) return false;
  }
  if (f.q) {
    const hay = `${fr.messageId ?? ''} ${fr.action ?? ''} ${typeof fr.payload === 'string' ? fr.payload : JSON.stringify(fr.payload ?? '')}`.toLowerCase();
    if (!hay.includes(f.q.toLowerCase())) return false;
  }
  return true;
}

/** Whether an entry belongs in the log under this filter (one of its frames passes, as on the server). */
export function entryMatches(f: LogFilter, e: LogEntry): boolean {
  if (f.messageType) return (!!e.call && frameMatches(f, e.call)) || (!!e.reply && frameMatches(f, e.reply));
  const row = e.call ?? e.reply;
  return !!row && frameMatches(f, row);
}

function entryOf(call: FrameView | null, reply: FrameView | null, key: number): LogEntry {
  const first = (call ?? reply) as FrameView;
  return {
    id: key,
    chargePointId: first.chargePointId,
    action: call?.action ?? reply?.action ?? null,
    call,
    reply,
    latencyMs: call && reply ? Date.parse(reply.at) - Date.parse(call.at) : null,
  };
}

/** The entry with this frame in its slot: a CALL in the call slot, a reply in the reply slot. */
function place(e: LogEntry, f: FrameView): LogEntry {
  const asCall = f.messageType === 'CALL' || (f.messageType === 'INVALID' && e.call?.id === f.id);
  return asCall ? entryOf(answered(f, e.reply), e.reply, e.id) : entryOf(answered(e.call, f), f, e.id);
}

/** A server CALL still waiting for its reply is answered (or errored) by it, as the backend records it. */
function answered(call: FrameView | null, reply: FrameView | null): FrameView | null {
  if (!call || !reply || (call.state !== 'sent' && call.state !== 'queued')) return call;
  return { ...call, state: reply.messageType === 'CALLERROR' ? 'error' : 'answered' };
}

/** Merges two newest-first lists into one, each key once (the `fresh` entry wins). */
function mergeSorted(existing: LogEntry[], fresh: LogEntry[], rank: (e: LogEntry) => number): LogEntry[] {
  if (fresh.length === 0) return existing;
  const byKey = new Map<number, LogEntry>();
  for (const e of fresh) byKey.set(e.id, e);
  const incoming = [...byKey.values()].sort((a, b) => rank(b) - rank(a));
  const out: LogEntry[] = [];
  let i = 0;
  let j = 0;
  while (i < existing.length || j < incoming.length) {
    const a = existing[i];
    const b = incoming[j];
    if (a && byKey.has(a.id)) {
      i++;
      continue;
    }
    if (b && (!a || rank(b) >= rank(a))) {
      out.push(b);
      j++;
    } else if (a) {
      out.push(a);
      i++;
    }
  }
  return out;
}

/** Adds API entries (a page, older or newer) to the list: one row per entry, newest first. */
export function mergePage(entries: LogEntry[], page: LogEntry[], filter: LogFilter, max = Infinity): LogEntry[] {
  const out = mergeSorted(entries, page, ranker(filter));
  return out.length > max ? out.slice(0, max) : out;
}

/**
 * Merges a live batch (oldest first) into the list. A frame already shown updates its row; a reply joins its
 * CALL's row; a moved CALL (replacesId) takes its new place; anything else starts a row if it passes the filter.
 */
export function mergeLive(entries: LogEntry[], frames: FrameView[], filter: LogFilter, memory: FrameMemory, max = Infinity): LogEntry[] {
  if (frames.length === 0) return entries;
  const index = new Map<number, number>();
  entries.forEach((e, i) => {
    index.set(e.id, i);
    if (e.call) index.set(e.call.id, i);
    if (e.reply) index.set(e.reply.id, i);
  });
  let list = entries;
  const removed = new Set<number>();
  const fresh = new Map<number, LogEntry>();
  const edit = (i: number, e: LogEntry): void => {
    if (list === entries) list = [...entries];
    list[i] = e;
  };
  /** The entry holding this frame id, wherever it is (already listed or new in this batch). */
  const holder = (frameId: number): { at: 'list'; i: number; e: LogEntry } | { at: 'fresh'; e: LogEntry } | null => {
    for (const e of fresh.values()) if (e.id === frameId || e.call?.id === frameId || e.reply?.id === frameId) return { at: 'fresh', e };
    const i = index.get(frameId);
    if (i === undefined || removed.has(i)) return null;
    return { at: 'list', i, e: list[i] as LogEntry };
  };
  const put = (h: NonNullable<ReturnType<typeof holder>>, e: LogEntry): void => {
    if (h.at === 'list') edit(h.i, e);
    else fresh.set(h.e.id, e);
  };

  for (const f of frames) {
    memory.remember(f);
    if (f.replacesId !== undefined && f.replacesId !== f.id) {
      const old = holder(f.replacesId);
      if (old?.at === 'list') removed.add(old.i);
      else if (old) fresh.delete(old.e.id);
    }
    const known = holder(f.id);
    if (known) {
      put(known, place(known.e, f));
      continue;
    }
    const isReply = f.messageType === 'CALLRESULT' || f.messageType === 'CALLERROR';
    if (isReply && f.callFrameId != null) {
      const withCall = holder(f.callFrameId);
      if (withCall) {
        put(withCall, place(withCall.e, f));
        continue;
      }
    }
    // A new row, as the API would list it: CALLs and unlinked frames (or, filtered by type, the matching frame).
    const linkedReply = isReply && f.callFrameId != null;
    if (!filter.messageType && linkedReply) continue;
    if (!frameMatches(filter, f)) continue;
    if (f.messageType === 'CALL') {
      const reply = memory.replyTo(f.id) ?? null;
      fresh.set(f.id, entryOf(answered(f, reply), reply, f.id));
    } else if (linkedReply) fresh.set(f.callFrameId as number, entryOf(answered(memory.get(f.callFrameId as number) ?? null, f), f, f.callFrameId as number));
    else fresh.set(f.id, f.messageType === 'INVALID' ? entryOf(f, null, f.id) : entryOf(null, f, f.id));
  }
  if (removed.size) list = list.filter((_, i) => !removed.has(i));
  const out = mergeSorted(list, [...fresh.values()], ranker(filter));
  return out.length > max ? out.slice(0, max) : out;
}
