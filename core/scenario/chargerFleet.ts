/**
 * The scenario's simulated chargers: a core/simulator Fleet on the run's clock, one charger per `chargers:` entry
 * (protocol, profile, connectors, quirks, configuration, autoBoot) — a 1.6 charger or a 2.0.1 charging station —
 * every frame they send or receive recorded in the FrameLog.
 */
import { Fleet } from '../simulator/fleet.js';
import { loadProfile, type Profile } from '../simulator/profile.js';
import { loadProfile201 } from '../simulator/v201/profile.js';
import type { Clock } from '../util/clock.js';
import type { FrameLog } from './frameLog.js';
import { specProtocol, type ChargerSpec } from './types.js';

const MIN_REAL_CALL_TIMEOUT_S = 10;

export interface ScenarioChargers {
  fleet: Fleet;
  /** Closes every charger and stops recording frames. */
  stop(): Promise<void>;
}

/** The spec's hardware over the profile's: connectors, quirks, a call timeout stretched for the clock's speed. */
function hardware(base: Profile, spec: ChargerSpec, speed: number): Profile {
  return {
    ...base,
    ...(spec.connectors !== undefined ? { connectors: spec.connectors } : {}),
    quirks: { ...base.quirks, ...(spec.quirks ?? {}) },
    timing: { ...base.timing, callTimeoutS: Math.max(base.timing.callTimeoutS, MIN_REAL_CALL_TIMEOUT_S * speed) },
  };
}

/**
 * `speed` is the clock's factor: network round trips take real time, so a charger's call timeout is stretched
 * to at least MIN_REAL_CALL_TIMEOUT_S of real time (at ×600, 30 simulated seconds would be 50 real ms).
 */
export function scenarioChargers(clock: Clock, log: FrameLog, url: string, specs: readonly ChargerSpec[], speed = 1): ScenarioChargers {
  const fleet = new Fleet({ clock });
  const unsubscribe = fleet.subscribe(
    (e) => {
      if (e.kind === 'frame') log.record(e.chargerId, e.dir === 'out' ? 'charger' : 'csms', e.text, e.at, fleet.protocolOf(e.chargerId));
    },
    { kinds: ['frame'] },
  );
  for (const spec of specs) {
    // A deterministic random source per charger, so runs are reproducible.
    let seed = [...spec.id].reduce((a, ch) => (a * 31 + ch.charCodeAt(0)) % 233280, 7);
    const common = {
      id: spec.id,
      url,
      random: () => (seed = (seed * 9301 + 49297) % 233280) / 233280,
      ...(spec.configuration ? { configuration: spec.configuration } : {}),
      ...(spec.autoBoot === false ? { autoBoot: false } : {}),
    };
    if (specProtocol(spec) === 'ocpp2.0.1') {
      const base = loadProfile201(spec.profile ?? 'reference');
      const evses = spec.connectors !== undefined ? Array.from({ length: spec.connectors }, () => 1) : base.evses;
      fleet.addStation({ ...common, profile: { ...base, evses, hardware: hardware(base.hardware, spec, speed) } });
    } else {
      fleet.add({ ...common, profile: hardware(loadProfile(spec.profile ?? 'reference'), spec, speed) });
    }
  }
  return {
    fleet,
    async stop() {
      await fleet.stopAll();
      unsubscribe();
    },
  };
}
