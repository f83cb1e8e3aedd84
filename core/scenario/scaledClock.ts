/**
 * A clock (now() from `base`) that runs `speed` times faster than real time: now() advances speed ms per real ms, and a timer
 * for N ms fires after N/speed real ms. Everything that takes a Clock (simulator, scenario waits) is then
 * fast-forwarded together, while sockets stay real.
 */
import { systemClock, type Clock, type TimerHandle } from '../util/clock.js';

export interface ScaledClock extends Clock {
  readonly speed: number;
}

export function scaledClock(speed: number, base: Clock = systemClock): ScaledClock {
  if (!(speed >= 1)) throw new Error(`speed must be >= 1 (got ${speed})`);
  const realStart = base.now();
  return {
    speed,
    now: () => Math.round(realStart + (base.now() - realStart) * speed),
    // Real, referenced timers: a pending scenario wait must keep the process alive.
    setTimeout: (fn: () => void, ms: number): TimerHandle => setTimeout(fn, Math.max(0, ms / speed)),
    clearTimeout: (h: TimerHandle) => clearTimeout(h as ReturnType<typeof setTimeout>),
  };
}
