/**
 * A scenario step's evidence frames (raw OCPP-J text with who sent it) as log entries, so a scenario run draws
 * as a sequence too: CALLs paired with their replies by charger and message id, latency from their times.
 */
import type { FrameView, LogEntry } from '../../../core/api/types.js';
import type { EvidenceFrame } from '../../../core/api/contracts/scenarios.js';

function frameOf(e: EvidenceFrame): FrameView {
  const base = {
    id: e.seq,
    chargePointId: e.charger,
    direction: e.from === 'charger' ? ('in' as const) : ('out' as const),
    at: e.at,
    errorCode: null,
    errorDescription: null,
  };
  let msg: unknown;
  try {
    msg = JSON.parse(e.text);
  } catch {
    return { ...base, messageType: 'INVALID', messageId: null, action: null, payload: e.text };
  }
  if (!Array.isArray(msg) || typeof msg[1] !== 'string') return { ...base, messageType: 'INVALID', messageId: null, action: null, payload: e.text };
  const [type, id] = msg as [number, string];
  if (type === 2) return { ...base, messageType: 'CALL', messageId: id, action: typeof msg[2] === 'string' ? msg[2] : null, payload: msg[3] ?? null };
  if (type === 3) return { ...base, messageType: 'CALLRESULT', messageId: id, action: null, payload: msg[2] ?? null };
  if (type === 4)
    return {
      ...base,
      messageType: 'CALLERROR',
      messageId: id,
      action: null,
      payload: msg[4] ?? null,
      errorCode: typeof msg[2] === 'string' ? msg[2] : null,
      errorDescription: typeof msg[3] === 'string' ? msg[3] : null,
    };
  return { ...base, messageType: 'INVALID', messageId: id, action: null, payload: e.text };
}

/** Newest first, as the message log's entries. */
export function evidenceEntries(frames: readonly EvidenceFrame[]): LogEntry[] {
  const entries: LogEntry[] = [];
  const open = new Map<string, LogEntry>();
  for (const e of [...frames].sort((a, b) => a.seq - b.seq)) {
    const f = frameOf(e);
    if (f.messageType === 'CALL') {
      const entry: LogEntry = { id: f.id, chargePointId: f.chargePointId, action: f.action, call: f, reply: null, latencyMs: null };
      open.set(`${f.chargePointId}\u0000${f.messageId}\u0000${f.direction}`, entry);
      entries.push(entry);
      continue;
    }
    // a reply goes the other way from its CALL
    const key = `${f.chargePointId}\u0000${f.messageId}\u0000${f.direction === 'in' ? 'out' : 'in'}`;
    const call = f.messageType === 'INVALID' ? undefined : open.get(key);
    if (call?.call) {
      open.delete(key);
      call.reply = f;
      call.latencyMs = Math.max(0, Date.parse(f.at) - Date.parse(call.call.at));
    } else {
      entries.push({
        id: f.id,
        chargePointId: f.chargePointId,
        action: null,
        call: f.messageType === 'INVALID' ? f : null,
        reply: f.messageType === 'INVALID' ? null : f,
        latencyMs: null,
      });
    }
  }
  return entries.reverse();
}
