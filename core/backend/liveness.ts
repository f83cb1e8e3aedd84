/**
 * Liveness watchdog: a charger that has sent nothing for `missedHeartbeats` heartbeat intervals is marked
 * offline even though its socket may look open (pings are often off for Grizzl-E firmware). Any frame counts.
 */
import type { Clock, TimerHandle } from '../util/clock.js';

export class LivenessWatchdog {
  private readonly timers = new Map<string, TimerHandle>();
  constructor(private readonly clock: Clock, private readonly onSilent: (chargePointId: string) => void) {}

  /** The charger was heard from: restart its countdown. */
  heard(chargePointId: string, timeoutMs: number): void {
    const t = this.timers.get(chargePointId);
    if (t) this.clock.clearTimeout(t);
    this.timers.set(
      chargePointId,
      this.clock.setTimeout(() => {
        this.timers.delete(chargePointId);
        this.onSilent(chargePointId);
      }, timeoutMs),
    );
  }

  forget(chargePointId: string): void {
    const t = this.timers.get(chargePointId);
    if (t) this.clock.clearTimeout(t);
    this.timers.delete(chargePointId);
  }

  stop(): void {
    for (const t of this.timers.values()) this.clock.clearTimeout(t);
    this.timers.clear();
  }
}
