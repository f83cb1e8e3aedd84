/**
 * One meter-sample store for both versions (1.6 MeterValues / StopTransaction transactionData, 2.0.1 MeterValues /
 * TransactionEvent meterValue): each sampledValue a row of meter_samples with the charger's timestamp (the server's
 * time when it cannot be read), then one 'meterValues' event. Only how a sampled value reads differs by version:
 * 1.6 stores value, unit and format as sent; 2.0.1 the value scaled by its unitOfMeasure multiplier (v201/samples.ts),
 * unitOfMeasure.unit, format Raw (a signedMeterValue travels beside the value and stays in the frame).
 */
import type { MeterValue, SampledValue, v201 } from '../ocpp/index.js';
import type { MeterSampleRow } from '../store/index.js';
import type { SampleInput } from '../store/meterSamples.js';
import type { CallContext } from './context.js';
import { scaled } from './v201/samples.js';

type Reading = Pick<SampleInput, 'value' | 'measurand' | 'phase' | 'unit' | 'context' | 'location' | 'format'>;

/** Per version: its meter values and how one of its sampled values is stored. */
type Sampled =
  | { protocol: 'ocpp1.6'; meterValue: readonly MeterValue[]; source: 'MeterValues' | 'StopTransaction' }
  | { protocol: 'ocpp2.0.1'; meterValue: readonly v201.MeterValueType[]; source: 'MeterValues' | 'TransactionEvent' };

const READ = {
  'ocpp1.6': (sv: SampledValue): Reading => ({ ...common(sv), value: sv.value, unit: sv.unit, format: sv.format }),
  'ocpp2.0.1': (sv: v201.SampledValueType): Reading => ({ ...common(sv), value: String(scaled(sv)), unit: sv.unitOfMeasure?.unit, format: 'Raw' }),
};

function common(sv: { measurand?: string; phase?: string; context?: string; location?: string }): Omit<Reading, 'value' | 'unit' | 'format'> {
  return { measurand: sv.measurand, phase: sv.phase, context: sv.context, location: sv.location };
}

export type SampleContext = Pick<CallContext, 'store' | 'chargePointId' | 'frameId' | 'nowMs' | 'emit'>;

/** Stores the samples (connectorId: 1.6's connector, 2.0.1's EVSE) and emits them as one 'meterValues' event. */
export function storeSamples(ctx: SampleContext, p: Sampled & { connectorId: number; transactionId: number | null }): MeterSampleRow[] {
  const read = READ[p.protocol] as (sv: unknown) => Reading;
  const rows: MeterSampleRow[] = [];
  for (const mv of p.meterValue) {
    const parsed = Date.parse(mv.timestamp);
    const tsMs = Number.isNaN(parsed) ? ctx.nowMs : parsed;
    const timestamp = new Date(tsMs).toISOString();
    for (const sv of mv.sampledValue) {
      rows.push(
        ctx.store.meterSamples.insert({
          chargePointId: ctx.chargePointId,
          connectorId: p.connectorId,
          transactionId: p.transactionId,
          timestamp,
          tsMs,
          ...read(sv),
          source: p.source,
          frameId: ctx.frameId,
        }),
      );
    }
  }
  ctx.emit('meterValues', { chargePointId: ctx.chargePointId, connectorId: p.connectorId, transactionId: p.transactionId, samples: rows });
  return rows;
}
