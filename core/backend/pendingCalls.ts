/**
 * The backend's side of server-initiated CALLs: the caller's promise, resolved by the CALLRESULT, rejected by a
 * CALLERROR (with its code), a callFailed event from the edge, a disconnect of the connection it went to, or
 * the backend's own safety timer (so nothing waits forever even if the edge never reports).
 */
import type { Clock, TimerHandle } from '../util/clock.js';
import type { CentralSystemAction } from '../ocpp/index.js';

export interface PendingCall {
  chargePointId: string;
  messageId: string;
  action: CentralSystemAction;
  payload: Record<string, unknown>;
  /** The connection the CALL was meant for, when known. */
  connectionId: string | null;
  frameId: number;
  timeoutMs: number;
  resolve(payload: Record<string, unknown>): void;
  reject(err: Error): void;
  timer: TimerHandle | null;
}

const key = (chargePointId: string, messageId: string) => `${chargePointId}\u0000${messageId}`;

export class PendingCalls {
  private readonly calls = new Map<string, PendingCall>();
  constructor(
    private readonly clock: Clock,
    private readonly onSafetyTimeout: (call: PendingCall) => void,
  ) {}

  get size(): number {
    return this.calls.size;
  }

  add(call: PendingCall, safetyMs: number): void {
    this.calls.set(key(call.chargePointId, call.messageId), call);
    this.arm(call, safetyMs);
  }

  get(chargePointId: string, messageId: string): PendingCall | undefined {
    return this.calls.get(key(chargePointId, messageId));
  }

  /** Restarts the safety timer (e.g. once the edge reports the CALL was written). */
  arm(call: PendingCall, ms: number): void {
    if (call.timer) this.clock.clearTimeout(call.timer);
    call.timer = this.clock.setTimeout(() => {
      call.timer = null;
      if (this.take(call.chargePointId, call.messageId)) this.onSafetyTimeout(call);
    }, ms);
  }

  /** Removes and returns the call (its timer cleared); undefined when already settled. */
  take(chargePointId: string, messageId: string): PendingCall | undefined {
    const k = key(chargePointId, messageId);
    const call = this.calls.get(k);
    if (!call) return undefined;
    this.calls.delete(k);
    if (call.timer) this.clock.clearTimeout(call.timer);
    call.timer = null;
    return call;
  }

  /** Outstanding calls of one charger (optionally only those sent on one connection). */
  forCharger(chargePointId: string, connectionId?: string): PendingCall[] {
    return [...this.calls.values()].filter((c) => c.chargePointId === chargePointId && (connectionId === undefined || c.connectionId === connectionId));
  }

  all(): PendingCall[] {
    return [...this.calls.values()];
  }
}
