/**
 * Automatic EV traffic for a fleet: on every connector, forever — wait idle, plug in an EV, authorize and start,
 * charge until the EV is full (then linger SuspendedEV) or the session's time is up, stop, unplug.
 */
import type { Charger } from './charger.js';
import type { Task } from './scheduler.js';

export interface AutoSessionOptions {
  /** Idle time between sessions, random in [min, max] seconds. */
  idleS?: [number, number];
  /** Session length (plug to stop), random in [min, max] seconds. */
  chargeS?: [number, number];
  /** idTags drawn at random. */
  idTags?: string[];
}

const DEFAULTS: Required<AutoSessionOptions> = { idleS: [60, 600], chargeS: [900, 3600], idTags: ['SIM-0001', 'SIM-0002', 'SIM-0003', 'SIM-0004'] };

export class AutoSessions {
  private readonly opts: Required<AutoSessionOptions>;
  private tasks = new Map<Charger, Task[]>();

  constructor(opts: AutoSessionOptions = {}) {
    this.opts = { ...DEFAULTS, ...opts };
  }

  attach(cp: Charger): void {
    if (this.tasks.has(cp)) return;
    const list: Task[] = [];
    this.tasks.set(cp, list);
    for (let id = 1; id <= cp.profile.connectors; id++) this.idle(cp, id, list);
  }

  detach(cp: Charger): void {
    for (const t of this.tasks.get(cp) ?? []) cp.scheduler.cancel(t);
    this.tasks.delete(cp);
  }

  detachAll(): void {
    for (const cp of [...this.tasks.keys()]) this.detach(cp);
  }

  private between(cp: Charger, [lo, hi]: [number, number]): number {
    return (lo + (hi - lo) * cp.random()) * 1000;
  }

  private later(cp: Charger, list: Task[], slot: number, ms: number, fn: () => void): void {
    const t = cp.scheduler.after(ms, fn);
    const old = list[slot];
    if (old) cp.scheduler.cancel(old);
    list[slot] = t;
  }

  private idle(cp: Charger, connectorId: number, list: Task[]): void {
    this.later(cp, list, connectorId, this.between(cp, this.opts.idleS), () => this.arrive(cp, connectorId, list));
  }

  private arrive(cp: Charger, connectorId: number, list: Task[]): void {
    if (!this.tasks.has(cp)) return;
    const c = cp.connectors[connectorId];
    if (!c || cp.registration !== 'Accepted' || c.ev || c.tx || (c.status !== 'Available' && c.status !== 'Reserved')) {
      this.idle(cp, connectorId, list);
      return;
    }
    try {
      cp.plug(connectorId);
    } catch {
      this.idle(cp, connectorId, list);
      return;
    }
    const tag = this.opts.idTags[Math.floor(cp.random() * this.opts.idTags.length)] ?? 'SIM-0001';
    cp.start(connectorId, tag)
      .catch(() => null)
      .then(() => {
        this.later(cp, list, connectorId, this.between(cp, this.opts.chargeS), () => this.leave(cp, connectorId, list));
      });
  }

  private leave(cp: Charger, connectorId: number, list: Task[]): void {
    if (!this.tasks.has(cp)) return;
    const c = cp.connectors[connectorId];
    try {
      if (c?.tx && c.tx.interruptedAt === null) cp.stopTransaction(connectorId, 'Local');
      if (c?.ev) cp.unplug(connectorId);
    } catch {
      // A fault or reset got there first; the next cycle starts from whatever state the connector is in.
    }
    this.idle(cp, connectorId, list);
  }
}
