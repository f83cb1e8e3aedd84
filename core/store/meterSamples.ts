/** Meter samples: every sampled value, with the spec's defaults filled in for omitted fields. */
import type { Database } from 'better-sqlite3';
import type { MeterSampleRow } from './types.js';
import { clampLimit, num, str, where, type SqlRow } from './rows.js';

export interface SampleInput {
  chargePointId: string;
  connectorId: number;
  transactionId: number | null;
  timestamp: string;
  tsMs: number;
  value: string;
  measurand?: string | undefined;
  phase?: string | undefined;
  unit?: string | undefined;
  context?: string | undefined;
  location?: string | undefined;
  format?: string | undefined;
  source: 'MeterValues' | 'StopTransaction' | 'TransactionEvent';
  frameId: number | null;
}

export interface SampleQuery {
  transactionId?: number;
  chargePointId?: string;
  connectorId?: number;
  measurand?: string;
  /** ISO, inclusive. */
  from?: string;
  /** ISO, exclusive. */
  to?: string;
  limit?: number;
}

/** OCPP 1.6 SampledValue defaults (§7.45). */
export const SAMPLE_DEFAULTS = {
  measurand: 'Energy.Active.Import.Register',
  unit: 'Wh',
  context: 'Sample.Periodic',
  location: 'Outlet',
  format: 'Raw',
} as const;

function toRow(r: SqlRow): MeterSampleRow {
  return {
    id: Number(r.id),
    chargePointId: String(r.charge_point_id),
    connectorId: Number(r.connector_id),
    transactionId: num(r.transaction_id),
    timestamp: String(r.timestamp),
    value: String(r.value),
    numericValue: num(r.numeric_value),
    measurand: String(r.measurand),
    phase: str(r.phase),
    unit: String(r.unit),
    context: String(r.context),
    location: String(r.location),
    format: String(r.format),
    source: r.source as MeterSampleRow['source'],
    frameId: num(r.frame_id),
  };
}

export function meterSampleRepo(db: Database) {
  const insert = db.prepare(`INSERT INTO meter_samples (charge_point_id, connector_id, transaction_id, timestamp, ts_ms, value, numeric_value, measurand,
    phase, unit, context, location, format, source, frame_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  return {
    /** Stores one sampled value and returns the stored row. */
    insert(s: SampleInput): MeterSampleRow {
      const n = s.format === 'SignedData' ? NaN : Number(s.value);
      const row = {
        chargePointId: s.chargePointId,
        connectorId: s.connectorId,
        transactionId: s.transactionId,
        timestamp: s.timestamp,
        value: s.value,
        numericValue: Number.isFinite(n) && s.value.trim() !== '' ? n : null,
        measurand: s.measurand ?? SAMPLE_DEFAULTS.measurand,
        phase: s.phase ?? null,
        unit: s.unit ?? (s.measurand === undefined || s.measurand.startsWith('Energy.Active') ? SAMPLE_DEFAULTS.unit : defaultUnit(s.measurand)),
        context: s.context ?? SAMPLE_DEFAULTS.context,
        location: s.location ?? SAMPLE_DEFAULTS.location,
        format: s.format ?? SAMPLE_DEFAULTS.format,
        source: s.source,
        frameId: s.frameId,
      };
      // Positional: binding by name costs a property lookup per column, on every sampled value.
      const info = insert.run(
        row.chargePointId,
        row.connectorId,
        row.transactionId,
        row.timestamp,
        s.tsMs,
        row.value,
        row.numericValue,
        row.measurand,
        row.phase,
        row.unit,
        row.context,
        row.location,
        row.format,
        row.source,
        row.frameId,
      );
      return { id: Number(info.lastInsertRowid), ...row };
    },
    /** Samples of a transaction, or of a charger (and connector), in a time range, oldest first. */
    list(q: SampleQuery): MeterSampleRow[] {
      const parts: string[] = [];
      const params: unknown[] = [];
      const add = (sql: string, v: unknown) => {
        parts.push(sql);
        params.push(v);
      };
      if (q.transactionId !== undefined) add('transaction_id = ?', q.transactionId);
      if (q.chargePointId !== undefined) add('charge_point_id = ?', q.chargePointId);
      if (q.connectorId !== undefined) add('connector_id = ?', q.connectorId);
      if (q.measurand !== undefined) add('measurand = ?', q.measurand);
      if (q.from !== undefined) add('ts_ms >= ?', Date.parse(q.from));
      if (q.to !== undefined) add('ts_ms < ?', Date.parse(q.to));
      const rows = db
        .prepare(`SELECT * FROM meter_samples ${where(parts)} ORDER BY ts_ms, id LIMIT ?`)
        .all(...params, clampLimit(q.limit, 10_000, 100_000)) as SqlRow[];
      return rows.map(toRow);
    },
  };
}

/** The unit the spec implies when a non-energy measurand omits it. */
function defaultUnit(measurand: string): string {
  if (measurand.startsWith('Energy.Reactive')) return 'varh';
  if (measurand.startsWith('Power.Reactive')) return 'var';
  if (measurand.startsWith('Power.Factor')) return 'Percent';
  if (measurand.startsWith('Power')) return 'W';
  if (measurand.startsWith('Current')) return 'A';
  if (measurand === 'Voltage') return 'V';
  if (measurand === 'Temperature') return 'Celsius';
  if (measurand === 'SoC') return 'Percent';
  return SAMPLE_DEFAULTS.unit;
}
export type MeterSampleRepo = ReturnType<typeof meterSampleRepo>;
