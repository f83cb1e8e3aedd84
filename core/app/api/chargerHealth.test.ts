/** Health rules (pure) and the tracker over a real backend on a fake clock: CALL timeouts, missed heartbeats, recovery. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../../backend/testing/harness.js';
import { createChargerHealth, HEALTH_SWEEP_MS, type ChargerHealth } from './chargerHealth.js';
import { healthOf, heartbeatGraceMs } from './healthRules.js';

const base = { nowMs: 1_000_000, connected: true, lastHeardMs: 1_000_000, heartbeatIntervalS: 60, timeoutsSinceHeard: 0 };

describe('health rules', () => {
  it('grace is 20% of the interval, at least 10 s', () => {
    expect(heartbeatGraceMs(10)).toBe(10_000);
    expect(heartbeatGraceMs(300)).toBe(60_000);
  });
  it('healthy until silence passes interval + grace, then missedHeartbeat naming both', () => {
    expect(healthOf({ ...base, nowMs: base.lastHeardMs + 72_000 })).toBeNull();
    const h = healthOf({ ...base, nowMs: base.lastHeardMs + 72_001 });
    expect(h).toMatchObject({ reason: 'missedHeartbeat' });
    expect(h?.detail).toContain('heartbeat interval 60 s + 12 s grace');
  });
  it('a CALL timeout with nothing heard since is callTimeout, whatever the silence', () => {
    expect(healthOf({ ...base, timeoutsSinceHeard: 2 })).toMatchObject({
      reason: 'callTimeout',
      detail: '2 CALLs timed out with no frame from the charger since',
    });
  });
  it('a disconnected charger is never unresponsive (it is offline)', () => {
    expect(healthOf({ ...base, connected: false, timeoutsSinceHeard: 3, nowMs: base.nowMs + 10_000_000 })).toBeNull();
  });
});

describe('charger health tracker', () => {
  let h: Harness;
  let health: ChargerHealth;
  let changes: string[];
  beforeEach(async () => {
    h = await createHarness({ settings: { heartbeatInterval: 60 } });
    changes = [];
    health = createChargerHealth(h.backend, h.clock, (id) => changes.push(id));
    await h.connect('CP1');
    await h.call('CP1', 'BootNotification', { chargePointVendor: 'V', chargePointModel: 'M' });
  });
  afterEach(async () => {
    health.close();
    await h.close();
  });

  it('marks a charger silent past interval + grace, and clears it on its next frame', async () => {
    expect(health.of('CP1', true)).toBeNull();
    await h.clock.advance(60_000 + 12_000 + HEALTH_SWEEP_MS);
    expect(health.of('CP1', true)).toMatchObject({ reason: 'missedHeartbeat' });
    expect(changes).toEqual(['CP1']);
    await h.call('CP1', 'Heartbeat', {});
    expect(health.of('CP1', true)).toBeNull();
    expect(changes).toEqual(['CP1', 'CP1']);
  });

  it('marks a charger whose CALL timed out, until it sends anything', async () => {
    const p = h.backend.sendCall('CP1', 'ClearCache', {}, { timeoutMs: 1000 }).catch((e: unknown) => e);
    await h.clock.advance(1000 + h.settings.get().calls.safetyMarginMs);
    expect(await p).toMatchObject({ reason: 'timeout' });
    expect(health.of('CP1', true)).toMatchObject({ reason: 'callTimeout' });
    expect(health.of('CP1', false)).toBeNull();
    await h.call('CP1', 'StatusNotification', { connectorId: 1, status: 'Available', errorCode: 'NoError' });
    expect(health.of('CP1', true)).toBeNull();
  });

  it('forgets a charger that disconnects', async () => {
    await h.clock.advance(60_000 + 12_000 + HEALTH_SWEEP_MS);
    expect(health.of('CP1', true)).not.toBeNull();
    await h.disconnect('CP1');
    expect(health.of('CP1', true)).toBeNull();
  });
});
