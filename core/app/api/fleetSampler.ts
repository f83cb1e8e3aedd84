/**
 * Feeds the fleet series (fleetSeries.ts) from the backend's events (frames, CALLERRORs, CALL timeouts) and
 * samples the fleet's power and states every interval, from the same summaries the Chargers list shows.
 */
import type { Clock, TimerHandle } from '../../util/clock.js';
import type { ChargerSummary } from '../../api/types.js';
import type { BenchBackend } from './deps.js';
import { FleetSeries } from './fleetSeries.js';

export interface FleetSampler {
  series: FleetSeries;
  close(): void;
}

export function createFleetSampler(backend: Pick<BenchBackend, 'events'>, clock: Clock, summaries: () => ChargerSummary[], intervalMs?: number): FleetSampler {
  const series = new FleetSeries(clock.now(), intervalMs);
  const offs = [
    backend.events.on('frame', (f) => series.frame(f.messageType === 'CALLERROR')),
    backend.events.on('callFailed', (e) => e.reason === 'timeout' && series.timeout()),
  ];
  let timer: TimerHandle | null = null;
  const tick = (): void => {
    let powerW = 0;
    const byState: Record<string, number> = {};
    for (const c of summaries()) {
      byState[c.state] = (byState[c.state] ?? 0) + 1;
      if (c.connected && c.powerW) powerW += c.powerW;
    }
    series.sample(clock.now(), { powerW, byState });
    timer = clock.setTimeout(tick, series.intervalMs);
  };
  timer = clock.setTimeout(tick, series.intervalMs);
  return {
    series,
    close() {
      if (timer) clock.clearTimeout(timer);
      for (const off of offs) off();
    },
  };
}
