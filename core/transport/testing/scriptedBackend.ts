/**
 * A tiny scripted central system for transport/edge tests (the real backend is core/backend): stores every
 * event once (by eventId, like the real store's duplicate detection), answers each CALL with a CALLRESULT
 * (or a CALLERROR for unparseable frames), and can send server CALLs.
 */
import type { BackendTransport, EdgeEvent } from '../types.js';

export interface ScriptedBackend {
  /** Every distinct event handled, in handling order ("rows stored"). */
  events: EdgeEvent[];
  duplicates: number;
  frames(chargePointId?: string): string[];
  call(chargePointId: string, messageId: string, action: string, payload: object, timeoutMs?: number): Promise<void>;
}

export async function startScriptedBackend(transport: BackendTransport, options: { handleDelayMs?: number } = {}): Promise<ScriptedBackend> {
  const events: EdgeEvent[] = [];
  const seen = new Set<string>();
  const state = { duplicates: 0 };
  await transport.start(async (event) => {
    if (seen.has(event.eventId)) {
      state.duplicates++;
      return;
    }
    if (options.handleDelayMs) await new Promise((r) => setTimeout(r, options.handleDelayMs));
    if (event.kind === 'frame') {
      let reply: string | null = null;
      try {
        const f = JSON.parse(event.text) as unknown[];
        if (f[0] === 2) reply = JSON.stringify([3, f[1], { currentTime: new Date().toISOString() }]);
      } catch {
        reply = JSON.stringify([4, '-1', 'FormationViolation', 'Frame is not valid JSON', {}]);
      }
      if (reply) await transport.send({ kind: 'send', chargePointId: event.chargePointId, connectionId: event.connectionId, text: reply });
    }
    seen.add(event.eventId);
    events.push(event);
  });
  return {
    events,
    get duplicates() {
      return state.duplicates;
    },
    frames: (cp) => events.filter((e): e is Extract<EdgeEvent, { kind: 'frame' }> => e.kind === 'frame' && (!cp || e.chargePointId === cp)).map((e) => e.text),
    call: (cp, messageId, action, payload, timeoutMs = 5000) =>
      transport.send({ kind: 'call', chargePointId: cp, messageId, text: JSON.stringify([2, messageId, action, payload]), timeoutMs, delayMs: 0 }),
  };
}
