/**
 * The charger's own CALLs: one in flight at a time, in order; a timeout per CALL; transaction messages kept across
 * disconnects and retried (TransactionMessageAttempts / RetryInterval); before the BootNotification is accepted
 * only messages allowed then go. Payloads are built at send time (a queued StopTransaction carries the
 * transactionId learned meanwhile; a 2.0.1 TransactionEvent is built when it happens, seqNo and offline flag
 * included). Version-independent (the 1.6 charger and the 2.0.1 station both use it): the host says what is
 * allowed, validates replies and writes frames. Nothing goes out while the charger is powered off.
 */
import { CALL, CALLERROR, OcppError, type Payload } from '../../ocpp/index.js';
import type { Task } from '../scheduler.js';
import type { WireState } from './wire.js';

/** The charger cannot send now (offline, not registered, powered off): the message was dropped. */
export class ChargerOfflineError extends Error {
  constructor(chargerId: string, action: string, why: string) {
    super(`${chargerId}: ${action} not sent: ${why}`);
    this.name = 'ChargerOfflineError';
  }
}

export interface SendOptions {
  /** Transaction-related: queued while offline, retried per TransactionMessageAttempts. */
  transactional?: boolean;
  /** May be sent before BootNotification is Accepted (BootNotification itself, triggered messages while Pending). */
  beforeAccepted?: boolean;
  /** Called synchronously with the answer, before the next queued message is built. */
  onAnswer?: (conf: Payload) => void;
}

export interface OutboxHost {
  readonly state: WireState;
  /** Who answers our CALLs, for messages ('central system', 'the CSMS'). */
  readonly peer: string;
  callTimeoutS(): number;
  /** For a failed transaction message: how often it is tried at most, the retry interval, and whether forever. */
  retryPolicy(action: string): { maxAttempts: number; intervalS: number; forever: boolean };
  /** A reply payload that does not fit the action's schema: the problem, or null. */
  checkReply(action: string, payload: Payload): string | null;
  nextMessageId(): string;
  write(text: string): boolean;
  /** A CALL just went on the wire (quirks may add to it). */
  transmitted(action: string, payload: Payload): void;
}

interface Outgoing {
  action: string;
  /** Built at send time. null drops it. */
  build: () => Payload | null;
  transactional: boolean;
  beforeAccepted: boolean;
  attempts: number;
  notBefore: number;
  id: string | null;
  sentAt: number;
  timeout: Task | null;
  /** Sent outside the one-CALL-at-a-time rule (a quirk's extra message). */
  unqueued: boolean;
  onAnswer?: (conf: Payload) => void;
  resolve: (conf: Payload) => void;
  reject: (err: Error) => void;
}

const noop = (): void => {};

export class Outbox {
  private queue: Outgoing[] = [];
  private pending: Map<string, Outgoing> | null = null;
  private inFlight = 0;
  private pumpTask: Task | null = null;
  private drainWaiters: (() => void)[] | null = null;

  constructor(private readonly host: OutboxHost) {}

  /**
   * Queues a CALL and resolves with the answer. When offline (or not registered) non-transaction messages are
   * rejected at once (ChargerOfflineError); transaction messages wait.
   */
  call(action: string, payload: Payload | (() => Payload | null), opts: SendOptions = {}): Promise<Payload> {
    const s = this.host.state;
    const transactional = opts.transactional ?? false;
    const beforeAccepted = opts.beforeAccepted ?? action === 'BootNotification';
    if (!transactional) {
      const why = !s.powered
        ? 'powered off'
        : s.connection !== 'connected'
          ? 'offline'
          : s.registration !== 'Accepted' && !beforeAccepted
            ? `BootNotification not accepted (${s.registration})`
            : null;
      if (why) return Promise.reject(new ChargerOfflineError(s.id, action, why));
    }
    return new Promise<Payload>((resolve, reject) => {
      const build = typeof payload === 'function' ? payload : () => payload;
      this.queue.push({
        action,
        build,
        transactional,
        beforeAccepted,
        attempts: 0,
        notBefore: 0,
        id: null,
        sentAt: 0,
        timeout: null,
        unqueued: false,
        onAnswer: opts.onAnswer,
        resolve,
        reject,
      });
      this.pump();
    });
  }

  /** call() for the charger's own use: failures are counted, never thrown (resolves null). */
  send(action: string, payload: Payload | (() => Payload | null), opts: SendOptions = {}): Promise<Payload | null> {
    return this.call(action, payload, opts).catch((err: Error) => {
      if (!(err instanceof ChargerOfflineError)) this.host.state.error(err.message);
      return null;
    });
  }

  /** Sends a CALL now, outside the queue, without waiting for its answer (a quirk's extra message). */
  sendUnqueued(action: string, payload: Payload): void {
    const item: Outgoing = {
      action,
      build: () => null,
      transactional: false,
      beforeAccepted: false,
      attempts: 0,
      notBefore: 0,
      id: null,
      sentAt: 0,
      timeout: null,
      unqueued: true,
      resolve: noop,
      reject: noop,
    };
    this.transmit(item, payload);
  }

  /** A CALLRESULT / CALLERROR frame from the central system. */
  replied(frame: readonly [number, string, ...unknown[]]): void {
    const s = this.host.state;
    const item = this.pending?.get(frame[1]);
    if (!item) {
      s.error(`reply to unknown message id ${frame[1]} ignored`);
      return;
    }
    this.pending?.delete(frame[1]);
    item.timeout = s.scheduler.cancel(item.timeout);
    if (!item.unqueued) this.inFlight--;
    s.stats.latency.record(s.now() - item.sentAt);
    if (frame[0] === CALLERROR) {
      s.stats.callErrorsReceived++;
      const [, , code, description, details] = frame as unknown as [number, string, OcppError['code'], string, Payload];
      this.failed(item, new OcppError(code, `${item.action} answered with CALLERROR ${code}: ${description}`, details));
    } else {
      const conf = frame[2] as Payload;
      const problem = this.host.checkReply(item.action, conf);
      if (problem) {
        s.stats.invalidReplies++;
        s.error(`invalid ${item.action} response from ${this.host.peer}: ${problem}`);
      }
      try {
        item.onAnswer?.(conf);
      } catch (err) {
        s.error(`${item.action}.conf not usable: ${(err as Error).message}`);
      }
      item.resolve(conf);
    }
    this.pump();
  }

  pump(): void {
    const s = this.host.state;
    if (this.drainWaiters) this.checkDrained();
    if (!this.canSend() || this.inFlight > 0) return;
    const accepted = s.registration === 'Accepted';
    const idx = accepted ? (this.queue.length ? 0 : -1) : this.queue.findIndex((o) => o.beforeAccepted);
    if (idx < 0) return;
    const item = this.queue[idx] as Outgoing;
    if (item.notBefore > s.now()) {
      if (!this.pumpTask) {
        this.pumpTask = s.scheduler.at(item.notBefore, () => {
          this.pumpTask = null;
          this.pump();
        });
      }
      return;
    }
    this.queue.splice(idx, 1);
    let payload: Payload | null;
    try {
      payload = item.build();
    } catch (err) {
      item.reject(err as Error);
      this.pump();
      return;
    }
    if (payload === null) {
      item.reject(new Error(`${s.id}: ${item.action} dropped (its transaction was never confirmed)`));
      this.pump();
      return;
    }
    this.transmit(item, payload);
    this.host.transmitted(item.action, payload);
  }

  private transmit(item: Outgoing, payload: Payload): void {
    const s = this.host.state;
    const id = this.host.nextMessageId();
    item.id = id;
    item.sentAt = s.now();
    item.attempts++;
    (this.pending ??= new Map()).set(id, item);
    if (!item.unqueued) this.inFlight++;
    item.timeout = s.scheduler.after(this.host.callTimeoutS() * 1000, () => this.timedOut(item));
    s.stats.callsOut++;
    this.host.write(JSON.stringify([CALL, id, item.action, payload]));
  }

  private timedOut(item: Outgoing): void {
    item.timeout = null;
    if (!item.id || !this.pending?.delete(item.id)) return;
    if (!item.unqueued) this.inFlight--;
    this.host.state.stats.timeouts++;
    this.failed(item, new Error(`${this.host.state.id}: no answer to ${item.action} (message ${item.id}) within ${this.host.callTimeoutS()} s`));
    this.pump();
  }

  /** A CALL failed (CALLERROR or timeout): transaction messages are retried, others rejected. */
  private failed(item: Outgoing, err: Error): void {
    const s = this.host.state;
    if (item.transactional) {
      const { maxAttempts, intervalS, forever } = this.host.retryPolicy(item.action);
      const max = Math.max(1, maxAttempts);
      if (forever || item.attempts < max) {
        item.notBefore = s.now() + intervalS * 1000 * item.attempts;
        this.queue.unshift(item);
        s.error(`${err.message}; retry ${item.attempts}${forever ? '' : `/${max - 1}`}`);
        return;
      }
    }
    s.error(err.message);
    item.reject(err);
  }

  /** The connection closed: unanswered transaction messages go back in the queue, the rest are rejected. */
  disconnected(): void {
    const s = this.host.state;
    this.pumpTask = s.scheduler.cancel(this.pumpTask);
    const keep: Outgoing[] = [];
    if (this.pending) {
      for (const item of this.pending.values()) {
        item.timeout = s.scheduler.cancel(item.timeout);
        if (item.transactional && !item.unqueued) {
          item.attempts = Math.max(0, item.attempts - 1);
          keep.push(item);
        } else item.reject(new ChargerOfflineError(s.id, item.action, 'connection lost before the answer'));
      }
      this.pending.clear();
    }
    this.inFlight = 0;
    for (const item of this.queue) {
      if (item.transactional) keep.push(item);
      else item.reject(new ChargerOfflineError(s.id, item.action, 'connection lost'));
    }
    this.queue = keep;
  }

  cancelPump(): void {
    this.pumpTask = this.host.state.scheduler.cancel(this.pumpTask);
  }

  /** Rejects everything still queued (the charger stopped for good). */
  rejectAll(why: string): void {
    for (const item of this.queue) item.reject(new ChargerOfflineError(this.host.state.id, item.action, why));
    this.queue = [];
    this.checkDrained();
  }

  /** Resolves when every queued message was answered (or after `maxMs` of charger time). */
  drain(maxMs: number): Promise<void> {
    if (this.isDrained()) return Promise.resolve();
    const scheduler = this.host.state.scheduler;
    return new Promise((resolve) => {
      let deadline: Task | null = null;
      const done = (): void => {
        deadline = scheduler.cancel(deadline);
        this.drainWaiters = this.drainWaiters?.filter((w) => w !== done) ?? null;
        resolve();
      };
      deadline = scheduler.after(maxMs, done);
      (this.drainWaiters ??= []).push(done);
    });
  }

  private canSend(): boolean {
    const s = this.host.state;
    return s.powered && s.connection === 'connected';
  }

  private isDrained(): boolean {
    return (this.queue.length === 0 && this.inFlight === 0) || !this.canSend();
  }

  checkDrained(): void {
    if (!this.drainWaiters || !this.isDrained()) return;
    const waiters = this.drainWaiters;
    this.drainWaiters = null;
    for (const w of waiters) w();
  }

  /** Nothing queued that could go now, and nothing awaiting an answer. */
  get idle(): boolean {
    const s = this.host.state;
    if (this.inFlight > 0) return false;
    if (!this.canSend() || this.queue.length === 0) return true;
    const next = s.registration === 'Accepted' ? this.queue[0] : this.queue.find((o) => o.beforeAccepted);
    return !next || next.notBefore > s.now();
  }

  get queued(): number {
    return this.queue.length;
  }
}
