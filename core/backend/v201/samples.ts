/**
 * How OCPP 2.0.1 sampled values read: the value scaled by its unitOfMeasure multiplier (10^multiplier, so the GUI
 * reads plain units; core/backend/meterSamples.ts stores them so), the spec's defaults for what is omitted
 * (Energy.Active.Import.Register in Wh), energy register readings for the transaction truth.
 */
import type { v201 } from '../../ocpp/index.js';

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
