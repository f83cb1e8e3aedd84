/**
 * Liveness watchdog: a charger that has sent nothing for `missedHeartbeats` heartbeat intervals is marked
 * offline even though its socket may look open (pings are often off for Grizzl-E firmware). Any frame counts.
 *
 * Every frame moves the charger's deadline; its timer is not re-created each time (that is per frame, the hot
 * path): when it fires before the deadline it re-arms for the time left. Only a deadline earlier than the
 * armed timer (a shorter interval) re-arms it at once.
 */
import type { Clock, TimerHandle } from '../util/clock.js';

interface Watch {
  /** Silent from this time on (clock ms). */
  deadline: number;
  /** When the armed timer fires (clock ms). */
  firesAt: number;
  timer: TimerHandle;
}

export class LivenessWatchdog {
  private readonly watches = new Map<string, Watch>();
  constructor(
    private readonly clock: Clock,
    private readonly onSilent: (chargePointId: string) => void,
  ) {}

  /** The charger was heard from: restart its countdown. */
  heard(chargePointId: string, timeoutMs: number): void {
    const deadline = this.clock.now() + timeoutMs;
    const w = this.watches.get(chargePointId);
    if (w && deadline >= w.firesAt) {
      w.deadline = deadline;
      return;
    }
    if (w) this.clock.clearTimeout(w.timer);
    this.arm(chargePointId, deadline, timeoutMs);
  }

  forget(chargePointId: string): void {
    const w = this.watches.get(chargePointId);
    if (w) this.clock.clearTimeout(w.timer);
    this.watches.delete(chargePointId);
  }

  stop(): void {
    for (const w of this.watches.values()) this.clock.clearTimeout(w.timer);
    this.watches.clear();
  }

  private arm(chargePointId: string, deadline: number, inMs: number): void {
    const w: Watch = {
      deadline,
      firesAt: this.clock.now() + inMs,
      timer: this.clock.setTimeout(() => {
        if (this.watches.get(chargePointId) !== w) return;
        const left = w.deadline - this.clock.now();
        if (left > 0) {
          this.arm(chargePointId, w.deadline, left);
          return;
        }
        this.watches.delete(chargePointId);
        this.onSilent(chargePointId);
      }, inMs),
    };
    this.watches.set(chargePointId, w);
  }
}
