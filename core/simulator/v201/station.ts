/**
 * A simulated OCPP 2.0.1 charging station on the simulator's shared wire parts, like the 1.6 charger: the websocket
 * client (parts/connection.ts: offers ocpp2.0.1, Basic auth, reconnect with backoff, pings), the outbox
 * (parts/outbox.ts: one CALL in flight, TransactionEvents kept offline and retried) and RPC framing
 * (parts/rpc.ts), wired by stationHosts.ts behind the 2.0.1 protocol port (v201Port.ts). On top: boot (Accepted /
 * Pending / Rejected with the CSMS's interval), heartbeats, a StatusNotification per EVSE connector whenever its
 * status changes (queued until registered, sent again after a reconnect when it changed offline), the device model
 * (deviceModel.ts), sessions with TransactionEvents (sessions.ts) and answers to the CSMS's CALLs (incoming/).
 * Faults and power as for 1.6: Faulted connectors, power cut (transactions end with PowerLoss after the next boot),
 * reboot, late or missing answers.
 */
import type { BootReasonEnumType, ChargingStationAction, RequestOf, ResponseOf } from '../../ocpp/v201/index.js';
import type { Payload } from '../../ocpp/index.js';
import { EventBus, type SimEvent } from '../events.js';
import { Connection } from '../parts/connection.js';
import { ChargerOfflineError, Outbox, type SendOptions } from '../parts/outbox.js';
import { Rpc } from '../parts/rpc.js';
import type { ConnectionState } from '../parts/wire.js';
import type { Scheduler, Task } from '../scheduler.js';
import { SimStats } from '../stats.js';
import type { DeviceModel } from './deviceModel.js';
import { buildDeviceModel } from './deviceModelDefaults.js';
import { newEvse, type Evse201 } from './evse.js';
import type { Profile201 } from './profile.js';
import { Sessions } from './sessions.js';
import { stationSnapshot, type StationSnapshot } from './snapshot.js';
import type { FaultState201, RegistrationStatus201, StationObserver } from './stationCore.js';
import { StationHosts, type HostedStation } from './stationHosts.js';
import { StationState } from './stationState.js';
import { StatusReporter } from './statuses.js';

export type { FaultState201, RegistrationStatus201, StationObserver } from './stationCore.js';

export interface StationOptions {
  id: string;
  url: string;
  profile: Profile201;
  scheduler: Scheduler;
  bus?: EventBus;
  stats?: SimStats;
  /** Device-model values ("Component.Variable[instance]", or the common 1.6 keys) over the profile's. */
  configuration?: Record<string, string | number | boolean>;
  autoBoot?: boolean;
  password?: string;
  random?: () => number;
  observer?: StationObserver;
}

const noop = (): void => {};

export class ChargingStation implements HostedStation {
  readonly protocol = 'ocpp2.0.1' as const;
  readonly id: string;
  readonly profile: Profile201;
  readonly dm: DeviceModel;
  readonly evses: Evse201[];
  readonly scheduler: Scheduler;
  readonly bus: EventBus;
  readonly stats: SimStats;
  readonly random: () => number;
  readonly socket: Connection;
  readonly outbox: Outbox;
  readonly rpc: Rpc;
  readonly sessions: Sessions;
  readonly statuses: StatusReporter;
  /** Installed profiles, local list, cache, firmware and log status, reservations: what the CSMS manages. */
  readonly state = new StationState();
  connection: ConnectionState = 'disconnected';
  registration: RegistrationStatus201 = 'None';
  powered = false;
  autoBoot: boolean;
  faults: FaultState201 | null = null;
  lastBootResponse: ResponseOf<'BootNotification'> | null = null;
  /** Why the next BootNotification is sent. */
  bootReason: BootReasonEnumType = 'PowerUp';
  /** Station-wide ChangeAvailability (no evse). */
  operative = true;
  firmwareVersion: string;
  readonly observer: StationObserver | undefined;
  private heartbeatTask: Task | null = null;
  private bootTask: Task | null = null;

  constructor(o: StationOptions) {
    this.id = o.id;
    this.profile = o.profile;
    this.scheduler = o.scheduler;
    this.bus = o.bus ?? new EventBus();
    this.stats = o.stats ?? new SimStats();
    this.random = o.random ?? Math.random;
    this.autoBoot = o.autoBoot ?? true;
    this.observer = o.observer;
    this.firmwareVersion = o.profile.hardware.firmwareVersion;
    this.dm = buildDeviceModel(o.profile, o.configuration);
    const now = this.now();
    this.evses = o.profile.evses.map((n, i) => newEvse(i + 1, n, now));
    const hosts = new StationHosts(this, o.password);
    this.socket = new Connection(hosts, o.url, true);
    this.outbox = new Outbox(hosts);
    this.rpc = new Rpc(hosts, Math.floor(this.random() * 1e9));
    this.sessions = new Sessions(this);
    this.statuses = new StatusReporter(this);
  }

  // ── time, events, lookups ──
  now(): number {
    return this.scheduler.now();
  }

  timestamp(t: number = this.now()): string {
    return new Date(t).toISOString();
  }

  emit(e: SimEvent): void {
    this.bus.emit(e);
  }

  error(message: string): void {
    this.stats.error(this.id, message);
    if (this.bus.wants('error')) this.emit({ kind: 'error', chargerId: this.id, at: this.now(), message });
  }

  evse(id: number): Evse201 | undefined {
    return id >= 1 ? this.evses[id - 1] : undefined;
  }

  get isOnline(): boolean {
    return this.connection === 'connected';
  }

  get idle(): boolean {
    return this.outbox.idle;
  }

  // ── connection ──
  async powerOn(): Promise<void> {
    if (!this.powered) {
      this.powered = true;
      this.registration = 'None';
      for (const e of this.evses) e.meter.at = Math.max(e.meter.at, this.now());
    }
    this.socket.autoReconnect = true;
    await this.socket.connect();
  }

  connect(): Promise<void> {
    return this.powered ? ((this.socket.autoReconnect = true), this.socket.connect()) : this.powerOn();
  }

  /** Closes the connection; it stays closed until connect(). */
  disconnect(): Promise<void> {
    return this.socket.disconnect();
  }

  /** Drops the TCP connection without a close frame; reconnects with backoff. */
  dropConnection(): void {
    this.socket.autoReconnect = true;
    this.socket.drop();
  }

  setConnection(to: ConnectionState, reason?: string): void {
    const from = this.connection;
    if (from === to) return;
    this.connection = to;
    this.observer?.connectionChanged(this.id, from, to);
    if (this.bus.wants('connection')) this.emit({ kind: 'connection', chargerId: this.id, at: this.now(), state: to, ...(reason ? { reason } : {}) });
  }

  /** The socket opened (Connection host): reconnected while registered, flush and report; otherwise boot. */
  opened(): void {
    if (this.registration === 'Accepted') {
      this.statuses.reportAll(false);
      this.scheduleHeartbeat();
      this.outbox.pump();
    } else if (this.autoBoot) this.sendBoot();
  }

  /** The socket closed (Connection host): timers stop; TransactionEvents stay queued, the rest fail. */
  closed(): void {
    this.heartbeatTask = this.scheduler.cancel(this.heartbeatTask);
    this.bootTask = this.scheduler.cancel(this.bootTask);
    this.outbox.disconnected();
    this.outbox.checkDrained();
  }

  // ── wire ──
  sendRaw(text: string): boolean {
    return this.socket.sendRaw(text);
  }

  sendMalformedJson(): boolean {
    return this.sendRaw(`[2,"${this.rpc.nextMessageId()}","Heartbeat",{`);
  }

  call<A extends ChargingStationAction>(action: A, payload: RequestOf<A>, opts?: SendOptions): Promise<ResponseOf<A>> {
    return this.outbox.call(action, payload as unknown as Payload, opts) as Promise<never>;
  }

  /** call() for the station's own use: failures are counted, never thrown. */
  send<A extends ChargingStationAction>(action: A, payload: RequestOf<A>, opts?: SendOptions): Promise<ResponseOf<A> | null> {
    return this.outbox.send(action, payload as unknown as Payload, opts) as Promise<never>;
  }

  // ── boot and heartbeat ──
  async boot(): Promise<ResponseOf<'BootNotification'>> {
    this.bootTask = this.scheduler.cancel(this.bootTask);
    const h = this.profile.hardware;
    const req: RequestOf<'BootNotification'> = {
      reason: this.bootReason,
      chargingStation: {
        model: h.model,
        vendorName: h.vendor,
        serialNumber: this.id.slice(0, 25),
        firmwareVersion: this.firmwareVersion,
      },
    };
    try {
      const conf = await this.call('BootNotification', req);
      this.onBootAnswer(conf);
      return conf;
    } catch (err) {
      if (!(err instanceof ChargerOfflineError)) this.error(`BootNotification failed: ${(err as Error).message}`);
      if (this.isOnline) this.bootTask = this.scheduler.after(h.timing.bootRetryS * 1000, () => this.sendBoot());
      throw err;
    }
  }

  sendBoot(): void {
    this.boot().catch(noop);
  }

  private onBootAnswer(conf: ResponseOf<'BootNotification'>): void {
    this.lastBootResponse = conf;
    const was = this.registration;
    this.registration = conf.status;
    if (this.bus.wants('registration')) this.emit({ kind: 'registration', chargerId: this.id, at: this.now(), status: conf.status });
    if (conf.status === 'Accepted') {
      if (conf.interval > 0) this.dm.setInternal('OCPPCommCtrlr', 'HeartbeatInterval', String(conf.interval));
      this.scheduleHeartbeat();
      if (was !== 'Accepted') this.afterRegistered();
      this.outbox.pump();
      return;
    }
    // Pending / Rejected (B02, B03): boot again after the interval; nothing else goes out meanwhile (Rejected).
    const retryS = conf.interval > 0 ? conf.interval : this.profile.hardware.timing.bootRetryS;
    this.bootTask = this.scheduler.after(retryS * 1000, () => {
      this.bootTask = null;
      if (this.isOnline && this.registration !== 'Accepted') this.sendBoot();
    });
  }

  private afterRegistered(): void {
    this.bootReason = 'PowerUp';
    this.sessions.afterBoot();
    this.statuses.reportAll(true);
    this.sessions.scheduleAligned();
    this.state.afterBoot(this);
  }

  scheduleHeartbeat(): void {
    this.heartbeatTask = this.scheduler.cancel(this.heartbeatTask);
    const s = this.dm.int('OCPPCommCtrlr', 'HeartbeatInterval');
    if (s <= 0 || !this.isOnline || this.registration !== 'Accepted') return;
    this.heartbeatTask = this.scheduler.after(s * 1000, () => {
      this.heartbeatTask = null;
      this.send('Heartbeat', {}).then((conf) => {
        if (conf) this.dm.setInternal('ClockCtrlr', 'DateTime', conf.currentTime);
      });
      this.scheduleHeartbeat();
    });
  }

  // ── statuses ──
  /** Recomputes the EVSE's connector statuses and reports every change (StatusNotification). */
  refresh(e: Evse201): void {
    this.statuses.refresh(e);
  }

  notifyStatus(e: Evse201, connectorId: number, triggered: boolean): void {
    this.statuses.notify(e, connectorId, triggered);
  }

  setOperative(operative: boolean): void {
    this.operative = operative;
    for (const e of this.evses) this.refresh(e);
  }

  // ── faults, reboot, power ──
  mustEvse(evseId: number): Evse201 {
    const e = this.evse(evseId);
    if (!e) throw new Error(`${this.id}: no EVSE ${evseId} (this station has ${this.evses.length})`);
    return e;
  }

  /** Reset: ends transactions (ImmediateReset), closes, boots again after rebootS with the given reason. */
  async reboot(reason: BootReasonEnumType = 'RemoteReset'): Promise<void> {
    for (const e of this.evses) if (e.tx && e.tx.interruptedAt === null) this.sessions.stop(e.id, 'ImmediateReset', 'ResetCommand');
    await this.outbox.drain(10_000);
    this.shutdown();
    await this.socket.closeForGood();
    this.bootReason = reason;
    this.scheduler.after(this.profile.hardware.timing.rebootS * 1000, () => void this.powerOn().catch(noop));
  }

  private shutdown(): void {
    this.powered = false;
    this.registration = 'None';
    this.heartbeatTask = this.scheduler.cancel(this.heartbeatTask);
    this.bootTask = this.scheduler.cancel(this.bootTask);
    this.socket.cancelReconnect();
    this.outbox.cancelPump();
    this.sessions.shutdown();
  }

  /** Power cut: the socket dies without a word; running transactions end (PowerLoss) after the next boot. */
  powerCut(): void {
    this.sessions.interruptAll();
    this.shutdown();
    if (this.socket.kill()) this.setConnection('disconnected', 'power cut');
    this.outbox.disconnected();
    this.outbox.checkDrained();
  }

  /** Stops for good: 'end' ends the sessions first (answered, bounded), 'powerCut' silently, 'close' just closes. */
  async stop(opts: { mode?: 'end' | 'powerCut' | 'close'; maxWaitMs?: number } = {}): Promise<void> {
    const mode = opts.mode ?? 'close';
    if (mode === 'powerCut') this.powerCut();
    else if (mode === 'end' && this.powered) {
      for (const e of this.evses) if (e.tx && e.tx.interruptedAt === null) this.sessions.stop(e.id, 'Local', 'StopAuthorized');
      await this.outbox.drain(opts.maxWaitMs ?? 10_000);
    }
    this.shutdown();
    await this.socket.closeForGood();
    this.outbox.disconnected();
    this.outbox.rejectAll('station stopped');
    this.state.clear(this);
  }

  snapshot(): StationSnapshot {
    return stationSnapshot(this);
  }
}
