/**
 * What every part of a simulated charger shares: identity, profile, configuration, connectors, the scheduler's
 * clock, events and counters, and the few facts all parts read (connection, registration, power).
 * Version-independent apart from the Profile and Configuration it carries.
 */
import type { RegistrationStatus as OcppRegistrationStatus } from '../../ocpp/index.js';
import { Configuration } from '../configuration.js';
import { Connector } from '../connector.js';
import type { ChargePointErrorCode, ConnectorStatus } from '../connectorStatus.js';
import { EventBus, type SimEvent } from '../events.js';
import type { Profile } from '../profile.js';
import { quirkHook } from '../quirks/catalog.js';
import type { Scheduler } from '../scheduler.js';
import { SimStats } from '../stats.js';
import type { ConnectionState, WireState } from './wire.js';

export type { ConnectionState } from './wire.js';
export type RegistrationStatus = 'None' | OcppRegistrationStatus;

/** Fleet hook: told about connection and status changes without going through the event bus. */
export interface ChargerObserver<C = ChargerState> {
  connectionChanged(cp: C, from: ConnectionState, to: ConnectionState): void;
  statusChanged(cp: C, connectorId: number, from: ConnectorStatus, to: ConnectorStatus): void;
}

export interface StateOptions {
  id: string;
  profile: Profile;
  scheduler: Scheduler;
  bus?: EventBus;
  stats?: SimStats;
  configuration?: Record<string, string | number | boolean>;
  random?: () => number;
  observer?: ChargerObserver;
}

export class ChargerState implements WireState {
  readonly id: string;
  readonly profile: Profile;
  readonly config: Configuration;
  readonly connectors: Connector[];
  readonly scheduler: Scheduler;
  readonly bus: EventBus;
  readonly stats: SimStats;
  readonly random: () => number;
  firmwareVersion: string;
  connection: ConnectionState = 'disconnected';
  registration: RegistrationStatus = 'None';
  powered = false;
  /** Time of the last status change on any connector (Grizzl-E RemoteStart delay quirk). */
  lastStatusChangeAt = 0;
  protected readonly observer: ChargerObserver | undefined;

  constructor(opts: StateOptions) {
    this.id = opts.id;
    this.profile = opts.profile;
    this.scheduler = opts.scheduler;
    this.bus = opts.bus ?? new EventBus();
    this.stats = opts.stats ?? new SimStats();
    this.random = opts.random ?? Math.random;
    this.config = new Configuration(opts.profile, opts.configuration);
    this.observer = opts.observer;
    this.firmwareVersion = opts.profile.firmwareVersion;
    const now = this.now();
    this.connectors = Array.from({ length: opts.profile.connectors + 1 }, (_, i) => new Connector(i, now));
  }

  now(): number {
    return this.scheduler.now();
  }

  /** Timestamp as this firmware writes it (RFC 3339 UTC unless a quirk says otherwise). */
  timestamp(t: number = this.now()): string {
    return quirkHook(this.profile.quirks, 'timestamp', new Date(t).toISOString(), null);
  }

  emit(e: SimEvent): void {
    this.bus.emit(e);
  }

  error(message: string): void {
    this.stats.error(this.id, message);
    if (this.bus.wants('error')) this.emit({ kind: 'error', chargerId: this.id, at: this.now(), message });
  }

  connector(connectorId: number): Connector {
    const c = this.connectors[connectorId];
    if (!c || connectorId < 0) throw new Error(`${this.id}: no connector ${connectorId} (this charger has ${this.profile.connectors})`);
    return c;
  }

  get isOnline(): boolean {
    return this.connection === 'connected';
  }

  setConnection(state: ConnectionState, reason?: string): void {
    const from = this.connection;
    if (from === state) return;
    this.connection = state;
    this.observer?.connectionChanged(this, from, state);
    if (this.bus.wants('connection')) this.emit({ kind: 'connection', chargerId: this.id, at: this.now(), state, ...(reason ? { reason } : {}) });
  }

  statusChanged(connectorId: number, from: ConnectorStatus, to: ConnectorStatus, errorCode: ChargePointErrorCode, now: number): void {
    this.lastStatusChangeAt = now;
    this.observer?.statusChanged(this, connectorId, from, to);
    if (this.bus.wants('status')) this.emit({ kind: 'status', chargerId: this.id, at: now, connectorId, status: to, errorCode, previous: from });
  }
}
