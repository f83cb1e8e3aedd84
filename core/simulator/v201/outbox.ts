/**
 * The station's own CALLs: one in flight at a time (OCPP-J), in order. Transaction messages (TransactionEvent) are
 * kept while offline and across reconnects — their payload, seqNo included, fixed when the event happened — and
 * retried per OCPPCommCtrlr.MessageAttempts / MessageAttemptInterval; other CALLs fail fast when the station
 * cannot send. Before the boot is Accepted only messages marked `beforeAccepted` go out.
 */
import { CALL, CALLERROR, OcppError, type Payload } from '../../ocpp/index.js';
import { validator201, type ChargingStationAction, type RequestOf, type ResponseOf } from '../../ocpp/v201/index.js';
import type { Scheduler, Task } from '../scheduler.js';
import type { SimStats } from '../stats.js';

/** The station cannot send now (offline, not registered, powered off): the message was dropped. */
export class StationOfflineError extends Error {
  constructor(stationId: string, action: string, why: string) {
    super(`${stationId}: ${action} not sent: ${why}`);
    this.name = 'StationOfflineError';
  }
}

export interface SendOptions {
  /** Kept while offline, retried (TransactionEvent). */
  transactional?: boolean;
  /** May go out before the boot is Accepted (BootNotification, triggered messages while Pending). */
  beforeAccepted?: boolean;
}

interface Item {
  action: ChargingStationAction;
  payload: Payload;
  transactional: boolean;
  beforeAccepted: boolean;
  attempts: number;
  notBefore: number;
  id: string | null;
  sentAt: number;
  timeout: Task | null;
  resolve: (conf: Payload) => void;
  reject: (err: Error) => void;
}

export interface OutboxHost {
  id: string;
  scheduler: Scheduler;
  stats: SimStats;
  /** Connected and powered. */
  canSend(): boolean;
  accepted(): boolean;
  /** Why nothing can be sent now (for non-transactional messages), or null. */
  blocked(beforeAccepted: boolean): string | null;
  write(text: string): void;
  error(message: string): void;
  callTimeoutMs(): number;
  maxAttempts(): number;
  retryIntervalMs(): number;
}

export class Outbox {
  private queue: Item[] = [];
  private pending = new Map<string, Item>();
  private inFlight: Item | null = null;
  private pumpTask: Task | null = null;
  private seq: number;
  private drainWaiters: Array<() => void> = [];

  constructor(
    private readonly h: OutboxHost,
    firstId: number,
  ) {
    this.seq = firstId;
  }

  get queued(): number {
    return this.queue.length;
  }

  /** Nothing waiting for an answer and nothing sendable queued. */
  get idle(): boolean {
    if (this.inFlight) return false;
    if (!this.h.canSend()) return true;
    const next = this.next();
    return next < 0 || (this.queue[next] as Item).notBefore > this.h.scheduler.now();
  }

  nextMessageId(): string {
    this.seq = (this.seq + 1) % 0x7fffffff;
    return String(this.seq);
  }

  call<A extends ChargingStationAction>(action: A, payload: RequestOf<A>, opts: SendOptions = {}): Promise<ResponseOf<A>> {
    const transactional = opts.transactional ?? false;
    const beforeAccepted = opts.beforeAccepted ?? action === 'BootNotification';
    if (!transactional) {
      const why = this.h.blocked(beforeAccepted);
      if (why) return Promise.reject(new StationOfflineError(this.h.id, action, why));
    }
    return new Promise((resolve, reject) => {
      this.queue.push({
        action,
        payload: payload as unknown as Payload,
        transactional,
        beforeAccepted,
        attempts: 0,
        notBefore: 0,
        id: null,
        sentAt: 0,
        timeout: null,
        resolve: resolve as unknown as (p: Payload) => void,
        reject,
      });
      this.pump();
    });
  }

  private next(): number {
    if (this.h.accepted()) return this.queue.length ? 0 : -1;
    return this.queue.findIndex((o) => o.beforeAccepted);
  }

  pump(): void {
    if (this.drainWaiters.length) this.checkDrained();
    if (!this.h.canSend() || this.inFlight) return;
    const idx = this.next();
    if (idx < 0) return;
    const item = this.queue[idx] as Item;
    const now = this.h.scheduler.now();
    if (item.notBefore > now) {
      this.pumpTask ??= this.h.scheduler.at(item.notBefore, () => {
        this.pumpTask = null;
        this.pump();
      });
      return;
    }
    this.queue.splice(idx, 1);
    const id = this.nextMessageId();
    item.id = id;
    item.sentAt = now;
    item.attempts++;
    this.pending.set(id, item);
    this.inFlight = item;
    item.timeout = this.h.scheduler.after(this.h.callTimeoutMs(), () => this.onTimeout(item));
    this.h.stats.callsOut++;
    this.h.write(JSON.stringify([CALL, id, item.action, item.payload]));
  }

  /** A CALLRESULT / CALLERROR frame for one of ours. Returns false when no CALL of ours has that id. */
  onReply(frame: readonly unknown[]): boolean {
    const item = this.pending.get(frame[1] as string);
    if (!item) return false;
    this.pending.delete(frame[1] as string);
    item.timeout = this.h.scheduler.cancel(item.timeout);
    if (this.inFlight === item) this.inFlight = null;
    this.h.stats.latency.record(this.h.scheduler.now() - item.sentAt);
    if (frame[0] === CALLERROR) {
      this.h.stats.callErrorsReceived++;
      this.failed(
        item,
        new OcppError(frame[2] as never, `${item.action} answered with CALLERROR ${String(frame[2])}: ${String(frame[3])}`, frame[4] as Payload),
      );
    } else {
      const conf = frame[2] as Payload;
      const problem = validator201.check(item.action, 'conf', conf);
      if (problem) {
        this.h.stats.invalidReplies++;
        this.h.error(`invalid ${item.action} response from the CSMS: ${problem.message}`);
      }
      item.resolve(conf);
    }
    this.pump();
    return true;
  }

  private onTimeout(item: Item): void {
    item.timeout = null;
    if (!item.id || !this.pending.delete(item.id)) return;
    if (this.inFlight === item) this.inFlight = null;
    this.h.stats.timeouts++;
    this.failed(item, new Error(`${this.h.id}: no answer to ${item.action} (message ${item.id}) within ${this.h.callTimeoutMs() / 1000} s`));
    this.pump();
  }

  private failed(item: Item, err: Error): void {
    const max = Math.max(1, this.h.maxAttempts());
    if (item.transactional && item.attempts < max) {
      item.notBefore = this.h.scheduler.now() + this.h.retryIntervalMs() * item.attempts;
      this.queue.unshift(item);
      this.h.error(`${err.message}; retry ${item.attempts}/${max - 1}`);
      return;
    }
    this.h.error(err.message);
    item.reject(err);
  }

  /** The connection dropped: the unanswered transaction message goes back to the front, the rest fail. */
  disconnected(): void {
    this.pumpTask = this.h.scheduler.cancel(this.pumpTask);
    const keep: Item[] = [];
    for (const item of this.pending.values()) {
      item.timeout = this.h.scheduler.cancel(item.timeout);
      if (item.transactional) {
        item.attempts = Math.max(0, item.attempts - 1);
        keep.push(item);
      } else item.reject(new StationOfflineError(this.h.id, item.action, 'connection lost before the answer'));
    }
    this.pending.clear();
    this.inFlight = null;
    for (const item of this.queue) {
      if (item.transactional) keep.push(item);
      else item.reject(new StationOfflineError(this.h.id, item.action, 'connection lost'));
    }
    this.queue = keep;
    this.checkDrained();
  }

  /** Drops everything (station stopped for good). */
  clear(why: string): void {
    this.disconnected();
    for (const item of this.queue) item.reject(new StationOfflineError(this.h.id, item.action, why));
    this.queue = [];
    this.checkDrained();
  }

  /** Resolves when everything queued was answered, the link is down, or after `maxMs` of station time. */
  drain(maxMs: number): Promise<void> {
    if (this.drained()) return Promise.resolve();
    return new Promise((resolve) => {
      const done = (): void => {
        this.h.scheduler.cancel(deadline);
        this.drainWaiters = this.drainWaiters.filter((w) => w !== done);
        resolve();
      };
      const deadline = this.h.scheduler.after(maxMs, done);
      this.drainWaiters.push(done);
    });
  }

  private drained(): boolean {
    return (this.queue.length === 0 && !this.inFlight) || !this.h.canSend();
  }

  private checkDrained(): void {
    if (!this.drainWaiters.length || !this.drained()) return;
    for (const w of [...this.drainWaiters]) w();
  }
}
