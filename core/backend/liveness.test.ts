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

describe('presence after a restart', () => {
  it('in-process: chargers marked online by a previous run start offline', async () => {
    const { openStore } = await import('../store/index.js');
    const { openSettings } = await import('../config/index.js');
    const { createBackend } = await import('./backend.js');
    const { TestTransport } = await import('./testing/testTransport.js');
    const store = openStore({ memory: true });
    store.chargePoints.ensure('OLD', 'x');
    store.chargePoints.markConnected({ id: 'OLD', edgeId: 'e', connectionId: 'c', remoteAddress: '', subprotocol: null, at: 'x', ms: 0 });
    const backend = await createBackend({ store, settings: await openSettings({ memory: true, env: {} }), transport: new TestTransport() });
    await backend.start();
    expect(store.chargePoints.get('OLD')).toMatchObject({ online: false, offlineReason: 'backend restarted', connectionId: null });
    await backend.stop();
    store.close();
  });
  it('behind a broker: the watchdog decides (offline after 3 silent intervals)', async () => {
    const { openStore } = await import('../store/index.js');
    const { openSettings } = await import('../config/index.js');
    const { createBackend } = await import('./backend.js');
    const { TestTransport } = await import('./testing/testTransport.js');
    const { FakeClock } = await import('./testing/fakeClock.js');
    const clock = new FakeClock();
    const store = openStore({ memory: true });
    store.chargePoints.ensure('KEPT', 'x');
    store.chargePoints.markConnected({ id: 'KEPT', edgeId: 'e', connectionId: 'c', remoteAddress: '', subprotocol: null, at: 'x', ms: 0 });
    const transport = new TestTransport();
    transport.status = () => ({ kind: 'amqp', connected: true });
    const backend = await createBackend({
      store,
      settings: await openSettings({ memory: true, env: {}, initial: { heartbeatInterval: 10 } }),
      transport,
      clock,
    });
    await backend.start();
    expect(store.chargePoints.get('KEPT')?.online).toBe(true);
    await clock.advance(30_000);
    expect(store.chargePoints.get('KEPT')).toMatchObject({ online: false, offlineReason: 'heartbeat timeout' });
    await backend.stop();
    store.close();
  });
});

describe('LivenessWatchdog', () => {
  it('fires once, exactly one timeout after the last sign of life, however many came before; a shorter timeout counts at once', async () => {
    const { LivenessWatchdog } = await import('./liveness.js');
    const { FakeClock } = await import('./testing/fakeClock.js');
    const clock = new FakeClock(0);
    const silent: Array<[string, number]> = [];
    const w = new LivenessWatchdog(clock, (id) => silent.push([id, clock.now()]));
    w.heard('A', 1000);
    for (let t = 0; t < 10; t++) {
      await clock.advance(300);
      w.heard('A', 1000); // last at 3,000
    }
    expect(clock.pendingTimers).toBe(1);
    w.heard('B', 5000);
    w.heard('B', 500); // the interval shrank: silent at 500, not 5,000
    await clock.advance(10_000);
    expect(silent).toEqual([
      ['B', 3500],
      ['A', 4000],
    ]);
    w.heard('C', 100);
    w.forget('C');
    await clock.advance(1000);
    expect(silent).toHaveLength(2);
    expect(clock.pendingTimers).toBe(0);
  });
});
