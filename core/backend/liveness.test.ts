/** Liveness watchdog and connection state, with the injected clock. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHarness, BOOT, type Harness } from './testing/harness.js';
import type { BackendEventMap } from './events.js';

let h: Harness;
beforeEach(async () => {
  h = await createHarness({ settings: { heartbeatInterval: 60 } });
});
afterEach(() => h.close());

describe('liveness', () => {
  it('uses the interval given at boot; any frame resets the countdown; emits offline', async () => {
    const changes: BackendEventMap['chargePoint']['change'][] = [];
    h.backend.events.on('chargePoint', (e) => changes.push(e.change));
    await h.connect('CP1');
    await h.call('CP1', 'BootNotification', BOOT);
    await h.clock.advance(170_000);
    await h.call('CP1', 'StatusNotification', { connectorId: 0, status: 'Available', errorCode: 'NoError' });
    await h.clock.advance(170_000);
    expect(h.store.chargePoints.get('CP1')?.online).toBe(true);
    await h.clock.advance(10_000);
    expect(h.store.chargePoints.get('CP1')).toMatchObject({ online: false, offlineReason: 'heartbeat timeout' });
    expect(h.store.connectionEvents.list('CP1')[0]).toMatchObject({ kind: 'offline' });
    expect(changes).toEqual(['connected', 'boot', 'status', 'offline']);
  });
  it('a disconnected charger has no watchdog running', async () => {
    await h.connect('CP1');
    await h.disconnect('CP1');
    expect(h.clock.pendingTimers).toBe(0);
  });
  it('the settings decide how many intervals may be missed', async () => {
    await h.settings.update((d) => (d.liveness.missedHeartbeats = 1));
    await h.connect('CP1');
    await h.clock.advance(60_000);
    expect(h.store.chargePoints.get('CP1')?.online).toBe(false);
  });
});
