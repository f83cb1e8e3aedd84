/**
 * Registration (OCPP 1.6): BootNotification and its answer (Accepted → heartbeats and clock-aligned values;
 * Pending / Rejected → retry after the interval), heartbeats per HeartbeatInterval.
 */
import type { RequestOf, ResponseOf } from '../../ocpp/index.js';
import type { Task } from '../scheduler.js';
import type { Calls } from './calls.js';
import { ChargerOfflineError } from './outbox.js';
import type { ChargerState } from './state.js';

export interface RegistrationHooks {
  /** Every Accepted; `first` when the charger was not Accepted before (after power-on, Pending or Rejected). */
  accepted(first: boolean): void;
}

const noop = (): void => {};

export class Registration {
  lastBootResponse: ResponseOf<'BootNotification'> | null = null;
  private bootTask: Task | null = null;
  private heartbeatTask: Task | null = null;

  constructor(
    private readonly s: ChargerState,
    private readonly calls: Calls,
    private readonly hooks: RegistrationHooks,
  ) {}

  /** Sends BootNotification now and applies the answer (Accepted → heartbeats; Pending/Rejected → retry after interval). */
  async boot(): Promise<ResponseOf<'BootNotification'>> {
    const s = this.s;
    this.bootTask = s.scheduler.cancel(this.bootTask);
    const p = s.profile;
    const req: RequestOf<'BootNotification'> = {
      chargePointVendor: p.vendor,
      chargePointModel: p.model,
      chargePointSerialNumber: s.id.slice(0, 25),
      firmwareVersion: s.firmwareVersion,
      ...(p.meterType ? { meterType: p.meterType } : {}),
    };
    try {
      const conf = await this.calls.call('BootNotification', req);
      this.answered(conf);
      return conf;
    } catch (err) {
      if (!(err instanceof ChargerOfflineError)) s.error(`BootNotification failed: ${(err as Error).message}`);
      if (s.isOnline) this.bootTask = s.scheduler.after(p.timing.bootRetryS * 1000, () => this.sendBoot());
      throw err;
    }
  }

  sendBoot(): void {
    this.boot().catch(noop);
  }

  private answered(conf: ResponseOf<'BootNotification'>): void {
    const s = this.s;
    this.lastBootResponse = conf;
    const was = s.registration;
    s.registration = conf.status;
    if (s.bus.wants('registration')) s.emit({ kind: 'registration', chargerId: s.id, at: s.now(), status: conf.status });
    if (conf.status === 'Accepted') {
      if (conf.interval > 0) s.config.setInternal('HeartbeatInterval', String(conf.interval));
      this.scheduleHeartbeat();
      this.hooks.accepted(was !== 'Accepted');
      return;
    }
    const retryS = conf.interval > 0 ? conf.interval : s.profile.timing.bootRetryS;
    this.bootTask = s.scheduler.after(retryS * 1000, () => {
      this.bootTask = null;
      if (s.isOnline && s.registration !== 'Accepted') this.sendBoot();
    });
  }

  scheduleHeartbeat(): void {
    const s = this.s;
    this.heartbeatTask = s.scheduler.cancel(this.heartbeatTask);
    const seconds = s.config.int('HeartbeatInterval');
    if (seconds <= 0 || !s.isOnline || s.registration !== 'Accepted') return;
    this.heartbeatTask = s.scheduler.after(seconds * 1000, () => {
      this.heartbeatTask = null;
      void this.calls.send('Heartbeat', {});
      this.scheduleHeartbeat();
    });
  }

  /** The connection closed or the power went: no heartbeats, no boot retry. */
  stopTimers(): void {
    this.heartbeatTask = this.s.scheduler.cancel(this.heartbeatTask);
    this.bootTask = this.s.scheduler.cancel(this.bootTask);
  }
}
