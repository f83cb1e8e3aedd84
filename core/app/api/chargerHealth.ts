/**
 * Follows each connected charger's signs of life for the health rules (healthRules.ts): the last frame heard from
 * it and the server CALLs that timed out since. A sweep every few seconds finds chargers whose silence crossed
 * their heartbeat limit (or came back) and reports them, so the live stream pushes their new state.
 */
import type { Clock } from '../../util/clock.js';
import { healthOf, type Health } from './healthRules.js';
import type { BenchBackend } from './deps.js';

export const HEALTH_SWEEP_MS = 5000;

interface Watch {
  lastHeardMs: number;
  timeouts: number;
  /** What the last check said (to report changes only). */
  unresponsive: boolean;
}

export interface ChargerHealth {
  /** null while healthy (or offline). */
  of(chargePointId: string, connected: boolean): Health | null;
  /** Runs the sweep now (tests; the timer calls it too). */
  sweep(): void;
  close(): void;
}

export function createChargerHealth(
  backend: Pick<BenchBackend, 'events' | 'store' | 'settings'>,
  clock: Clock,
  onChange: (chargePointId: string) => void,
): ChargerHealth {
  const watches = new Map<string, Watch>();
  const intervals = new Map<string, number>();
  const interval = (id: string): number => intervals.get(id) ?? backend.settings.get().heartbeatInterval;

  const watch = (id: string): Watch => {
    let w = watches.get(id);
    if (!w) watches.set(id, (w = { lastHeardMs: clock.now(), timeouts: 0, unresponsive: false }));
    return w;
  };
  const check = (id: string, w: Watch, connected: boolean): void => {
    const now =
      healthOf({ nowMs: clock.now(), connected, lastHeardMs: w.lastHeardMs, heartbeatIntervalS: interval(id), timeoutsSinceHeard: w.timeouts }) !== null;
    if (now !== w.unresponsive) {
      w.unresponsive = now;
      onChange(id);
    }
  };

  const offs = [
    backend.events.on('frame', (f) => {
      if (f.direction !== 'in') return;
      const w = watch(f.chargePointId);
      w.lastHeardMs = clock.now();
      w.timeouts = 0;
      if (w.unresponsive) check(f.chargePointId, w, true);
    }),
    backend.events.on('callFailed', (e) => {
      if (e.reason !== 'timeout') return;
      const w = watch(e.chargePointId);
      w.timeouts++;
      check(e.chargePointId, w, true);
    }),
    backend.events.on('chargePoint', (e) => {
      const id = e.chargePoint.id;
      if (e.chargePoint.heartbeatInterval !== null) intervals.set(id, e.chargePoint.heartbeatInterval);
      if (e.change === 'disconnected' || e.change === 'offline') watches.delete(id);
      else if (e.change === 'connected') watches.set(id, { lastHeardMs: clock.now(), timeouts: 0, unresponsive: false });
    }),
  ];

  function sweep(): void {
    for (const cp of backend.store.chargePoints.onlineIds()) {
      if (cp.heartbeatInterval !== null) intervals.set(cp.id, cp.heartbeatInterval);
      check(cp.id, watch(cp.id), true);
    }
  }
  let timer = clock.setTimeout(function tick() {
    sweep();
    timer = clock.setTimeout(tick, HEALTH_SWEEP_MS);
  }, HEALTH_SWEEP_MS);

  return {
    of(id, connected) {
      if (!connected) return null;
      const w = watches.get(id);
      if (!w) return null;
      return healthOf({ nowMs: clock.now(), connected, lastHeardMs: w.lastHeardMs, heartbeatIntervalS: interval(id), timeoutsSinceHeard: w.timeouts });
    },
    sweep,
    close() {
      clock.clearTimeout(timer);
      for (const off of offs) off();
      watches.clear();
    },
  };
}
