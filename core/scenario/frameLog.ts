/**
 * The frames a scenario run exchanged, in order, as seen from the charger side: what each charger sent
 * ("charger") and what the central system sent it ("csms"). Assertions and waits read this log only, so they
 * work the same against ChargeBench's backend and any other CSMS.
 */
import { parseFrame, type Frame } from '../ocpp/index.js';
import type { ProtocolVersion } from '../ocpp/protocol.js';
import { protocols } from '../ocpp/protocols.js';
import type { Clock } from '../util/clock.js';
import type { FrameSource } from './types.js';

export interface RecordedFrame {
  seq: number;
  /** Milliseconds since the epoch on the run's (possibly fast-forwarded) clock. */
  at: number;
  charger: string;
  from: FrameSource;
  /** The text as it went over the wire (kept even when it is not a valid frame). */
  text: string;
  /** The parsed frame, or null when the text is not a valid OCPP-J frame. */
  frame: Frame | null;
}

type Listener = (f: RecordedFrame) => void;

export class FrameLog {
  private readonly frames: RecordedFrame[] = [];
  private readonly listeners = new Set<Listener>();
  /** CALL frames by charger+direction+id, to find the action a reply answers. */
  private readonly calls = new Map<string, RecordedFrame>();
  /** Replies by the CALL's seq. */
  private readonly replies = new Map<number, RecordedFrame>();

  constructor(private readonly clock: Clock) {}

  /** `protocol`: the charger's OCPP version, whose error codes a CALLERROR may carry (default 1.6). */
  record(charger: string, from: FrameSource, text: string, at = this.clock.now(), protocol: ProtocolVersion = 'ocpp1.6'): RecordedFrame {
    let frame: Frame | null;
    try {
      frame = parseFrame(text, protocols[protocol].errors);
    } catch {
      frame = null;
    }
    const rec: RecordedFrame = { seq: this.frames.length, at, charger, from, text, frame };
    this.frames.push(rec);
    if (frame) {
      if (frame[0] === 2) this.calls.set(callKey(charger, from, frame[1]), rec);
      else {
        const callFrom: FrameSource = from === 'charger' ? 'csms' : 'charger';
        const c = this.calls.get(callKey(charger, callFrom, frame[1]));
        if (c && !this.replies.has(c.seq)) this.replies.set(c.seq, rec);
      }
    }
    for (const l of this.listeners) l(rec);
    return rec;
  }

  all(): readonly RecordedFrame[] {
    return this.frames;
  }

  get length(): number {
    return this.frames.length;
  }

  /** The CALLRESULT/CALLERROR answering a CALL, once it arrived. */
  replyTo(call: RecordedFrame): RecordedFrame | undefined {
    return this.replies.get(call.seq);
  }

  /** The CALL a CALLRESULT/CALLERROR answers. */
  callOf(reply: RecordedFrame): RecordedFrame | undefined {
    if (!reply.frame || reply.frame[0] === 2) return undefined;
    const c = this.calls.get(callKey(reply.charger, reply.from === 'charger' ? 'csms' : 'charger', reply.frame[1]));
    return c && this.replies.get(c.seq) === reply ? c : undefined;
  }

  /** The action of a CALL, or of the CALL a reply answers. */
  actionOf(rec: RecordedFrame): string | undefined {
    if (!rec.frame) return undefined;
    if (rec.frame[0] === 2) return rec.frame[2];
    const c = this.callOf(rec);
    return c?.frame?.[0] === 2 ? c.frame[2] : undefined;
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Resolves with the first frame (from seq `fromSeq` on, including frames already logged) for which `test`
   * holds, or null once `timeoutMs` of clock time passed. `test` is re-run for earlier frames whenever a new
   * frame arrives, because a CALL may match only once its reply is in.
   */
  waitFor(test: (f: RecordedFrame) => boolean, fromSeq: number, timeoutMs: number, signal?: AbortSignal): Promise<RecordedFrame | null> {
    const scan = (): RecordedFrame | null => {
      for (let i = fromSeq; i < this.frames.length; i++) {
        const f = this.frames[i] as RecordedFrame;
        if (test(f)) return f;
      }
      return null;
    };
    const found = scan();
    if (found || timeoutMs <= 0) return Promise.resolve(found);
    return new Promise((resolve) => {
      let done = false;
      const finish = (v: RecordedFrame | null) => {
        if (done) return;
        done = true;
        unsubscribe();
        this.clock.clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        resolve(v);
      };
      const onAbort = () => finish(null);
      const unsubscribe = this.subscribe(() => {
        const f = scan();
        if (f) finish(f);
      });
      const timer = this.clock.setTimeout(() => finish(scan()), timeoutMs);
      signal?.addEventListener('abort', onAbort);
    });
  }
}

function callKey(charger: string, from: FrameSource, id: string): string {
  return `${charger}\u0000${from}\u0000${id}`;
}
