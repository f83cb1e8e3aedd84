/**
 * An EVSE's meter on a 2.0.1 station: the energy register advanced by the shared EV/meter model (../meter.ts,
 * ../ev.ts) under the charging-profile limit, and the sampled values a TransactionEvent or MeterValues carries.
 */
import type { MeterValueType, ReadingContextEnumType } from '../../ocpp/v201/index.js';
import { advanceMeter } from '../meter.js';
import type { Evse201 } from './evse.js';
import { meterValue, sampledValues201 } from './meterValues.js';
import type { StationCore } from './stationCore.js';
import type { StationState } from './stationState.js';

export class EvseMeter {
  constructor(private readonly cp: StationCore & { readonly state: StationState }) {}

  private ctx(e: Evse201): {
    voltage: number;
    phases: number;
    transactionId: number | null;
    txStart: number | null;
  } {
    const h = this.cp.profile.hardware;
    return {
      voltage: h.voltage,
      phases: h.phases,
      transactionId: e.tx ? 1 : null,
      txStart: e.tx?.startedAt ?? null,
    };
  }

  limitAt(e: Evse201, t: number): number | null {
    return this.cp.state.profiles.limitW(e.id, t, this.ctx(e));
  }

  advance(e: Evse201, until = this.cp.now()): number {
    const on =
      e.tx !== null &&
      e.tx.interruptedAt === null &&
      this.cp.powered &&
      !e.connectors.some((c) => c.faulted && c.id === e.tx?.connectorId) &&
      e.availability === 'Operative';
    return advanceMeter(e.meter, until, on, this.cp.profile.hardware.maxPowerW, e.ev, (t) => this.limitAt(e, t));
  }

  meterValues(e: Evse201, measurands: readonly string[], context: ReadingContextEnumType, intervalWh = 0): MeterValueType[] {
    const powerW = this.advance(e);
    const h = this.cp.profile.hardware;
    const offeredW = e.tx ? Math.min(h.maxPowerW, this.limitAt(e, this.cp.now()) ?? Infinity) : 0;
    const sv = sampledValues201(
      measurands,
      {
        energyWh: e.meter.energyWh,
        intervalWh,
        powerW,
        offeredW,
        voltage: h.voltage,
        phases: h.phases,
        soc: e.ev ? e.ev.soc : null,
      },
      context,
    );
    if (this.cp.bus.wants('meter'))
      this.cp.emit({
        kind: 'meter',
        chargerId: this.cp.id,
        at: this.cp.now(),
        connectorId: e.pluggedConnector ?? 1,
        transactionId: e.tx?.id ?? null,
        energyWh: e.meter.energyWh,
        powerW,
        soc: e.ev ? e.ev.soc : null,
        context,
      });
    return sv.length ? [meterValue(this.cp.timestamp(), sv)] : [];
  }
}
