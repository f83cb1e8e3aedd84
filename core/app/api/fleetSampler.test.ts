/** The fleet sampler over a real backend on a fake clock: frames, CALLERRORs and timeouts per interval, fleet state. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../../backend/testing/harness.js';
import type { ChargerSummary } from '../../api/types.js';
import { createFleetSampler, type FleetSampler } from './fleetSampler.js';

let h: Harness;
let sampler: FleetSampler;
const fleet: Array<Pick<ChargerSummary, 'state' | 'connected' | 'powerW'>> = [];

beforeEach(async () => {
  h = await createHarness();
  fleet.length = 0;
  sampler = createFleetSampler(h.backend, h.clock, () => fleet as ChargerSummary[], 5000);
  await h.connect('CP1');
});
afterEach(async () => {
  sampler.close();
  await h.close();
});

describe('fleet sampler', () => {
  it('counts frames, CALLERRORs and CALL timeouts per interval and samples power and states', async () => {
    await h.call('CP1', 'BootNotification', { chargePointVendor: 'V', chargePointModel: 'M' });
    await h.raw('CP1', JSON.stringify([2, 'bad-1', 'NoSuchAction', {}]));
    const timedOut = h.backend.sendCall('CP1', 'ClearCache', {}, { timeoutMs: 1000 }).catch((e: unknown) => e);
    fleet.push(
      { state: 'Charging', connected: true, powerW: 7000 },
      { state: 'Unresponsive', connected: true, powerW: null },
      { state: 'Offline', connected: false, powerW: 3000 },
    );
    await h.clock.advance(1000 + h.settings.get().calls.safetyMarginMs);
    await timedOut;
    await h.clock.advance(5000);
    const points = sampler.series.points();
    const total = points.reduce(
      (a, p) => ({ callErrors: a.callErrors + p.callErrors, timeouts: a.timeouts + p.timeouts, frames: a.frames + p.messagesPerSec * 5 }),
      { callErrors: 0, timeouts: 0, frames: 0 },
    );
    // Boot CALL + reply, the unknown CALL + its CALLERROR, the ClearCache CALL
    expect(total.frames).toBeGreaterThanOrEqual(5);
    expect(total).toMatchObject({ callErrors: 1, timeouts: 1 });
    const last = points[points.length - 1];
    expect(last).toMatchObject({ powerW: 7000, byState: { Charging: 1, Unresponsive: 1, Offline: 1 } });
  });
});
