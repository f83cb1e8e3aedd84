/**
 * Meter series for the GUI's graphs: power (W), energy (Wh), current (A), voltage (V) and SoC (%) per timestamp,
 * from the stored sampled values (units normalised: kW→W, kWh→Wh; phase values summed for power, max for current,
 * averaged for voltage). Long ranges are downsampled into time buckets (averages, last energy reading).
 */
import type { Database } from 'better-sqlite3';
import type { SqlRow } from './rows.js';

export interface SeriesPoint {
  t: number;
  powerW?: number;
  energyWh?: number;
  currentA?: number;
  voltageV?: number;
  soc?: number;
}

export interface SeriesQuery {
  transactionId?: number;
  chargePointId?: string;
  connectorId?: number;
  from?: number;
  to?: number;
  maxPoints: number;
}

const MEASURANDS = ['Power.Active.Import', 'Energy.Active.Import.Register', 'Current.Import', 'Voltage', 'SoC'];

interface Acc {
  t: number;
  power: number[];
  powerNoPhase?: number;
  energy?: number;
  current: number[];
  currentNoPhase?: number;
  voltage: number[];
  soc?: number;
}

function scale(value: number, unit: string): number {
  return unit === 'kW' || unit === 'kWh' || unit === 'kVA' || unit === 'kvar' ? value * 1000 : value;
}

export interface SampleValue {
  tsMs: number;
  value: number;
  measurand: string;
  phase: string | null;
  unit: string;
}

/** Folds sampled values into one point per timestamp (see the module comment for units and phases). */
export function samplesToPoints(samples: SampleValue[]): SeriesPoint[] {
  const byT = new Map<number, Acc>();
  for (const r of samples) {
    const t = r.tsMs;
    let a = byT.get(t);
    if (!a) byT.set(t, (a = { t, power: [], current: [], voltage: [] }));
    const v = scale(r.value, r.unit);
    const phase = r.phase;
    switch (r.measurand) {
      case 'Power.Active.Import':
        if (phase === null) a.powerNoPhase = v;
        else a.power.push(v);
        break;
      case 'Energy.Active.Import.Register':
        if (phase === null || a.energy === undefined) a.energy = v;
        break;
      case 'Current.Import':
        if (phase === null) a.currentNoPhase = v;
        else if (phase !== 'N') a.current.push(v);
        break;
      case 'Voltage':
        a.voltage.push(v);
        break;
      case 'SoC':
        a.soc = v;
        break;
    }
  }
  return [...byT.values()].map((a) => {
    const p: SeriesPoint = { t: a.t };
    const power = a.powerNoPhase ?? (a.power.length ? a.power.reduce((x, y) => x + y, 0) : undefined);
    if (power !== undefined) p.powerW = power;
    if (a.energy !== undefined) p.energyWh = a.energy;
    const current = a.currentNoPhase ?? (a.current.length ? Math.max(...a.current) : undefined);
    if (current !== undefined) p.currentA = current;
    if (a.voltage.length) p.voltageV = a.voltage.reduce((x, y) => x + y, 0) / a.voltage.length;
    if (a.soc !== undefined) p.soc = a.soc;
    return p;
  });
}

/** One connector's points (a transaction is on one connector). */
export interface ConnectorSeries {
  connectorId: number;
  points: SeriesPoint[];
  rawCount: number;
  downsampled: boolean;
}

export function meterSeriesQuery(db: Database) {
  return {
    /**
     * The samples matching the query folded into points, one series per connector (never merged: two EVs'
     * energy registers on one line would zig-zag between them). `maxPoints` applies to each series.
     */
    series(q: SeriesQuery): { series: ConnectorSeries[]; chargePointId: string | null } {
      const parts = [`measurand IN (${MEASURANDS.map(() => '?').join(',')})`, 'numeric_value IS NOT NULL'];
      const params: unknown[] = [...MEASURANDS];
      if (q.transactionId !== undefined) {
        parts.push('transaction_id = ?');
        params.push(q.transactionId);
      }
      if (q.chargePointId !== undefined) {
        parts.push('charge_point_id = ?');
        params.push(q.chargePointId);
      }
      if (q.connectorId !== undefined) {
        parts.push('connector_id = ?');
        params.push(q.connectorId);
      }
      if (q.from !== undefined) {
        parts.push('ts_ms >= ?');
        params.push(q.from);
      }
      if (q.to !== undefined) {
        parts.push('ts_ms < ?');
        params.push(q.to);
      }
      const rows = db
        .prepare(
          `SELECT charge_point_id, connector_id, ts_ms, numeric_value, measurand, phase, unit FROM meter_samples WHERE ${parts.join(' AND ')} ORDER BY ts_ms, id LIMIT 500000`,
        )
        .all(...params) as SqlRow[];
      const byConnector = new Map<number, SampleValue[]>();
      for (const r of rows) {
        const c = Number(r.connector_id);
        let list = byConnector.get(c);
        if (!list) byConnector.set(c, (list = []));
        list.push({
          tsMs: Number(r.ts_ms),
          value: Number(r.numeric_value),
          measurand: String(r.measurand),
          phase: r.phase == null ? null : String(r.phase),
          unit: String(r.unit),
        });
      }
      const series = [...byConnector.entries()]
        .sort(([a], [b]) => a - b)
        .map(([connectorId, samples]): ConnectorSeries => {
          const points = samplesToPoints(samples);
          const downsampled = points.length > q.maxPoints;
          return { connectorId, points: downsampled ? downsample(points, q.maxPoints) : points, rawCount: points.length, downsampled };
        });
      const first = rows[0];
      return { series, chargePointId: first ? String(first.charge_point_id) : (q.chargePointId ?? null) };
    },
  };
}

/** Buckets points by time: averages for power/current/voltage/SoC, the last reading for energy (a register). */
export function downsample(points: SeriesPoint[], maxPoints: number): SeriesPoint[] {
  const t0 = (points[0] as SeriesPoint).t;
  const t1 = (points[points.length - 1] as SeriesPoint).t;
  const width = Math.max(1, (t1 - t0 + 1) / maxPoints);
  const buckets = new Map<number, SeriesPoint[]>();
  for (const p of points) {
    const b = Math.floor((p.t - t0) / width);
    const list = buckets.get(b);
    if (list) list.push(p);
    else buckets.set(b, [p]);
  }
  const avg = (list: SeriesPoint[], k: 'powerW' | 'currentA' | 'voltageV' | 'soc'): number | undefined => {
    const vals = list.map((p) => p[k]).filter((v): v is number => v !== undefined);
    return vals.length ? vals.reduce((a, b) => a + b, 0) / vals.length : undefined;
  };
  const out: SeriesPoint[] = [];
  for (const list of buckets.values()) {
    const last = list[list.length - 1] as SeriesPoint;
    const p: SeriesPoint = { t: last.t };
    for (const k of ['powerW', 'currentA', 'voltageV', 'soc'] as const) {
      const v = avg(list, k);
      if (v !== undefined) p[k] = v;
    }
    const e = [...list].reverse().find((x) => x.energyWh !== undefined)?.energyWh;
    if (e !== undefined) p.energyWh = e;
    out.push(p);
  }
  return out;
}
