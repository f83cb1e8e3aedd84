/**
 * The scenario's simulated chargers: core/simulator chargers on one scheduler driven by the run's clock, every
 * frame they send or receive recorded in the FrameLog.
 */
import { Charger } from '../simulator/charger.js';
import { EventBus } from '../simulator/events.js';
import { loadProfile, type Profile } from '../simulator/profile.js';
import { Scheduler } from '../simulator/scheduler.js';
import type { Clock } from '../util/clock.js';
import type { FrameLog } from './frameLog.js';
import type { ChargerSpec } from './types.js';

const MIN_REAL_CALL_TIMEOUT_S = 10;

export class ScenarioFleet {
  readonly scheduler: Scheduler;
  readonly bus = new EventBus();
  private readonly chargers = new Map<string, Charger>();
  private readonly unsubscribe: () => void;

  /**
   * `speed` is the clock's factor: network round trips take real time, so a charger's call timeout is stretched
   * to at least MIN_REAL_CALL_TIMEOUT_S of real time (at ×600, 30 simulated seconds would be 50 real ms).
   */
  constructor(clock: Clock, log: FrameLog, url: string, specs: readonly ChargerSpec[], speed = 1) {
    this.scheduler = new Scheduler(clock);
    this.unsubscribe = this.bus.subscribe((e) => {
      if (e.kind === 'frame') log.record(e.chargerId, e.dir === 'out' ? 'charger' : 'csms', e.text, e.at);
    }, { kinds: ['frame'] });
    for (const spec of specs) {
      const base = loadProfile(spec.profile ?? 'reference');
      const profile: Profile = {
        ...base,
        ...(spec.connectors !== undefined ? { connectors: spec.connectors } : {}),
        quirks: { ...base.quirks, ...(spec.quirks ?? {}) },
        timing: { ...base.timing, callTimeoutS: Math.max(base.timing.callTimeoutS, MIN_REAL_CALL_TIMEOUT_S * speed) },
      };
      // A deterministic random source per charger, so runs are reproducible.
      let seed = [...spec.id].reduce((a, ch) => (a * 31 + ch.charCodeAt(0)) % 233280, 7);
      const cp = new Charger({
        id: spec.id,
        url,
        profile,
        scheduler: this.scheduler,
        bus: this.bus,
        random: () => (seed = (seed * 9301 + 49297) % 233280) / 233280,
        ...(spec.configuration ? { configuration: spec.configuration } : {}),
        ...(spec.autoBoot === false ? { autoBoot: false } : {}),
      });
      this.chargers.set(spec.id, cp);
    }
  }

  get(id: string): Charger {
    const cp = this.chargers.get(id);
    if (!cp) throw new Error(`unknown charger "${id}"`);
    return cp;
  }

  all(): Charger[] {
    return [...this.chargers.values()];
  }

  async stop(): Promise<void> {
    await Promise.all(this.all().map((cp) => cp.stop().catch(() => undefined)));
    this.unsubscribe();
  }
}
