/**
 * A connector's energy meter: integrates the power actually delivered over time into a monotonic Wh register and
 * charges the EV's battery with it. Power = min(connector max, EV demand at its SoC, charging-profile limit).
 * Integration uses steps of at most STEP_MS so the SoC taper and schedule periods are followed closely.
 */
import { evDemandW, type Ev } from './ev.js';

const STEP_MS = 10_000;

export interface MeterState {
  /** Energy register in Wh (float; reported floored, so it never goes backwards). */
  energyWh: number;
  /** Power being delivered now (W). */
  powerW: number;
  /** Last instant integrated up to (ms). */
  at: number;
}

/** Limit source: the composite charging-profile limit (W) at t, or null for none. */
export type LimitAt = (t: number) => number | null;

export function deliverablePowerW(maxW: number, ev: Ev | null, limitW: number | null): number {
  if (!ev) return 0;
  let p = Math.min(maxW, evDemandW(ev));
  if (limitW !== null) p = Math.min(p, Math.max(0, limitW));
  return p;
}

/**
 * Advances the meter to `until`, delivering energy when `charging` (an energized, running transaction).
 * Returns the power at `until`.
 */
export function advanceMeter(m: MeterState, until: number, charging: boolean, maxW: number, ev: Ev | null, limitAt: LimitAt): number {
  if (until <= m.at) return m.powerW;
  if (!charging || !ev) {
    m.at = until;
    m.powerW = 0;
    return 0;
  }
  let t = m.at;
  while (t < until) {
    const dt = Math.min(STEP_MS, until - t);
    const p = deliverablePowerW(maxW, ev, limitAt(t));
    let wh = (p * dt) / 3_600_000;
    const room = ((ev.targetSoc - ev.soc) / 100) * ev.capacityWh;
    if (wh > room) wh = Math.max(0, room);
    m.energyWh += wh;
    ev.soc = Math.min(100, ev.soc + (wh / ev.capacityWh) * 100);
    t += dt;
  }
  m.at = until;
  m.powerW = deliverablePowerW(maxW, ev, limitAt(until));
  return m.powerW;
}
