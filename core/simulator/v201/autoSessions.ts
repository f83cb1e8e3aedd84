/**
 * Automatic EV traffic on a 2.0.1 station, as autoSessions.ts does for 1.6: per EVSE, forever — idle, plug in,
 * start (a card: Authorize then TransactionEvent Started; or an app: wait for RequestStartTransaction, presenting
 * a card after driver.remoteStartWaitS), charge until the session's time is up, stop, unplug.
 */
import type { AutoSessionOptions } from '../autoSessions.js';
import type { Task } from '../scheduler.js';
import type { ChargingStation } from './station.js';

const DEFAULTS = {
  idleS: [60, 600] as [number, number],
  chargeS: [900, 3600] as [number, number],
  idTags: ['SIM-0001', 'SIM-0002', 'SIM-0003', 'SIM-0004'],
};

export class AutoSessions201 {
  private readonly o: AutoSessionOptions & typeof DEFAULTS;
  private tasks = new Map<ChargingStation, Map<string, Task>>();

  constructor(opts: AutoSessionOptions = {}) {
    this.o = { ...DEFAULTS, ...opts };
  }

  attach(cp: ChargingStation): void {
    if (this.tasks.has(cp)) return;
    this.tasks.set(cp, new Map());
    for (const e of cp.evses) this.idle(cp, e.id);
  }

  detach(cp: ChargingStation): void {
    for (const t of this.tasks.get(cp)?.values() ?? []) cp.scheduler.cancel(t);
    this.tasks.delete(cp);
  }

  detachAll(): void {
    for (const cp of [...this.tasks.keys()]) this.detach(cp);
  }

  private between(cp: ChargingStation, [lo, hi]: [number, number]): number {
    return (lo + (hi - lo) * cp.random()) * 1000;
  }

  private later(cp: ChargingStation, slot: string, ms: number, fn: () => void): void {
    const list = this.tasks.get(cp);
    if (!list) return;
    cp.scheduler.cancel(list.get(slot));
    list.set(
      slot,
      cp.scheduler.after(ms, () => {
        list.delete(slot);
        fn();
      }),
    );
  }

  private idle(cp: ChargingStation, evseId: number): void {
    this.later(cp, `${evseId}:next`, this.between(cp, this.o.idleS), () => this.arrive(cp, evseId));
  }

  private tag(cp: ChargingStation): string {
    return this.o.idTags[Math.floor(cp.random() * this.o.idTags.length)] ?? 'SIM-0001';
  }

  private arrive(cp: ChargingStation, evseId: number): void {
    const e = cp.evse(evseId);
    if (!this.tasks.has(cp) || !e) return;
    const c = e.connectors[0];
    if (cp.registration !== 'Accepted' || e.ev || e.tx || !c || (c.status !== 'Available' && c.status !== 'Reserved')) return this.idle(cp, evseId);
    try {
      cp.sessions.plug(evseId, 1);
    } catch {
      return this.idle(cp, evseId);
    }
    const sessionMs = this.between(cp, this.o.chargeS);
    const share = this.o.remoteStartShare ?? cp.profile.hardware.driver.remoteStartShare;
    this.later(cp, `${evseId}:next`, sessionMs, () => this.leave(cp, evseId));
    if (cp.random() < share) {
      const waitMs = cp.profile.hardware.driver.remoteStartWaitS * 1000;
      if (waitMs < sessionMs) this.later(cp, `${evseId}:card`, waitMs, () => this.presentCard(cp, evseId));
      return;
    }
    this.presentCard(cp, evseId);
  }

  private presentCard(cp: ChargingStation, evseId: number): void {
    const e = cp.evse(evseId);
    if (!this.tasks.has(cp) || !e?.ev || e.tx || e.pending || e.authorizing) return;
    cp.sessions.start(evseId, this.tag(cp)).catch(() => null);
  }

  private leave(cp: ChargingStation, evseId: number): void {
    if (!this.tasks.has(cp)) return;
    cp.scheduler.cancel(this.tasks.get(cp)?.get(`${evseId}:card`));
    const e = cp.evse(evseId);
    try {
      if (e?.tx && e.tx.interruptedAt === null) cp.sessions.stop(evseId, 'Local', 'StopAuthorized');
      if (e?.ev) cp.sessions.unplug(evseId);
    } catch {
      // A fault or reset got there first; the next cycle starts from whatever state the EVSE is in.
    }
    this.idle(cp, evseId);
  }
}
