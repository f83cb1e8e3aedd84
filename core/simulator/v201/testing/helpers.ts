/** Test helpers: a 2.0.1 station on a manual clock, and advancing that clock only when the station is idle. */
import { ManualClock } from '../../clocks.js';
import { Scheduler } from '../../scheduler.js';
import { waitFor } from '../../testing/helpers.js';
import { loadProfile201 } from '../profile.js';
import { ChargingStation, type StationOptions } from '../station.js';

export interface TestStation {
  st: ChargingStation;
  clock: ManualClock;
}

export function makeStation(url: string, opts: Partial<StationOptions> = {}, clock = new ManualClock()): TestStation {
  let n = 0;
  const st = new ChargingStation({
    id: 'CS-1',
    url,
    profile: loadProfile201('reference'),
    scheduler: new Scheduler(clock),
    random: () => (n = (n * 9301 + 49297) % 233280) / 233280,
    ...opts,
  });
  return { st, clock };
}

export async function advance(t: TestStation, ms: number): Promise<void> {
  await waitFor(() => t.st.idle, `${t.st.id} idle before advancing the clock`);
  t.clock.advance(ms);
}

export { waitFor };
