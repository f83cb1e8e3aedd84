/** Meter series: one per connector, never merged (two EVs' energy registers on one line would zig-zag). */
import { describe, expect, it } from 'vitest';
import { openStore } from './index.js';
import { meterSeriesQuery } from './meterSeriesQuery.js';

describe('meter series', () => {
  it('"All connectors" gives one series per connector, each with its own energy and SoC', () => {
    const s = openStore({ memory: true });
    s.chargePoints.ensure('CP', 'x');
    const t0 = Date.parse('2026-01-01T00:00:00Z');
    for (let i = 0; i < 10; i++) {
      for (const [connectorId, base, soc] of [
        [1, 50_000, 20],
        [2, 2_000, 70],
      ] as const) {
        const ts = t0 + i * 10_000 + connectorId; // interleaved in time
        const timestamp = new Date(ts).toISOString();
        const common = { chargePointId: 'CP', connectorId, transactionId: connectorId, timestamp, tsMs: ts, source: 'MeterValues' as const, frameId: null };
        s.meterSamples.insert({ ...common, value: String(base + i * 100), measurand: 'Energy.Active.Import.Register', unit: 'Wh' });
        s.meterSamples.insert({ ...common, value: String(soc + i), measurand: 'SoC', unit: 'Percent' });
      }
    }
    const q = meterSeriesQuery(s.db);
    const all = q.series({ chargePointId: 'CP', maxPoints: 600 });
    expect(all.series.map((c) => c.connectorId)).toEqual([1, 2]);
    for (const c of all.series) {
      expect(c.points).toHaveLength(10);
      const energy = c.points.map((p) => p.energyWh as number);
      expect(energy).toEqual([...energy].sort((a, b) => a - b));
    }
    expect(all.series[0]!.points[0]).toMatchObject({ energyWh: 50_000, soc: 20 });
    expect(all.series[1]!.points[0]).toMatchObject({ energyWh: 2_000, soc: 70 });
    const one = q.series({ chargePointId: 'CP', connectorId: 2, maxPoints: 600 });
    expect(one.series.map((c) => c.connectorId)).toEqual([2]);
    const tx = q.series({ transactionId: 1, maxPoints: 4 });
    expect(tx.series).toHaveLength(1);
    expect(tx.series[0]).toMatchObject({ connectorId: 1, downsampled: true, rawCount: 10 });
    expect(tx.series[0]!.points.length).toBeLessThanOrEqual(4);
    s.close();
  });
});
