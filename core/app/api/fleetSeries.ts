/**
 * The fleet over the last hour, one point per interval: messages per second, total live power, chargers by
 * state, CALLERRORs and CALL timeouts. Counts accumulate between samples; sample() closes the interval. A ring
 * of fixed size (an hour of points) — no growth however long the bench runs.
 */
export interface FleetPoint {
  /** End of the interval (ms since the epoch). */
  t: number;
  messagesPerSec: number;
  powerW: number;
  callErrors: number;
  timeouts: number;
  byState: Record<string, number>;
}

export const FLEET_INTERVAL_MS = 5000;
export const FLEET_WINDOW_MS = 60 * 60 * 1000;

export class FleetSeries {
  private readonly ring: Array<FleetPoint | undefined>;
  private next = 0;
  private frames = 0;
  private callErrors = 0;
  private timeouts = 0;
  private lastSampleAt: number;

  constructor(
    now: number,
    readonly intervalMs = FLEET_INTERVAL_MS,
    windowMs = FLEET_WINDOW_MS,
  ) {
    this.ring = new Array<FleetPoint | undefined>(Math.ceil(windowMs / intervalMs));
    this.lastSampleAt = now;
  }

  frame(isCallError: boolean): void {
    this.frames++;
    if (isCallError) this.callErrors++;
  }

  timeout(): void {
    this.timeouts++;
  }

  /** Closes the interval ending now with the fleet's state at this moment. */
  sample(now: number, fleet: { powerW: number; byState: Record<string, number> }): FleetPoint {
    const secs = Math.max(0.001, (now - this.lastSampleAt) / 1000);
    const p: FleetPoint = {
      t: now,
      messagesPerSec: Math.round((this.frames / secs) * 10) / 10,
      powerW: Math.round(fleet.powerW),
      callErrors: this.callErrors,
      timeouts: this.timeouts,
      byState: { ...fleet.byState },
    };
    this.ring[this.next] = p;
    this.next = (this.next + 1) % this.ring.length;
    this.frames = 0;
    this.callErrors = 0;
    this.timeouts = 0;
    this.lastSampleAt = now;
    return p;
  }

  /** Points after `sinceMs` (exclusive), oldest first. */
  points(sinceMs = 0): FleetPoint[] {
    const out: FleetPoint[] = [];
    for (let i = 0; i < this.ring.length; i++) {
      const p = this.ring[(this.next + i) % this.ring.length];
      if (p && p.t > sinceMs) out.push(p);
    }
    return out;
  }
}
