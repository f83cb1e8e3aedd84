import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TestCentralSystem } from './testing/testCentralSystem.js';
import { advance, makeCharger, waitFor } from './testing/helpers.js';

let cs: TestCentralSystem;
beforeEach(async () => {
  cs = await TestCentralSystem.start();
});
afterEach(async () => {
  await cs.close();
});

describe('boot', () => {
  it('Pending: only BootNotification until Accepted, retried after the interval; CS may configure meanwhile', async () => {
    let status = 'Pending';
    cs.on('BootNotification', () => ({ status, currentTime: new Date().toISOString(), interval: status === 'Accepted' ? 60 : 30 }));
    const t = makeCharger(cs.url);
    await t.cp.powerOn();
    await waitFor(() => t.cp.registration === 'Pending', 'pending');
    // The central system may talk to a Pending charger.
    const f = await cs.call('CP-1', 'GetConfiguration', { key: ['NumberOfConnectors'] });
    expect(f[2]).toEqual({ configurationKey: [{ key: 'NumberOfConnectors', readonly: true, value: '2' }] });
    await advance(t, 29_000);
    expect(cs.calls('CP-1').map((c) => c.action)).toEqual(['BootNotification']);
    await advance(t, 1_000);
    await waitFor(() => cs.calls('CP-1', 'BootNotification').length === 2, 'second boot after 30 s');
    expect(cs.calls('CP-1').map((c) => c.action)).toEqual(['BootNotification', 'BootNotification']);
    status = 'Accepted';
    await advance(t, 30_000);
    await waitFor(() => t.cp.registration === 'Accepted', 'accepted');
    await waitFor(() => cs.calls('CP-1', 'StatusNotification').length === 3, 'statuses after acceptance');
    expect(t.cp.config.get('HeartbeatInterval')).toBe('60');
    await advance(t, 60_000);
    await waitFor(() => cs.calls('CP-1', 'Heartbeat').length === 1, 'heartbeat at the boot interval');
    await t.cp.stop();
  });

  it('Rejected: silent until the interval has passed, then boots again', async () => {
    let status = 'Rejected';
    cs.on('BootNotification', () => ({ status, currentTime: new Date().toISOString(), interval: 120 }));
    const t = makeCharger(cs.url);
    await t.cp.powerOn();
    await waitFor(() => t.cp.registration === 'Rejected', 'rejected');
    await expect(cs.call('CP-1', 'GetConfiguration', {}, 300)).rejects.toThrow(/no answer/);
    t.cp.plug(1);
    await advance(t, 119_000);
    expect(cs.calls('CP-1').map((c) => c.action)).toEqual(['BootNotification']);
    status = 'Accepted';
    await advance(t, 1_000);
    await waitFor(() => t.cp.registration === 'Accepted', 'accepted on retry');
    // Status that changed while not registered is reported once registered.
    await waitFor(
      () => cs.calls('CP-1', 'StatusNotification').some((c) => c.payload.connectorId === 1 && c.payload.status === 'Preparing'),
      'preparing reported',
    );
    await t.cp.stop();
  });
});
