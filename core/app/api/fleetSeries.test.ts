import { describe, expect, it } from 'vitest';
import { FleetSeries } from './fleetSeries.js';

describe('FleetSeries', () => {
  it('turns the counts of an interval into a point and starts the next from zero', () => {
    const s = new FleetSeries(0, 5000, 60_000);
    for (let i = 0; i < 25; i++) s.frame(i % 5 === 0);
    s.timeout();
    const p = s.sample(5000, { powerW: 7400.4, byState: { Charging: 2, Unresponsive: 1 } });
    expect(p).toEqual({ t: 5000, messagesPerSec: 5, powerW: 7400, callErrors: 5, timeouts: 1, byState: { Charging: 2, Unresponsive: 1 } });
    expect(s.sample(10_000, { powerW: 0, byState: {} })).toMatchObject({ messagesPerSec: 0, callErrors: 0, timeouts: 0 });
  });
  it('rate over the real elapsed time when a sample comes late', () => {
    const s = new FleetSeries(0, 5000, 60_000);
    for (let i = 0; i < 100; i++) s.frame(false);
    expect(s.sample(10_000, { powerW: 0, byState: {} }).messagesPerSec).toBe(10);
  });
  it('keeps one window of points, oldest first, and answers only what is newer than sinceMs', () => {
    const s = new FleetSeries(0, 5000, 20_000);
    for (let t = 5000; t <= 40_000; t += 5000) s.sample(t, { powerW: t, byState: {} });
    expect(s.points().map((p) => p.t)).toEqual([25_000, 30_000, 35_000, 40_000]);
    expect(s.points(30_000).map((p) => p.t)).toEqual([35_000, 40_000]);
  });
});
