/**
 * Metering (OCPP 1.6): the energy register per connector integrated from power under the charging-profile limit
 * (core/simulator/meter.ts, ev.ts: version-independent), sampled values for the configured measurands, periodic
 * MeterValues while a transaction runs, clock-aligned ones, and Charging ↔ SuspendedEV / SuspendedEVSE.
 */
import type { Payload } from '../../ocpp/index.js';
import { compositeLimitW, type InstalledProfile } from '../chargingProfiles.js';
import type { Connector } from '../connector.js';
import type { ConnectorStatus } from '../connectorStatus.js';
import { isFull } from '../ev.js';
import { advanceMeter } from '../meter.js';
import { sampledValues, type MeterValue, type ReadingContext } from '../meterSamples.js';
import { quirkHook } from '../quirks/catalog.js';
import type { Task } from '../scheduler.js';
import type { Calls } from './calls.js';
import type { ChargerState } from './state.js';
import type { Statuses } from './statuses.js';

export class Metering {
  /** Installed charging profiles (SetChargingProfile / RemoteStart). */
  chargingProfiles: InstalledProfile[] | null = null;
  private alignedTask: Task | null = null;
  private lastAlignedWh: Float64Array | null = null;

  constructor(
    private readonly s: ChargerState,
    private readonly calls: Calls,
    private readonly statuses: Statuses,
  ) {}

  /** Charging-profile limit in W for the connector at t (null: none). */
  limitAt(c: Connector, t: number): number | null {
    const p = this.s.profile;
    return compositeLimitW(this.chargingProfiles, c.id, t, {
      voltage: p.voltage,
      phases: p.phases,
      transactionId: c.tx?.id ?? null,
      txStart: c.tx?.startedAt ?? null,
    });
  }

  /** Brings the connector's meter up to now. */
  advance(c: Connector, until: number = this.s.now()): number {
    const energized = c.tx !== null && c.tx.interruptedAt === null && this.s.powered && !c.faulted && c.availability === 'Operative';
    return advanceMeter(c.meter, until, energized, this.s.profile.maxPowerW, c.ev, (t) => this.limitAt(c, t));
  }

  /** Sampled values for measurands at this instant (advances the meter first). */
  sample(c: Connector, measurands: readonly string[], context: ReadingContext, intervalWh = 0): MeterValue['sampledValue'] {
    const p = this.s.profile;
    const powerW = this.advance(c);
    const limit = this.limitAt(c, this.s.now());
    const offeredW = c.tx ? Math.min(p.maxPowerW, limit ?? Infinity) : 0;
    return sampledValues(
      measurands,
      { energyWh: c.meter.energyWh, intervalWh, powerW, offeredW, voltage: p.voltage, phases: p.phases, soc: c.ev ? c.ev.soc : null },
      context,
    );
  }

  emitMeter(c: Connector, context: string): void {
    const s = this.s;
    if (!s.bus.wants('meter')) return;
    s.emit({
      kind: 'meter',
      chargerId: s.id,
      at: s.now(),
      connectorId: c.id,
      transactionId: c.tx?.id ?? null,
      energyWh: c.meter.energyWh,
      powerW: c.meter.powerW,
      soc: c.ev ? c.ev.soc : null,
      context,
    });
  }

  /** transactionId as this firmware puts it on the wire. */
  wireTxId(id: number): number {
    return quirkHook(this.s.profile.quirks, 'transactionId', id, null) as number;
  }

  /** Sends one MeterValues for the connector (transactional when a transaction runs). */
  sendMeterValues(c: Connector, measurands: readonly string[], context: ReadingContext, intervalWh = 0): Promise<unknown> {
    const sampledValue = this.sample(c, measurands, context, intervalWh);
    this.emitMeter(c, context);
    if (sampledValue.length === 0) return Promise.resolve(null);
    const mv: MeterValue = { timestamp: this.s.timestamp(), sampledValue };
    const tx = c.tx;
    if (tx && tx.interruptedAt === null) {
      return this.calls.send('MeterValues', () => (tx.id === null ? null : { connectorId: c.id, transactionId: this.wireTxId(tx.id), meterValue: [mv] }), {
        transactional: true,
      });
    }
    return this.calls.send('MeterValues', { connectorId: c.id, meterValue: [mv] }, { beforeAccepted: context === 'Trigger' });
  }

  /** A MeterValues without transactionId, sent while StartTransaction is still unanswered (a quirk's). */
  sendBeforeStartConf(start: Payload): void {
    const connectorId = Number(start.connectorId);
    const c = this.s.connectors[connectorId];
    if (!c) return;
    const mv: MeterValue = { timestamp: this.s.timestamp(), sampledValue: this.sample(c, this.s.config.list('MeterValuesSampledData'), 'Sample.Periodic') };
    this.calls.sendUnqueued('MeterValues', { connectorId, meterValue: [mv] });
  }

  /** Re-evaluates a charging connector: SuspendedEV when the EV is full, SuspendedEVSE when the limit is 0. */
  updateChargingStatus(c: Connector): void {
    if (!c.tx || c.faulted || c.availability === 'Inoperative' || c.tx.interruptedAt !== null) return;
    this.advance(c);
    const limit = this.limitAt(c, this.s.now());
    const next: ConnectorStatus = limit !== null && limit <= 0 ? 'SuspendedEVSE' : c.ev && isFull(c.ev) ? 'SuspendedEV' : !c.ev ? 'SuspendedEV' : 'Charging';
    if (next !== c.status) this.statuses.setStatus(c.id, next);
  }

  scheduleSampling(c: Connector): void {
    const s = this.s;
    c.sampleTask = s.scheduler.cancel(c.sampleTask);
    if (!c.tx) return;
    const interval = s.config.int('MeterValueSampleInterval');
    const tick = (interval > 0 ? interval : 60) * 1000;
    c.sampleTask = s.scheduler.after(tick, () => {
      c.sampleTask = null;
      if (!c.tx || !s.powered) return;
      if (interval > 0) void this.sendMeterValues(c, s.config.list('MeterValuesSampledData'), 'Sample.Periodic');
      else this.advance(c);
      this.updateChargingStatus(c);
      this.scheduleSampling(c);
    });
  }

  /** Restarts sampling timers (after MeterValueSampleInterval changes). */
  rescheduleSampling(): void {
    for (const c of this.s.connectors) if (c.tx && c.tx.interruptedAt === null) this.scheduleSampling(c);
  }

  /** Clock-aligned meter values every ClockAlignedDataInterval seconds, aligned to midnight UTC. */
  scheduleAligned(): void {
    const s = this.s;
    this.alignedTask = s.scheduler.cancel(this.alignedTask);
    const seconds = s.config.int('ClockAlignedDataInterval');
    if (seconds <= 0 || !s.powered) return;
    const step = seconds * 1000;
    const next = Math.floor(s.now() / step) * step + step;
    this.alignedTask = s.scheduler.at(next, () => {
      this.alignedTask = null;
      const measurands = s.config.list('MeterValuesAlignedData');
      if (measurands.length && s.registration === 'Accepted') {
        this.lastAlignedWh ??= new Float64Array(s.connectors.length).fill(-1);
        for (const c of s.connectors) {
          if (c.id === 0) continue;
          this.advance(c);
          const last = this.lastAlignedWh[c.id] ?? -1;
          const interval = last < 0 ? 0 : c.meter.energyWh - last;
          this.lastAlignedWh[c.id] = c.meter.energyWh;
          if (c.tx || s.isOnline) void this.sendMeterValues(c, measurands, 'Sample.Clock', interval);
        }
      }
      this.scheduleAligned();
    });
  }

  /** Stops the timers (power off / reboot). */
  stopTimers(): void {
    this.alignedTask = this.s.scheduler.cancel(this.alignedTask);
    for (const c of this.s.connectors) c.sampleTask = this.s.scheduler.cancel(c.sampleTask);
  }
}
