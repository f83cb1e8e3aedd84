/**
 * The per-charger queue of server-initiated CALLs: FIFO, exactly one outstanding CALL, an optional delay
 * before each CALL is written, a timeout that frees the queue and tells the backend, and a bound on waiting
 * CALLs. Cleared (every waiter failed with a reason) when the connection goes away.
 */
import type { Clock, TimerHandle } from '../util/clock.js';
import type { CallCommand, CallFailedEvent } from '../transport/types.js';

export type CallFailureReason = CallFailedEvent['reason'];

export interface CallQueueHooks {
  clock: Clock;
  /** Writes the CALL to the socket; returns false when the socket can no longer take it. */
  write(text: string): boolean;
  onSent(messageId: string): void;
  onFailed(messageId: string, reason: CallFailureReason, description: string): void;
  /** CALLs allowed to wait behind the outstanding one. */
  maxWaiting: number;
}

interface Current {
  call: CallCommand;
  phase: 'delay' | 'sent';
  timer: TimerHandle | null;
}

export class CallQueue {
  private readonly waiting: CallCommand[] = [];
  private current: Current | null = null;
  private closed = false;

  constructor(private readonly hooks: CallQueueHooks) {}

  get size(): number {
    return this.waiting.length + (this.current ? 1 : 0);
  }

  /** The message id of the CALL written to the charger and not yet answered, if any. */
  get outstandingId(): string | null {
    return this.current?.phase === 'sent' ? this.current.call.messageId : null;
  }

  /** Whether a CALL with this message id is waiting or outstanding (a resent command is not queued twice). */
  has(messageId: string): boolean {
    return this.current?.call.messageId === messageId || this.waiting.some((c) => c.messageId === messageId);
  }

  enqueue(call: CallCommand): void {
    if (this.closed) {
      this.hooks.onFailed(call.messageId, 'disconnected', 'The charger disconnected before the CALL could be sent');
      return;
    }
    if (this.waiting.length >= this.hooks.maxWaiting) {
      this.hooks.onFailed(
        call.messageId,
        'overflow',
        `${this.waiting.length} CALLs already wait for this charger (limit ${this.hooks.maxWaiting}); retry when earlier CALLs are answered`,
      );
      return;
    }
    this.waiting.push(call);
    this.pump();
  }

  /** A CALLRESULT/CALLERROR arrived; frees the queue when it answers the outstanding CALL. */
  onReply(messageId: string): boolean {
    const cur = this.current;
    if (!cur || cur.phase !== 'sent' || cur.call.messageId !== messageId) return false;
    if (cur.timer) this.hooks.clock.clearTimeout(cur.timer);
    this.current = null;
    this.pump();
    return true;
  }

  /** Fails the outstanding and every waiting CALL; later enqueues fail immediately. */
  clear(reason: CallFailureReason, description: string): void {
    this.closed = true;
    const cur = this.current;
    this.current = null;
    if (cur) {
      if (cur.timer) this.hooks.clock.clearTimeout(cur.timer);
      this.hooks.onFailed(cur.call.messageId, reason, description);
    }
    for (const call of this.waiting.splice(0)) this.hooks.onFailed(call.messageId, reason, description);
  }

  private pump(): void {
    if (this.current || this.closed) return;
    const call = this.waiting.shift();
    if (!call) return;
    const cur: Current = { call, phase: 'delay', timer: null };
    this.current = cur;
    if (call.delayMs > 0) {
      cur.timer = this.hooks.clock.setTimeout(() => this.writeCurrent(cur), call.delayMs);
    } else {
      this.writeCurrent(cur);
    }
  }

  private writeCurrent(cur: Current): void {
    if (this.current !== cur) return;
    if (!this.hooks.write(cur.call.text)) {
      this.current = null;
      this.hooks.onFailed(cur.call.messageId, 'disconnected', 'The charger connection closed before the CALL could be written');
      this.pump();
      return;
    }
    cur.phase = 'sent';
    this.hooks.onSent(cur.call.messageId);
    cur.timer = this.hooks.clock.setTimeout(() => {
      if (this.current !== cur) return;
      this.current = null;
      this.hooks.onFailed(cur.call.messageId, 'timeout', `No reply from the charger within ${cur.call.timeoutMs} ms`);
      this.pump();
    }, cur.call.timeoutMs);
  }
}
