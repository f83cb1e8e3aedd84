import { describe, expect, it } from 'vitest';
import type { FleetPoint } from '../../../core/api/types.js';
import { HOUR_MS, appendPoints, chartRows, statesIn } from './fleetData.js';

const p = (t: number, byState: Record<string, number> = {}): FleetPoint => ({ t, messagesPerSec: 1, powerW: 2500, callErrors: 0, timeouts: 0, byState });

describe('fleet chart data', () => {
  it('appends only newer points and keeps one hour', () => {
    const held = [p(1000), p(2000)];
    expect(appendPoints(held, [p(2000)])).toBe(held);
    expect(appendPoints(held, [p(2000), p(3000)]).map((x) => x.t)).toEqual([1000, 2000, 3000]);
    expect(appendPoints(held, [p(2000 + HOUR_MS)]).map((x) => x.t)).toEqual([2000, 2000 + HOUR_MS]);
  });
  it('states in list order, unknown ones after; rows fill 0 for absent states', () => {
    const pts = [p(1, { Offline: 1, Charging: 2 }), p(2, { Weird: 1 })];
    const states = statesIn(pts, ['Charging', 'Unresponsive', 'Offline']);
    expect(states).toEqual(['Charging', 'Offline', 'Weird']);
    expect(chartRows(pts, states)[1]).toMatchObject({ t: 2, powerKw: 2.5, s_Charging: 0, s_Offline: 0, s_Weird: 1 });
  });
});
