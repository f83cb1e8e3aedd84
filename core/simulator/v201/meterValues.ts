/**
 * OCPP 2.0.1 meter values from the same readings as 1.6 (meterSamples.ts): the value becomes a number, the unit
 * moves into unitOfMeasure, and measurands 2.0.1 does not define are left out.
 */
import {
  MeasurandEnumTypeValues,
  type MeasurandEnumType,
  type MeterValueType,
  type ReadingContextEnumType,
  type SampledValueType,
} from '../../ocpp/v201/index.js';
import { sampledValues, type Reading } from '../meterSamples.js';

const KNOWN = new Set<string>(MeasurandEnumTypeValues);

export function sampledValues201(measurands: readonly string[], r: Reading, context: ReadingContextEnumType): SampledValueType[] {
  const out: SampledValueType[] = [];
  for (const s of sampledValues(
    measurands.filter((m) => KNOWN.has(m)),
    r,
    context as never,
  )) {
    const v: SampledValueType = {
      value: Number(s.value),
      context,
      measurand: s.measurand as MeasurandEnumType,
    };
    if (s.location) v.location = s.location as SampledValueType['location'];
    if (s.unit) v.unitOfMeasure = { unit: s.unit };
    out.push(v);
  }
  return out;
}

export function meterValue(timestamp: string, sampledValue: SampledValueType[]): MeterValueType {
  return { timestamp, sampledValue };
}
