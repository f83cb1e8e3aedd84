/**
 * OCPP-J RPC on the charger side, version-independent: message ids, incoming text parsed with the one framing
 * (core/ocpp/frames.ts), CALLs handed to the protocol port for an answer, replies to the outbox, bad frames
 * answered with a CALLERROR where the framing allows.
 */
import { CALL, CALLERROR, FrameParseError, parseFrame } from '../../ocpp/index.js';
import type { Answer, ProtocolPort } from '../protocolPort.js';
import type { Outbox } from './outbox.js';
import type { WireState } from './wire.js';

export interface RpcHost {
  readonly state: WireState;
  readonly port: ProtocolPort;
  readonly outbox: Outbox;
  write(text: string): boolean;
  /** How long to hold an answer back (answer-late fault), ms. */
  answerDelayMs(): number;
}

export class Rpc {
  private seq: number;

  constructor(
    private readonly host: RpcHost,
    firstSeq: number,
  ) {
    this.seq = firstSeq;
  }

  restartIds(at: number): void {
    this.seq = at;
  }

  nextMessageId(): string {
    this.seq = (this.seq + 1) % 0x7fffffff;
    return String(this.seq);
  }

  received(text: string): void {
    const s = this.host.state;
    s.stats.framesIn++;
    if (s.bus.wants('frame')) s.emit({ kind: 'frame', chargerId: s.id, at: s.now(), dir: 'in', text });
    let frame;
    try {
      frame = parseFrame(text, this.host.port.errors);
    } catch (err) {
      if (err instanceof FrameParseError) {
        s.error(`bad frame from ${this.host.port.peer}: ${err.message}`);
        // OCPP-J 2.0.1 allows an ErrorDescription of 255 characters at most; 1.6 names no limit, the same cut does no harm.
        if (err.answerable) this.host.write(JSON.stringify([CALLERROR, err.messageId, err.code, err.message.slice(0, 255), {}]));
        return;
      }
      throw err;
    }
    if (frame[0] === CALL) {
      s.stats.callsIn++;
      const answer = this.host.port.answer(frame[1], frame[2], frame[3]);
      if (answer) this.reply(answer);
      return;
    }
    this.host.outbox.replied(frame);
  }

  /** Puts an answer on the wire (honouring the answer-late fault), then runs what follows it. */
  private reply(answer: Answer): void {
    const delay = this.host.answerDelayMs();
    if (delay > 0) {
      this.host.state.scheduler.after(delay, () => {
        this.host.write(answer.text);
        answer.after?.();
      });
      return;
    }
    this.host.write(answer.text);
    answer.after?.();
  }
}
