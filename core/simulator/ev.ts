/**
 * The electric vehicle on a connector: battery, state of charge and how much power it accepts. Constant power up
 * to 80 % SoC, then a linear taper (CC/CV behaviour) down to a trickle, and nothing at its target SoC.
 */
import type { EvDefaults } from './profile.js';

export interface Ev {
  capacityWh: number;
  /** State of charge in percent (0..100). */
  soc: number;
  maxPowerW: number;
  targetSoc: number;
}

export const TAPER_START_SOC = 80;
const TRICKLE = 0.05;

/** Power in W the EV draws at its current SoC when the charger offers unlimited power. */
export function evDemandW(ev: Ev): number {
  if (ev.soc >= ev.targetSoc) return 0;
  if (ev.soc < TAPER_START_SOC) return ev.maxPowerW;
  const f = Math.max(TRICKLE, (100 - ev.soc) / (100 - TAPER_START_SOC));
  return ev.maxPowerW * f;
}

export function isFull(ev: Ev): boolean {
  return ev.soc >= ev.targetSoc - 1e-9;
}

/** A new EV from a profile's defaults, with its arrival SoC drawn from `random` (0..1). */
export function arrivingEv(d: EvDefaults, random: () => number = Math.random, overrides: Partial<Ev> = {}): Ev {
  const [lo, hi] = d.arrivalSoc;
  return { capacityWh: d.capacityWh, soc: lo + (hi - lo) * random(), maxPowerW: d.maxPowerW, targetSoc: d.targetSoc, ...overrides };
}
