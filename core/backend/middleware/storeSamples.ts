/** Shared by MeterValues and StopTransaction: stores every sampled value with the charger's timestamps. */
import type { MeterValue } from '../../ocpp/index.js';
import type { MeterSampleRow, Store } from '../../store/index.js';

export function storeSamples(
  store: Store,
  p: {
    chargePointId: string;
    connectorId: number;
    transactionId: number | null;
    meterValue: MeterValue[];
    source: 'MeterValues' | 'StopTransaction';
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
          connectorId: p.connectorId,
          transactionId: p.transactionId,
          timestamp,
          tsMs,
          value: sv.value,
          measurand: sv.measurand,
          phase: sv.phase,
          unit: sv.unit,
          context: sv.context,
          location: sv.location,
          format: sv.format,
          source: p.source,
          frameId: p.frameId,
        }),
      );
    }
  }
  return rows;
}
