/**
 * The programmatic fleet API (GUI, scenarios, CLI): spawn N chargers from a profile at a ramp with progress,
 * list / get them, act on one (plug, start, stop, fault...), subscribe to their events cheaply, stop them all.
 * One Scheduler (one real timer) drives every charger of the fleet.
 */
import type { ChargePointAction, Payload, RequestOf, ResetType } from '../ocpp/index.js';
import { systemClock, type Clock } from '../util/clock.js';
import { FLEET_ACTION_TYPES, type FleetActionType } from './actions/catalog.js';
import { AutoSessions, type AutoSessionOptions } from './autoSessions.js';
import { Charger, type ChargerObserver, type ChargerOptions, type ChargerSnapshot, type ConnectionState, type StopOptions, type StopReason } from './charger.js';
import type { ChargePointErrorCode, ConnectorStatus } from './connectorStatus.js';
import type { Ev } from './ev.js';
import { EventBus, type SimEvent, type SubscribeOptions } from './events.js';
import { injectFault, type FaultSpec } from './faults.js';
import { loadProfile, type Profile } from './profile.js';
import { Scheduler } from './scheduler.js';
import { SimStats } from './stats.js';

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
}

export interface SpawnProgress {
  total: number;
  spawned: number;
  connected: number;
}

export type FleetAction =
  | { type: 'powerOn' }
  | { type: 'connect' }
  | { type: 'disconnect' }
  | { type: 'boot' }
  | { type: 'reboot'; resetType?: ResetType }
  | { type: 'plug'; connectorId?: number; ev?: Partial<Ev> }
  | { type: 'unplug'; connectorId?: number }
  | { type: 'authorize'; idTag: string }
  | { type: 'start'; connectorId?: number; idTag?: string }
  | { type: 'stop'; connectorId?: number; reason?: StopReason }
  | { type: 'status'; connectorId: number; status: ConnectorStatus; errorCode?: ChargePointErrorCode }
  | { type: 'fault'; fault: FaultSpec }
  | { type: 'sendRaw'; text: string }
  | { type: 'call'; action: ChargePointAction; payload: Payload };

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
  private readonly autos = new Set<AutoSessions>();
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
    if (opts.startIndex === undefined) while (this.chargers.has(`${prefix}${String(start).padStart(Math.max(4, String(opts.count).length), '0')}`)) start++;
    const width = Math.max(4, String(start + opts.count - 1).length);
    return Array.from({ length: opts.count }, (_, i) => `${prefix}${String(start + i).padStart(width, '0')}`);
  }

  /** Starts `count` chargers, `rampPerSecond` at a time; resolves once all are started (connections keep coming). */
  spawn(opts: SpawnOptions, onProgress?: (p: SpawnProgress) => void): Promise<Charger[]> {
    if (!/^wss?:\/\//.test(opts.url)) return Promise.reject(new Error(`--url must be a ws:// or wss:// URL (got "${opts.url}")`));
    if (!Number.isInteger(opts.count) || opts.count < 1) return Promise.reject(new Error(`count must be a positive integer (got ${opts.count})`));
    let profile: Profile;
    try {
      profile = typeof opts.profile === 'object' ? opts.profile : loadProfile(opts.profile ?? 'reference');
    } catch (err) {
      return Promise.reject(err);
    }
    const ids = this.plannedIds(opts);
    const auto = opts.autoSessions ? new AutoSessions(opts.autoSessions === true ? {} : opts.autoSessions) : null;
    if (auto) this.autos.add(auto);
    const created: Charger[] = [];
    for (const id of ids) {
      if (this.chargers.has(id)) return Promise.reject(new Error(`a charger with id ${id} already exists in this fleet`));
      created.push(
        new Charger({ id, url: opts.url, profile, scheduler: this.scheduler, bus: this.bus, stats: this.stats, observer: this, configuration: opts.configuration, password: opts.password, ...(this.random ? { random: this.random } : {}) }),
      );
    }
    for (const cp of created) this.chargers.set(cp.id, cp);
    const firstConnected = this.connectedCount;
    let spawned = 0;
    const progress = (): void => onProgress?.({ total: opts.count, spawned, connected: Math.min(opts.count, this.connectedCount - firstConnected) });
    if (onProgress) this.progressWatchers.add(progress);
    const rate = opts.rampPerSecond ?? 100;
    return new Promise((resolve) => {
      const launch = (i: number): void => {
        const cp = created[i];
        if (!cp) return;
        spawned++;
        cp.powerOn().catch(() => {});
        if (auto) auto.attach(cp);
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
      // Launch in 10 ms slices so the ramp is smooth without one timer per charger; a late slice catches up.
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
    if (this.chargers.has(opts.id)) throw new Error(`a charger with id ${opts.id} already exists in this fleet`);
    const cp = new Charger({ ...(this.random ? { random: this.random } : {}), ...opts, scheduler: this.scheduler, bus: this.bus, stats: this.stats, observer: this });
    this.chargers.set(cp.id, cp);
    return cp;
  }

  // ChargerObserver: cheap counters for summaries and progress.
  connectionChanged(_cp: Charger, from: ConnectionState, to: ConnectionState): void {
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

  list(): ChargerSnapshot[] {
    return [...this.chargers.values()].map((cp) => cp.snapshot());
  }

  ids(): string[] {
    return [...this.chargers.keys()];
  }

  get(id: string): Charger | undefined {
    return this.chargers.get(id);
  }

  get size(): number {
    return this.chargers.size;
  }

  /** Subscribe to events (filter by kinds and/or charger); returns the unsubscribe function. */
  subscribe(fn: (e: SimEvent) => void, opts?: SubscribeOptions): () => void {
    return this.bus.subscribe(fn, opts);
  }

  summary(): FleetSummary {
    const s = this.stats;
    return { total: this.chargers.size, connected: this.connectedCount, charging: this.chargingCount, framesIn: s.framesIn, framesOut: s.framesOut, errors: s.errors, timeouts: s.timeouts, callErrors: s.callErrorsReceived };
  }

  /** Performs one action on one charger; resolves with the action's result (e.g. the CALL's answer). */
  async act(id: string, action: FleetAction): Promise<unknown> {
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
    const cp = this.chargers.get(id);
    if (!cp) return;
    for (const a of this.autos) a.detach(cp);
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
    const all = [...this.chargers.values()];
    await Promise.all(all.map((cp) => cp.stop(opts).catch(() => {})));
    this.chargers.clear();
    this.progressWatchers.clear();
    this.scheduler.clear();
  }
}
