/**
 * One charger's websocket connection at the edge: forwards every received text frame to the transport
 * (bounded), writes replies and queued server CALLs, keeps the ping policy, and reports its close once.
 */
import { WebSocket, type RawData } from 'ws';
import { CallQueue } from './callQueue.js';
import { ReplyLedger } from './replyLedger.js';
import { peekEnvelope } from './envelope.js';
import { sniffEnvelope } from '../ocpp/frames.js';
import type { Clock, TimerHandle } from '../util/clock.js';
import type { Logger } from '../util/log.js';
import type { CallCommand, EdgeEvent } from '../transport/types.js';
import type { ProtocolVersion } from '../ocpp/protocol.js';

/** An EdgeEvent without the fields the edge stamps on every envelope. */
export type EventBody = EdgeEvent extends infer E
  ? E extends EdgeEvent
    ? Omit<E, 'eventId' | 'at' | 'edgeId' | 'chargePointId' | 'connectionId'>
    : never
  : never;

export interface ConnectionDeps {
  clock: Clock;
  log: Logger;
  maxPendingFrames: number;
  maxQueuedCalls: number;
  pingIntervalSec: number;
  /** Stamps and publishes an event for this connection; resolves when the transport has it. */
  emit(conn: ChargerConnection, body: EventBody): Promise<void>;
  onClosed(conn: ChargerConnection, code: number, reason: string): void;
}

const CALL = 2;
const CALLRESULT = 3;
const CALLERROR = 4;

export class ChargerConnection {
  readonly queue: CallQueue;
  /** The charger's CALLs still waiting for a reply (a reply is written at most once per CALL). */
  readonly replies = new ReplyLedger();
  private pendingFrames = 0;
  private alive = true;
  private pingTimer: TimerHandle | null = null;
  private closed = false;

  constructor(
    readonly chargePointId: string,
    readonly connectionId: string,
    readonly ws: WebSocket,
    readonly remoteAddress: string,
    readonly subprotocol: string | null,
    /** The OCPP version negotiated for this connection (one per connection). */
    readonly protocol: ProtocolVersion,
    private readonly deps: ConnectionDeps,
  ) {
    this.queue = new CallQueue({
      clock: deps.clock,
      maxWaiting: deps.maxQueuedCalls,
      write: (text) => this.write(text),
      onSent: (messageId) => void this.deps.emit(this, { kind: 'callSent', messageId }).catch((err: unknown) => this.logPublishFailure('callSent', err)),
      onFailed: (messageId, reason, description) =>
        void this.deps.emit(this, { kind: 'callFailed', messageId, reason, description }).catch((err: unknown) => this.logPublishFailure('callFailed', err)),
    });
    ws.on('message', (data, isBinary) => this.onMessage(data, isBinary));
    ws.on('pong', () => (this.alive = true));
    ws.on('close', (code, reason) => this.onClose(code, reason.toString('utf8')));
    ws.on('error', (err) => deps.log.warn({ err, chargePointId, connectionId }, 'charger socket error'));
    this.schedulePing();
  }

  get isOpen(): boolean {
    return !this.closed && this.ws.readyState === WebSocket.OPEN;
  }

  /** Writes a frame now; false when the socket cannot take it. */
  write(text: string): boolean {
    if (!this.isOpen) return false;
    this.ws.send(text);
    return true;
  }

  /**
   * Writes the backend's reply to one of the charger's CALLs. A second reply to a CALL already answered on this
   * connection (re-sent after a broker blip) is dropped; returns false only when the socket cannot take it.
   */
  writeReply(text: string): boolean {
    const head = sniffEnvelope(text);
    if (head?.id && (head.type === CALLRESULT || head.type === CALLERROR) && !this.replies.replyMayGo(head.id)) {
      this.deps.log.info({ chargePointId: this.chargePointId, messageId: head.id }, 'duplicate reply dropped (the CALL was already answered)');
      return true;
    }
    return this.write(text);
  }

  enqueueCall(call: CallCommand): void {
    this.queue.enqueue(call);
  }

  close(code: number, reason: string): void {
    if (this.ws.readyState === WebSocket.OPEN || this.ws.readyState === WebSocket.CONNECTING) this.ws.close(safeCloseCode(code), reason.slice(0, 120));
  }

  /** Replaced by a newer connection with the same id: fail its CALLs and close it. */
  replace(): void {
    this.queue.clear('replaced', 'A newer connection with the same charge point id replaced this one');
    this.close(1000, 'Replaced by a newer connection');
  }

  private onMessage(data: RawData, isBinary: boolean): void {
    const text = rawToText(data);
    if (isBinary) this.deps.log.warn({ chargePointId: this.chargePointId }, 'binary websocket frame received; OCPP-J uses text frames, forwarding as text');
    const head = sniffEnvelope(text);
    if (head?.type === CALL && head.id) this.replies.callForwarded(head.id);
    const env = this.queue.outstandingId !== null ? peekEnvelope(text) : null;
    const reply = env && (env.type === CALLRESULT || env.type === CALLERROR) ? env.id : null;
    if (this.pendingFrames >= this.deps.maxPendingFrames) {
      if (reply !== null) this.queue.onReply(reply);
      this.refuse(text, `more than ${this.deps.maxPendingFrames} frames from this charger wait for the central system`, true);
      return;
    }
    this.pendingFrames++;
    const forwarded = this.deps.emit(this, { kind: 'frame', text, protocol: this.protocol });
    // The next queued CALL goes out only now, after the reply's event is stamped: its sent time is never before
    // the reply that freed the queue (the wire order, to the millisecond).
    if (reply !== null) this.queue.onReply(reply);
    forwarded.then(
      () => {
        this.pendingFrames--;
      },
      (err: unknown) => {
        this.pendingFrames--;
        this.refuse(text, `the central system could not take the frame: ${errorMessage(err)}`, false);
      },
    );
  }

  /** A frame could not be forwarded: answer a CALL with CALLERROR (never a silent drop) and log it. */
  private refuse(text: string, why: string, disconnect: boolean): void {
    const head = sniffEnvelope(text); // a truncated CALL still shows its id
    this.deps.log.error({ chargePointId: this.chargePointId, connectionId: this.connectionId, frame: text.slice(0, 200) }, `frame not forwarded: ${why}`);
    if (head && head.type === CALL) {
      this.writeReply(JSON.stringify([CALLERROR, head.id ?? '-1', 'InternalError', `Central system busy or unavailable (${why}); retry later`, {}]));
    }
    if (disconnect) this.close(1013, 'Too many unprocessed frames; reconnect later');
  }

  private schedulePing(): void {
    const sec = this.deps.pingIntervalSec;
    if (!(sec > 0) || this.closed) return;
    this.pingTimer = this.deps.clock.setTimeout(() => {
      if (this.closed) return;
      if (!this.alive) {
        this.deps.log.warn({ chargePointId: this.chargePointId, connectionId: this.connectionId }, `no pong within ${sec} s; terminating the connection`);
        this.ws.terminate();
        return;
      }
      this.alive = false;
      try {
        this.ws.ping();
      } catch {
        // socket already closing: the close handler reports it
      }
      this.schedulePing();
    }, sec * 1000);
  }

  private onClose(code: number, reason: string): void {
    if (this.closed) return;
    this.closed = true;
    if (this.pingTimer) this.deps.clock.clearTimeout(this.pingTimer);
    this.queue.clear('disconnected', `The charger disconnected (code ${code}${reason ? `, ${reason}` : ''})`);
    this.deps.onClosed(this, code, reason);
  }

  private logPublishFailure(kind: string, err: unknown): void {
    this.deps.log.error({ err, chargePointId: this.chargePointId, connectionId: this.connectionId }, `${kind} event could not be handed to the transport`);
  }
}

function rawToText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString('utf8');
  return data.toString('utf8');
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** ws only accepts 1000 and 3000–4999 from applications. */
export function safeCloseCode(code: number): number {
  if (code === 1000 || (code >= 3000 && code <= 4999)) return code;
  if (code === 1001 || code === 1008 || code === 1011 || code === 1013) return code;
  return 1000;
}
