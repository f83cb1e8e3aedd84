/**
 * The programmatic fleet API (GUI, scenarios, CLI): spawn N chargers from a profile at a ramp with progress,
 * list / get them, act on one (plug, start, stop, fault...), subscribe to their events cheaply, stop them all.
 * One Scheduler (one real timer) drives every charger of the fleet.
 */
import type { RequestOf } from '../ocpp/index.js';
import { isProtocolVersion, PROTOCOL_VERSIONS, type ProtocolVersion } from '../ocpp/protocol.js';
import { systemClock, type Clock } from '../util/clock.js';
import { FLEET_ACTION_TYPES, type FleetActionType } from './actions/catalog.js';
import { AutoSessions, type AutoSessionOptions } from './autoSessions.js';
import { Charger, type ChargerObserver, type ChargerOptions, type ChargerSnapshot, type ConnectionState, type StopOptions } from './charger.js';
import type { ConnectorStatus } from './connectorStatus.js';
import { EventBus, type SimEvent, type SubscribeOptions } from './events.js';
import type { FleetAction } from './fleetAction.js';
import { injectFault } from './faults.js';
import { loadProfile, type Profile } from './profile.js';
import { Scheduler } from './scheduler.js';
import { SimStats } from './stats.js';
import { AutoSessions201 } from './v201/autoSessions.js';
import { actOnStation } from './v201/fleetActions.js';
import { loadProfile201, profile201From } from './v201/profile.js';
import type { StationSnapshot } from './v201/snapshot.js';
import { ChargingStation, type StationObserver, type StationOptions } from './v201/station.js';

export interface SpawnOptions {
  /** Central system URL (ws:// or wss://), e.g. ws://127.0.0.1:9000/ocpp. */
  url: string;
  count: number;
  /** Profile name (see listProfiles) or a loaded profile; default "reference". */
  profile?: string | Profile;
  /** Charger ids are idPrefix + a zero-padded number (default "CP-"). */
  idPrefix?: string;
  /** First number (default: continues after the fleet's existing chargers with this prefix, from 1). */
  startIndex?: number;
  /** Chargers started per second (default 100; 0 = all at once). */
  rampPerSecond?: number;
  /** Generate EV sessions automatically. */
  autoSessions?: boolean | AutoSessionOptions;
  /** Configuration keys for every spawned charger (e.g. short intervals). */
  configuration?: Record<string, string | number | boolean>;
  /** Basic-auth password (security profile 1). */
  password?: string;
  /**
   * The OCPP version these chargers speak (default ocpp1.6). ocpp2.0.1 spawns charging stations
   * (core/simulator/v201): the profile name is looked up among the 2.0.1 profiles first, then the 1.6 ones.
   * A list (e.g. ['ocpp1.6', 'ocpp2.0.1']) gives the chargers those versions in turn: a mixed fleet from one spawn.
   */
  protocol?: ProtocolVersion | readonly ProtocolVersion[];
}

export interface SpawnProgress {
  total: number;
  spawned: number;
  connected: number;
}

export type { FleetAction } from './fleetAction.js';

/** The action names, parameters and descriptions: actions/catalog.ts (FLEET_ACTIONS); the union must name them all. */
export { FLEET_ACTION_TYPES } from './actions/catalog.js';
type SameNames<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
const fleetActionsMatchCatalog: SameNames<FleetAction['type'], FleetActionType> = true;
void fleetActionsMatchCatalog;

export interface FleetSummary {
  total: number;
  connected: number;
  charging: number;
  framesIn: number;
  framesOut: number;
  errors: number;
  timeouts: number;
  callErrors: number;
}

export interface FleetOptions {
  clock?: Clock;
  scheduler?: Scheduler;
  random?: () => number;
}

export class Fleet implements ChargerObserver {
  readonly scheduler: Scheduler;
  readonly bus = new EventBus();
  readonly stats = new SimStats();
  private readonly chargers = new Map<string, Charger>();
  /** OCPP 2.0.1 charging stations (same id space as the 1.6 chargers). */
  private readonly stations = new Map<string, ChargingStation>();
  private readonly autos = new Set<AutoSessions | AutoSessions201>();
  private readonly stationObserver: StationObserver = {
    connectionChanged: (_id, from, to) => this.countConnection(from, to),
    chargingChanged: (_id, delta) => {
      this.chargingCount += delta;
    },
  };
  private readonly random: (() => number) | undefined;
  private connectedCount = 0;
  private chargingCount = 0;
  private progressWatchers = new Set<() => void>();

  constructor(opts: FleetOptions = {}) {
    this.scheduler = opts.scheduler ?? new Scheduler(opts.clock ?? systemClock);
    this.random = opts.random;
    this.scheduler.onError = (err) => this.stats.error('scheduler', (err as Error).message);
  }

  /** The ids spawn() would give these chargers now: idPrefix + a zero-padded number, after the fleet's own. */
  plannedIds(opts: Pick<SpawnOptions, 'count' | 'idPrefix' | 'startIndex'>): string[] {
    const prefix = opts.idPrefix ?? 'CP-';
    let start = opts.startIndex ?? 1;
    if (opts.startIndex === undefined) while (this.has(`${prefix}${String(start).padStart(Math.max(4, String(opts.count).length), '0')}`)) start++;
    const width = Math.max(4, String(start + opts.count - 1).length);
    return Array.from({ length: opts.count }, (_, i) => `${prefix}${String(start + i).padStart(width, '0')}`);
  }

  /** Starts `count` chargers, `rampPerSecond` at a time; resolves once all are started (connections keep coming). */
  spawn(opts: SpawnOptions & { protocol: 'ocpp2.0.1' }, onProgress?: (p: SpawnProgress) => void): Promise<ChargingStation[]>;
  spawn(opts: SpawnOptions & { protocol?: 'ocpp1.6' }, onProgress?: (p: SpawnProgress) => void): Promise<Charger[]>;
  spawn(opts: SpawnOptions, onProgress?: (p: SpawnProgress) => void): Promise<Array<Charger | ChargingStation>>;
  spawn(opts: SpawnOptions, onProgress?: (p: SpawnProgress) => void): Promise<Array<Charger | ChargingStation>> {
    if (!/^wss?:\/\//.test(opts.url)) return Promise.reject(new Error(`--url must be a ws:// or wss:// URL (got "${opts.url}")`));
    if (!Number.isInteger(opts.count) || opts.count < 1) return Promise.reject(new Error(`count must be a positive integer (got ${opts.count})`));
    const versions: readonly ProtocolVersion[] = Array.isArray(opts.protocol) ? opts.protocol : [opts.protocol ?? 'ocpp1.6'];
    if (versions.length === 0 || !versions.every(isProtocolVersion))
      return Promise.reject(new Error(`protocol must be ${PROTOCOL_VERSIONS.join(' or ')}, or a list of them (got ${JSON.stringify(opts.protocol)})`));
    const ids = this.plannedIds(opts);
    const created: Array<Charger | ChargingStation> = [];
    try {
      const named = opts.profile ?? 'reference';
      const p16 = versions.includes('ocpp1.6') ? (typeof named === 'object' ? named : loadProfile(named)) : null;
      const p201 = versions.includes('ocpp2.0.1') ? (typeof named === 'object' ? profile201From(named) : loadProfile201(named)) : null;
      const common = {
        url: opts.url,
        scheduler: this.scheduler,
        bus: this.bus,
        stats: this.stats,
        ...(opts.configuration ? { configuration: opts.configuration } : {}),
        ...(opts.password !== undefined ? { password: opts.password } : {}),
        ...(this.random ? { random: this.random } : {}),
      };
      ids.forEach((id, i) => {
        if (this.has(id)) throw new Error(`a charger with id ${id} already exists in this fleet`);
        // A list of versions: the chargers take them in turn (a mixed fleet from one spawn).
        const v = versions[i % versions.length];
        created.push(
          v === 'ocpp2.0.1' && p201
            ? new ChargingStation({ ...common, id, profile: p201, observer: this.stationObserver })
            : new Charger({ ...common, id, profile: p16 as Profile, observer: this }),
        );
      });
    } catch (err) {
      return Promise.reject(err);
    }
    const sessions = opts.autoSessions === true ? {} : opts.autoSessions || null;
    const auto16 = sessions && created.some((c) => c instanceof Charger) ? new AutoSessions(sessions) : null;
    const auto201 = sessions && created.some((c) => c instanceof ChargingStation) ? new AutoSessions201(sessions) : null;
    for (const a of [auto16, auto201]) if (a) this.autos.add(a);
    for (const c of created) {
      if (c instanceof ChargingStation) this.stations.set(c.id, c);
      else this.chargers.set(c.id, c);
    }
    return this.ramp(
      created,
      opts,
      (c) => {
        c.powerOn().catch(() => {});
        if (c instanceof ChargingStation) auto201?.attach(c);
        else auto16?.attach(c);
      },
      onProgress,
    );
  }

  /** Starts each one at the ramp's pace (10 ms slices, a late slice catches up); resolves once all are started. */
  private ramp<T>(created: T[], opts: SpawnOptions, start: (x: T) => void, onProgress?: (p: SpawnProgress) => void): Promise<T[]> {
    const firstConnected = this.connectedCount;
    let spawned = 0;
    const progress = (): void => onProgress?.({ total: opts.count, spawned, connected: Math.min(opts.count, this.connectedCount - firstConnected) });
    if (onProgress) this.progressWatchers.add(progress);
    const rate = opts.rampPerSecond ?? 100;
    return new Promise((resolve) => {
      const launch = (i: number): void => {
        const x = created[i];
        if (x === undefined) return;
        spawned++;
        start(x);
        progress();
        if (spawned === created.length) {
          this.scheduler.after(60_000, () => this.progressWatchers.delete(progress));
          resolve(created);
        }
      };
      if (rate <= 0) {
        for (let i = 0; i < created.length; i++) launch(i);
        return;
      }
      const t0 = this.scheduler.now();
      let next = 0;
      const slice = (): void => {
        const due = Math.min(created.length, 1 + Math.floor(((this.scheduler.now() - t0) * rate) / 1000));
        while (next < due) launch(next++);
        if (next < created.length) this.scheduler.after(10, slice);
      };
      slice();
    });
  }

  /** Adds one charger on the fleet's scheduler, bus and counters, not powered on (scenarios, scripts). */
  add(opts: Omit<ChargerOptions, 'scheduler' | 'bus' | 'stats' | 'observer'>): Charger {
    if (this.has(opts.id)) throw new Error(`a charger with id ${opts.id} already exists in this fleet`);
    const cp = new Charger({
      ...(this.random ? { random: this.random } : {}),
      ...opts,
      scheduler: this.scheduler,
      bus: this.bus,
      stats: this.stats,
      observer: this,
    });
    this.chargers.set(cp.id, cp);
    return cp;
  }

  /** Adds one OCPP 2.0.1 station on the fleet's scheduler, bus and counters, not powered on (scenarios, scripts). */
  addStation(opts: Omit<StationOptions, 'scheduler' | 'bus' | 'stats' | 'observer'>): ChargingStation {
    if (this.has(opts.id)) throw new Error(`a charger with id ${opts.id} already exists in this fleet`);
    const st = new ChargingStation({
      ...(this.random ? { random: this.random } : {}),
      ...opts,
      scheduler: this.scheduler,
      bus: this.bus,
      stats: this.stats,
      observer: this.stationObserver,
    });
    this.stations.set(st.id, st);
    return st;
  }

  // ChargerObserver: cheap counters for summaries and progress.
  connectionChanged(_cp: Charger, from: ConnectionState, to: ConnectionState): void {
    this.countConnection(from, to);
  }

  private countConnection(from: ConnectionState, to: ConnectionState): void {
    if (to === 'connected') this.connectedCount++;
    else if (from === 'connected') this.connectedCount--;
    for (const w of this.progressWatchers) w();
  }

  statusChanged(_cp: Charger, connectorId: number, from: ConnectorStatus, to: ConnectorStatus): void {
    if (connectorId === 0) return;
    const was = from === 'Charging';
    const is = to === 'Charging';
    if (was !== is) this.chargingCount += is ? 1 : -1;
  }

  /** Every charger's snapshot: 1.6 chargers' and 2.0.1 stations' (those with protocol 'ocpp2.0.1'). */
  list(): Array<ChargerSnapshot | StationSnapshot> {
    return [...[...this.chargers.values()].map((cp) => cp.snapshot()), ...[...this.stations.values()].map((st) => st.snapshot())];
  }

  ids(): string[] {
    return [...this.chargers.keys(), ...this.stations.keys()];
  }

  has(id: string): boolean {
    return this.chargers.has(id) || this.stations.has(id);
  }

  /** A 1.6 charger (see station() for 2.0.1). */
  get(id: string): Charger | undefined {
    return this.chargers.get(id);
  }

  /** A 2.0.1 charging station. */
  station(id: string): ChargingStation | undefined {
    return this.stations.get(id);
  }

  protocolOf(id: string): ProtocolVersion | undefined {
    return this.chargers.has(id) ? 'ocpp1.6' : this.stations.has(id) ? 'ocpp2.0.1' : undefined;
  }

  get size(): number {
    return this.chargers.size + this.stations.size;
  }

  /** Subscribe to events (filter by kinds and/or charger); returns the unsubscribe function. */
  subscribe(fn: (e: SimEvent) => void, opts?: SubscribeOptions): () => void {
    return this.bus.subscribe(fn, opts);
  }

  summary(): FleetSummary {
    const s = this.stats;
    return {
      total: this.size,
      connected: this.connectedCount,
      charging: this.chargingCount,
      framesIn: s.framesIn,
      framesOut: s.framesOut,
      errors: s.errors,
      timeouts: s.timeouts,
      callErrors: s.callErrorsReceived,
    };
  }

  /** Performs one action on one charger; resolves with the action's result (e.g. the CALL's answer). */
  async act(id: string, action: FleetAction): Promise<unknown> {
    const st = this.stations.get(id);
    if (st) return actOnStation(st, action);
    const cp = this.chargers.get(id);
    if (!cp) throw new Error(`no charger "${id}" in this fleet`);
    switch (action.type) {
      case 'powerOn':
        return cp.powerOn();
      case 'connect':
        return cp.connect();
      case 'disconnect':
        return cp.disconnect();
      case 'boot':
        return cp.boot();
      case 'reboot':
        return cp.reboot(action.resetType ?? 'Soft');
      case 'plug':
        return cp.plug(action.connectorId ?? 1, action.ev);
      case 'unplug':
        return cp.unplug(action.connectorId ?? 1);
      case 'authorize':
        return cp.authorize(action.idTag);
      case 'start':
        return cp.start(action.connectorId ?? 1, action.idTag ?? 'SIM-TAG');
      case 'stop':
        return cp.stopTransaction(action.connectorId ?? 1, action.reason ?? 'Local');
      case 'status':
        return cp.setStatus(action.connectorId, action.status, action.errorCode ?? 'NoError');
      case 'fault':
        return injectFault(cp, action.fault);
      case 'sendRaw':
        if (!cp.sendRaw(action.text)) throw new Error(`${id} is not connected`);
        return undefined;
      case 'call':
        return cp.call(action.action, action.payload as RequestOf<typeof action.action>);
      default:
        throw new Error(`unknown fleet action ${(action as { type: string }).type}; one of ${FLEET_ACTION_TYPES.join(', ')}`);
    }
  }

  /** Removes one charger (closing its connection; `mode` says how its sessions end, see Charger.stop). */
  async remove(id: string, opts: StopOptions = {}): Promise<void> {
    const st = this.stations.get(id);
    if (st) {
      for (const a of this.autos) if (a instanceof AutoSessions201) a.detach(st);
      await st.stop(opts);
      this.stations.delete(id);
      return;
    }
    const cp = this.chargers.get(id);
    if (!cp) return;
    for (const a of this.autos) if (a instanceof AutoSessions) a.detach(cp);
    await cp.stop(opts);
    this.chargers.delete(id);
  }

  /** Stops generating automatic sessions; sessions running now go on until stopped. */
  autoSessionsOff(): void {
    for (const a of this.autos) a.detachAll();
    this.autos.clear();
  }

  /**
   * Stops every charger and every timer. mode 'end': sessions end with StopTransaction first; 'powerCut': the
   * chargers die silently; 'close' (default): clean websocket close, sessions left as they are.
   */
  async stopAll(opts: StopOptions = {}): Promise<void> {
    for (const a of this.autos) a.detachAll();
    this.autos.clear();
    this.progressWatchers.clear();
    const all: Array<Charger | ChargingStation> = [...this.chargers.values(), ...this.stations.values()];
    await Promise.all(all.map((cp) => cp.stop(opts).catch(() => {})));
    this.chargers.clear();
    this.stations.clear();
    this.progressWatchers.clear();
    this.scheduler.clear();
  }
}
