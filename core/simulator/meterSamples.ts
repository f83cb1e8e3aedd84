/**
 * Turns a connector's meter into OCPP sampledValue entries for the configured measurands
 * (MeterValuesSampledData, MeterValuesAlignedData, StopTxnSampledData).
 */
import type { MeterValue } from '../ocpp/index.js';

export type { MeterValue };
export type SampledValue = MeterValue['sampledValue'][number];
export type ReadingContext = NonNullable<SampledValue['context']>;

export interface Reading {
  energyWh: number;
  /** Energy delivered since the previous reading of this kind (for *.Interval measurands). */
  intervalWh: number;
  powerW: number;
  offeredW: number;
  voltage: number;
  phases: number;
  soc: number | null;
}

const fixed = (n: number, digits: number): string => (Math.round(n * 10 ** digits) / 10 ** digits).toString();

/** sampledValue entries for `measurands`; measurands that do not apply (SoC without an EV) are left out. */
export function sampledValues(measurands: readonly string[], r: Reading, context: ReadingContext): SampledValue[] {
  const out: SampledValue[] = [];
  const perPhaseCurrent = (w: number): number => w / (r.voltage * r.phases);
  for (const m of measurands) {
    switch (m) {
      case 'Energy.Active.Import.Register':
        out.push({ value: String(Math.floor(r.energyWh)), context, measurand: m, location: 'Outlet', unit: 'Wh' });
        break;
      case 'Energy.Active.Import.Interval':
        out.push({ value: String(Math.floor(r.intervalWh)), context, measurand: m, location: 'Outlet', unit: 'Wh' });
        break;
      case 'Power.Active.Import':
        out.push({ value: fixed(r.powerW, 1), context, measurand: m, location: 'Outlet', unit: 'W' });
        break;
      case 'Power.Offered':
        out.push({ value: fixed(r.offeredW, 1), context, measurand: m, location: 'Outlet', unit: 'W' });
        break;
      case 'Current.Import':
        out.push({ value: fixed(perPhaseCurrent(r.powerW), 2), context, measurand: m, location: 'Outlet', unit: 'A' });
        break;
      case 'Current.Offered':
        out.push({ value: fixed(perPhaseCurrent(r.offeredW), 2), context, measurand: m, location: 'Outlet', unit: 'A' });
        break;
      case 'Voltage':
        out.push({ value: fixed(r.voltage, 1), context, measurand: m, location: 'Outlet', unit: 'V' });
        break;
      case 'Frequency':
        out.push({ value: '50', context, measurand: m, location: 'Outlet' });
        break;
      case 'Temperature':
        out.push({ value: fixed(25 + r.powerW / 2000, 1), context, measurand: m, location: 'Body', unit: 'Celsius' });
        break;
      case 'SoC':
        if (r.soc !== null) out.push({ value: String(Math.floor(r.soc)), context, measurand: m, location: 'EV', unit: 'Percent' });
        break;
      default:
        break;
    }
  }
  return out;
}
