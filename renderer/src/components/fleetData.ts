/** The fleet series as the Overview charts read it: new points appended, an hour kept, states as chart rows. */
import type { FleetPoint } from '../../../core/api/types.js';

export const HOUR_MS = 60 * 60 * 1000;

/** Appends points newer than the last one held; drops those older than an hour before the newest. */
export function appendPoints(held: FleetPoint[], fresh: FleetPoint[]): FleetPoint[] {
  const lastT = held[held.length - 1]?.t ?? 0;
  const add = fresh.filter((p) => p.t > lastT);
  if (add.length === 0) return held;
  const all = [...held, ...add];
  const from = (all[all.length - 1]?.t ?? 0) - HOUR_MS;
  const i = all.findIndex((p) => p.t >= from);
  return i > 0 ? all.slice(i) : all;
}

/** Every state seen in the window, in a stable order (the Chargers list's), for stacked areas. */
export function statesIn(points: FleetPoint[], order: readonly string[]): string[] {
  const seen = new Set<string>();
  for (const p of points) for (const [s, n] of Object.entries(p.byState)) if (n > 0) seen.add(s);
  return [...order.filter((s) => seen.has(s)), ...[...seen].filter((s) => !order.includes(s)).sort()];
}

/** One row per point with a column per state (0 where absent) and power in kW. */
export function chartRows(points: FleetPoint[], states: string[]): Array<Record<string, number>> {
  return points.map((p) => {
    const row: Record<string, number> = { t: p.t, messagesPerSec: p.messagesPerSec, powerKw: p.powerW / 1000, callErrors: p.callErrors, timeouts: p.timeouts };
    for (const s of states) row[`s_${s}`] = p.byState[s] ?? 0;
    return row;
  });
}
