/**
 * Clocks for running chargers faster than real time or step by step (the system clock lives in core/util/clock.ts).
 * - ManualClock: time moves only when a test or scenario calls advance(); no sleeping in tests.
 * - scaledClock: time runs `factor` times faster than the wall clock (a 1-hour session in 36 s at ×100).
 */
import type { Clock, TimerHandle } from '../util/clock.js';

interface ManualTimer {
  due: number;
  seq: number;
  fn: () => void;
  cancelled: boolean;
}

export class ManualClock implements Clock {
  private t: number;
  private seq = 0;
  private timers: ManualTimer[] = [];
  private flushQueued = false;

  constructor(start: number | string | Date = Date.UTC(2026, 0, 1, 8, 0, 0)) {
    this.t = typeof start === 'number' ? start : new Date(start).getTime();
  }

  now(): number {
    return this.t;
  }

  setTimeout(fn: () => void, ms: number): TimerHandle {
    const timer: ManualTimer = { due: this.t + Math.max(0, ms), seq: this.seq++, fn, cancelled: false };
    this.timers.push(timer);
    // Work due "now" still happens (asynchronously, like a real 0 ms timer); only the future waits for advance().
    if (ms <= 0 && !this.flushQueued) {
      this.flushQueued = true;
      setImmediate(() => {
        this.flushQueued = false;
        this.advance(0);
      });
    }
    return timer as unknown as TimerHandle;
  }

  clearTimeout(handle: TimerHandle): void {
    (handle as unknown as ManualTimer).cancelled = true;
    this.timers = this.timers.filter((t) => !t.cancelled);
  }

  /** Moves time forward by `ms`, firing every timer that falls due on the way, in order. */
  advance(ms: number): void {
    this.advanceTo(this.t + ms);
  }

  advanceTo(target: number): void {
    for (;;) {
      let next: ManualTimer | undefined;
      for (const timer of this.timers) {
        if (!timer.cancelled && timer.due <= target && (!next || timer.due < next.due || (timer.due === next.due && timer.seq < next.seq))) next = timer;
      }
      if (!next) break;
      this.timers = this.timers.filter((t) => t !== next);
      this.t = Math.max(this.t, next.due);
      next.fn();
    }
    this.t = Math.max(this.t, target);
  }

  /** Number of pending timers (for tests). */
  get pending(): number {
    return this.timers.length;
  }
}

/** A clock running `factor` times faster than the wall clock, starting at `start` (default: now). */
export function scaledClock(factor: number, start: number = Date.now()): Clock {
  if (!(factor > 0)) throw new Error(`clock speed factor must be > 0 (got ${factor})`);
  const wallStart = Date.now();
  return {
    now: () => start + (Date.now() - wallStart) * factor,
    setTimeout: (fn, ms) => {
      const t = setTimeout(fn, Math.max(0, ms / factor));
      t.unref?.();
      return t;
    },
    clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
  };
}
