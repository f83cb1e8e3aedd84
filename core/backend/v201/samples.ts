/**
 * OCPP 2.0.1 meter values into the one meter-sample model: each sampledValue a row, the value scaled by its
 * unitOfMeasure multiplier (10^multiplier, so the GUI reads plain units), the spec's defaults for what is omitted
 * (Energy.Active.Import.Register in Wh, Sample.Periodic, Outlet).
 */
import type { v201 } from '../../ocpp/index.js';
import type { MeterSampleRow, Store } from '../../store/index.js';

const ENERGY = 'Energy.Active.Import.Register';

/** The value in the unit named, with the multiplier applied (rounded to 1e-9 so 10^-3 scaling stays readable). */
export function scaled(sv: v201.SampledValueType): number {
  const m = sv.unitOfMeasure?.multiplier ?? 0;
  const v = m === 0 ? sv.value : sv.value * 10 ** m;
  return Math.round(v * 1e9) / 1e9;
}

/** A sampled value's energy register reading in Wh (null when it is none, or per phase). */
export function energyWh(sv: v201.SampledValueType): number | null {
  if ((sv.measurand ?? ENERGY) !== ENERGY || sv.phase !== undefined) return null;
  const unit = sv.unitOfMeasure?.unit ?? 'Wh';
  const v = scaled(sv);
  if (unit === 'kWh') return Math.round(v * 1000);
  if (unit === 'Wh') return Math.round(v);
  return null;
}

/** The earliest and latest energy register readings (Wh) among these meter values, by timestamp. */
export function energyRange(meterValue: readonly v201.MeterValueType[] | undefined): { first: number; last: number } | null {
  let first: { ms: number; wh: number } | null = null;
  let last: { ms: number; wh: number } | null = null;
  for (const mv of meterValue ?? []) {
    const ms = Date.parse(mv.timestamp);
    for (const sv of mv.sampledValue) {
      const wh = energyWh(sv);
      if (wh === null) continue;
      if (!first || ms < first.ms) first = { ms, wh };
      if (!last || ms >= last.ms) last = { ms, wh };
    }
  }
  return first && last ? { first: first.wh, last: last.wh } : null;
}

export function storeSamples201(
  store: Store,
  p: {
    chargePointId: string;
    evseId: number;
    transactionId: number | null;
    meterValue: readonly v201.MeterValueType[];
    source: 'MeterValues' | 'TransactionEvent';
    frameId: number;
    fallbackMs: number;
  },
): MeterSampleRow[] {
  const rows: MeterSampleRow[] = [];
  for (const mv of p.meterValue) {
    const parsed = Date.parse(mv.timestamp);
    const tsMs = Number.isNaN(parsed) ? p.fallbackMs : parsed;
    const timestamp = new Date(tsMs).toISOString();
    for (const sv of mv.sampledValue) {
      rows.push(
        store.meterSamples.insert({
          chargePointId: p.chargePointId,
          connectorId: p.evseId,
          transactionId: p.transactionId,
          timestamp,
          tsMs,
          value: String(scaled(sv)),
          measurand: sv.measurand,
          phase: sv.phase,
          unit: sv.unitOfMeasure?.unit,
          context: sv.context,
          location: sv.location,
          // 2.0.1's value is always the number; a signedMeterValue travels beside it (kept in the frame).
          format: 'Raw',
          source: p.source,
          frameId: p.frameId,
        }),
      );
    }
  }
  return rows;
}
