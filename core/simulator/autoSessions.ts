/**
 * Automatic EV traffic for a fleet: on every connector, forever — wait idle, plug in an EV, start the session,
 * charge until the EV is full (then linger SuspendedEV) or the session's time is up, stop, unplug.
 *
 * Each driver starts one of two ways (the profile's `driver.remoteStartShare` sets the mix):
 * - with a card: plug in, Authorize, StartTransaction (a local start);
 * - from an app / free vend: plug in and wait for the central system's RemoteStartTransaction, which the
 *   charger answers by starting with that id tag. A driver who waited `driver.remoteStartWaitS` in vain
 *   presents a card after all, so sessions also run against a central system that never remote-starts.
 * A driver never does both: once a transaction runs on the connector, nobody starts another.
 */
import type { Charger } from './charger.js';
import type { Task } from './scheduler.js';

export interface AutoSessionOptions {
  /** Idle time between sessions, random in [min, max] seconds. */
  idleS?: [number, number];
  /** Session length (plug to stop), random in [min, max] seconds. */
  chargeS?: [number, number];
  /** idTags drawn at random for card starts. */
  idTags?: string[];
  /** Overrides the profile's driver.remoteStartShare (0..1). */
  remoteStartShare?: number;
}

const DEFAULTS = { idleS: [60, 600] as [number, number], chargeS: [900, 3600] as [number, number], idTags: ['SIM-0001', 'SIM-0002', 'SIM-0003', 'SIM-0004'] };

/** Per connector: the next step of its cycle, and the waiting driver's "present the card after all". */
type Slot = `${number}:next` | `${number}:card`;

export class AutoSessions {
  private readonly opts: AutoSessionOptions & typeof DEFAULTS;
  private tasks = new Map<Charger, Map<Slot, Task>>();

  constructor(opts: AutoSessionOptions = {}) {
    this.opts = { ...DEFAULTS, ...opts };
  }

  attach(cp: Charger): void {
    if (this.tasks.has(cp)) return;
    this.tasks.set(cp, new Map());
    for (let id = 1; id <= cp.profile.connectors; id++) this.idle(cp, id);
  }

  detach(cp: Charger): void {
    for (const t of this.tasks.get(cp)?.values() ?? []) cp.scheduler.cancel(t);
    this.tasks.delete(cp);
  }

  detachAll(): void {
    for (const cp of [...this.tasks.keys()]) this.detach(cp);
  }

  private between(cp: Charger, [lo, hi]: [number, number]): number {
    return (lo + (hi - lo) * cp.random()) * 1000;
  }

  private later(cp: Charger, slot: Slot, ms: number, fn: () => void): void {
    const list = this.tasks.get(cp);
    if (!list) return;
    const old = list.get(slot);
    if (old) cp.scheduler.cancel(old);
    list.set(
      slot,
      cp.scheduler.after(ms, () => {
        list.delete(slot);
        fn();
      }),
    );
  }

  private cancel(cp: Charger, slot: Slot): void {
    const list = this.tasks.get(cp);
    const t = list?.get(slot);
    if (!t) return;
    cp.scheduler.cancel(t);
    list?.delete(slot);
  }

  private idle(cp: Charger, connectorId: number): void {
    this.later(cp, `${connectorId}:next`, this.between(cp, this.opts.idleS), () => this.arrive(cp, connectorId));
  }

  private tag(cp: Charger): string {
    return this.opts.idTags[Math.floor(cp.random() * this.opts.idTags.length)] ?? 'SIM-0001';
  }

  private arrive(cp: Charger, connectorId: number): void {
    if (!this.tasks.has(cp)) return;
    const c = cp.connectors[connectorId];
    if (!c || cp.registration !== 'Accepted' || c.ev || c.tx || (c.status !== 'Available' && c.status !== 'Reserved')) {
      this.idle(cp, connectorId);
      return;
    }
    try {
      cp.plug(connectorId);
    } catch {
      this.idle(cp, connectorId);
      return;
    }
    const sessionMs = this.between(cp, this.opts.chargeS);
    const share = this.opts.remoteStartShare ?? cp.profile.driver.remoteStartShare;
    if (cp.random() < share) {
      // Waits for RemoteStartTransaction; the charger starts with its id tag (incoming/remoteTransaction.ts).
      this.later(cp, `${connectorId}:next`, sessionMs, () => this.leave(cp, connectorId));
      const waitMs = cp.profile.driver.remoteStartWaitS * 1000;
      if (waitMs < sessionMs) this.later(cp, `${connectorId}:card`, waitMs, () => this.presentCard(cp, connectorId));
      return;
    }
    cp.start(connectorId, this.tag(cp))
      .catch(() => null)
      .then(() => this.later(cp, `${connectorId}:next`, sessionMs, () => this.leave(cp, connectorId)));
  }

  /** The remote start never came: the waiting driver presents a card, unless a session started meanwhile. */
  private presentCard(cp: Charger, connectorId: number): void {
    const c = cp.connectors[connectorId];
    if (!this.tasks.has(cp) || !c?.ev || c.tx || c.pendingIdTag !== null || c.authorizingIdTag !== null || c.faulted) return;
    cp.start(connectorId, this.tag(cp)).catch(() => null);
  }

  private leave(cp: Charger, connectorId: number): void {
    if (!this.tasks.has(cp)) return;
    this.cancel(cp, `${connectorId}:card`);
    const c = cp.connectors[connectorId];
    try {
      if (c?.tx && c.tx.interruptedAt === null) cp.stopTransaction(connectorId, 'Local');
      if (c?.ev) cp.unplug(connectorId);
    } catch {
      // A fault or reset got there first; the next cycle starts from whatever state the connector is in.
    }
    this.idle(cp, connectorId);
  }
}
