/** StatusNotification and AutoRemoteStart (the seed's default chain), through the backend as a charger would reach it. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHarness, BOOT, type Harness } from './testing/harness.js';
import { settle } from './testing/fakeClock.js';

let h: Harness;
beforeEach(async () => {
  h = await createHarness();
  await h.connect('CP1');
});
afterEach(() => h.close());

const ts = (offsetS = 0) => new Date(Date.parse('2025-12-31T12:00:00Z') + offsetS * 1000).toISOString();

describe('StatusNotification + AutoRemoteStart', () => {
  it('stores connector status and error code and the charger status for connector 0', async () => {
    await h.call('CP1', 'StatusNotification', { connectorId: 0, status: 'Available', errorCode: 'NoError', timestamp: ts() });
    await h.call('CP1', 'StatusNotification', {
      connectorId: 2,
      status: 'Faulted',
      errorCode: 'GroundFailure',
      info: 'rcd',
      vendorId: 'acme',
      vendorErrorCode: 'E42',
    });
    expect(h.store.chargePoints.get('CP1')?.status).toBe('Available');
    expect(h.store.connectors.get('CP1', 2)).toMatchObject({
      status: 'Faulted',
      errorCode: 'GroundFailure',
      info: 'rcd',
      vendorId: 'acme',
      vendorErrorCode: 'E42',
    });
  });
  it('after Preparing, decides when the delay expires and sends RemoteStartTransaction with the free-vend tag', async () => {
    const decisions: string[] = [];
    h.backend.events.on('autoRemoteStart', (d) => decisions.push(d.outcome));
    const reply = await h.call('CP1', 'StatusNotification', { connectorId: 1, status: 'Preparing', errorCode: 'NoError' });
    expect(reply[0]).toBe(3);
    await settle();
    expect(h.calls('CP1')).toHaveLength(0); // nothing is queued at the edge while the backend waits
    await h.clock.advance(999);
    expect(h.calls('CP1')).toHaveLength(0);
    await h.clock.advance(1);
    const calls = h.calls('CP1');
    expect(calls).toHaveLength(1);
    expect(JSON.parse(calls[0]!.text)).toEqual([2, calls[0]!.messageId, 'RemoteStartTransaction', { connectorId: 1, idTag: 'CHARGEBENCH' }]);
    expect(calls[0]!.delayMs).toBe(0); // the delay was the backend's: the edge writes it at once
    const idxReply = h.transport.commands.findIndex((c) => c.kind === 'send' && c.text.includes(String(reply[1])));
    expect(idxReply).toBeLessThan(h.transport.commands.indexOf(calls[0]!));
    await h.raw('CP1', JSON.stringify([3, calls[0]!.messageId, { status: 'Accepted' }]));
    expect(decisions).toEqual(['pending', 'sent', 'answered']);
  });
  it('never sends a tag remembered from another connector or an earlier session; uses the configured delay and tag', async () => {
    await h.settings.update((d) => {
      d.autoRemoteStart.delayMs = 250;
      d.autoRemoteStart.idTag = 'FREEVEND';
    });
    const tx = ((await h.call('CP1', 'StartTransaction', { connectorId: 2, idTag: 'DRIVER1', meterStart: 0, timestamp: ts() }))[2] as { transactionId: number })
      .transactionId;
    await h.call('CP1', 'StopTransaction', { transactionId: tx, meterStop: 10, timestamp: ts(60), idTag: 'DRIVER1' });
    await h.call('CP1', 'StatusNotification', { connectorId: 1, status: 'Preparing', errorCode: 'NoError' });
    await h.clock.advance(250);
    expect(JSON.parse(h.calls('CP1')[0]!.text)[3]).toEqual({ connectorId: 1, idTag: 'FREEVEND' });
    // the free-vend tag is this central system's own: accepted even when unknown tags are not
    await h.settings.update((d) => (d.auth.acceptUnknown = false));
    expect((await h.call('CP1', 'Authorize', { idTag: 'FREEVEND' }))[2]).toEqual({ idTagInfo: { status: 'Accepted' } });
  });
  it('does not send to a connector that already has a transaction, and says so', async () => {
    const decisions: Array<{ outcome: string; reason?: string }> = [];
    h.backend.events.on('autoRemoteStart', (d) => decisions.push(d));
    await h.call('CP1', 'StartTransaction', { connectorId: 2, idTag: 'T', meterStart: 0, timestamp: ts() });
    await h.call('CP1', 'StatusNotification', { connectorId: 2, status: 'Preparing', errorCode: 'NoError' });
    await h.clock.advance(5000);
    expect(h.calls('CP1')).toHaveLength(0);
    expect(decisions).toEqual([expect.objectContaining({ outcome: 'notSent', reason: 'transactionRunning' })]);
  });
  it.each([
    [
      'a StartTransaction on that connector',
      'transactionStarted',
      async () => void (await h.call('CP1', 'StartTransaction', { connectorId: 1, idTag: 'LOCAL', meterStart: 0, timestamp: ts() })),
    ],
    [
      'an Authorize the central system refused',
      'authorized',
      async () => {
        h.store.idTags.upsert({ idTag: 'BLOCKED', status: 'Blocked' });
        await h.call('CP1', 'Authorize', { idTag: 'BLOCKED' });
      },
    ],
    [
      'another status on that connector',
      'statusChanged',
      async () => void (await h.call('CP1', 'StatusNotification', { connectorId: 1, status: 'Available', errorCode: 'NoError' })),
    ],
    ['a disconnect', 'disconnected', () => h.disconnect('CP1')],
    ['a new boot', 'rebooted', async () => void (await h.call('CP1', 'BootNotification', BOOT))],
  ])('a pending start is cancelled by %s', async (_what, reason, act) => {
    const decisions: Array<{ outcome: string; reason?: string; detail: string }> = [];
    h.backend.events.on('autoRemoteStart', (d) => decisions.push(d));
    await h.call('CP1', 'StatusNotification', { connectorId: 1, status: 'Preparing', errorCode: 'NoError' });
    await h.clock.advance(400);
    await act();
    await h.clock.advance(5000);
    expect(h.calls('CP1').filter((c) => c.text.includes('RemoteStartTransaction'))).toHaveLength(0);
    expect(decisions.map((d) => d.outcome)).toEqual(['pending', 'notSent']);
    expect(decisions[1]).toMatchObject({ reason, connectorId: 1 });
  });
  it('an accepted Authorize holds the pending start until its StartTransaction names the connector (card first, then the cable)', async () => {
    const decisions: Array<{ outcome: string; reason?: string; detail: string }> = [];
    h.backend.events.on('autoRemoteStart', (d) => decisions.push(d));
    await h.call('CP1', 'Authorize', { idTag: 'CARD' });
    await h.clock.advance(10_000);
    await h.call('CP1', 'StatusNotification', { connectorId: 1, status: 'Preparing', errorCode: 'NoError' });
    await h.clock.advance(5000);
    expect(h.calls('CP1')).toHaveLength(0);
    expect(decisions.at(-1)).toMatchObject({ outcome: 'pending', detail: expect.stringContaining('held: the charger authorized CARD') });
    await h.call('CP1', 'StartTransaction', { connectorId: 1, idTag: 'CARD', meterStart: 0, timestamp: ts() });
    await h.clock.advance(5000);
    expect(h.calls('CP1')).toHaveLength(0);
    expect(decisions.at(-1)).toMatchObject({ outcome: 'notSent', reason: 'transactionStarted' });
  });
  it("a card at one connector does not starve the driver waiting at the other: the held start goes out once the card's StartTransaction names its connector", async () => {
    await h.call('CP1', 'StatusNotification', { connectorId: 2, status: 'Preparing', errorCode: 'NoError' });
    await h.clock.advance(500);
    await h.call('CP1', 'StatusNotification', { connectorId: 1, status: 'Preparing', errorCode: 'NoError' });
    await h.call('CP1', 'Authorize', { idTag: 'CARD' });
    await h.clock.advance(2000);
    expect(h.calls('CP1')).toHaveLength(0);
    await h.call('CP1', 'StartTransaction', { connectorId: 1, idTag: 'CARD', meterStart: 0, timestamp: ts() });
    await settle();
    expect(h.calls('CP1').map((c) => JSON.parse(c.text)[3])).toEqual([{ connectorId: 2, idTag: 'CHARGEBENCH' }]);
  });
  it('an accepted Authorize with no StartTransaction within ConnectionTimeOut: the held starts are not sent', async () => {
    const decisions: Array<{ outcome: string; reason?: string }> = [];
    h.backend.events.on('autoRemoteStart', (d) => decisions.push(d));
    await h.call('CP1', 'StatusNotification', { connectorId: 1, status: 'Preparing', errorCode: 'NoError' });
    await h.call('CP1', 'Authorize', { idTag: 'CARD' });
    await h.clock.advance(59_000);
    expect(decisions.map((d) => d.outcome)).toEqual(['pending', 'pending']);
    await h.clock.advance(1000);
    expect(h.calls('CP1')).toHaveLength(0);
    expect(decisions.at(-1)).toMatchObject({ outcome: 'notSent', reason: 'authorized' });
    // later Preparing reports are decided afresh
    await h.call('CP1', 'StatusNotification', { connectorId: 1, status: 'Available', errorCode: 'NoError' });
    await h.call('CP1', 'StatusNotification', { connectorId: 1, status: 'Preparing', errorCode: 'NoError' });
    await h.clock.advance(1000);
    expect(h.calls('CP1')).toHaveLength(1);
  });
  it('waits while another server CALL to the charger is outstanding, then decides', async () => {
    const cmd = h.backend.sendCall('CP1', 'GetConfiguration', {});
    await settle();
    await h.call('CP1', 'StatusNotification', { connectorId: 1, status: 'Preparing', errorCode: 'NoError' });
    await h.clock.advance(3000);
    expect(h.calls('CP1').map((c) => JSON.parse(c.text)[2])).toEqual(['GetConfiguration']);
    await h.raw('CP1', JSON.stringify([3, h.calls('CP1')[0]!.messageId, { configurationKey: [] }]));
    await cmd;
    await h.clock.advance(250);
    expect(h.calls('CP1').map((c) => JSON.parse(c.text)[2])).toEqual(['GetConfiguration', 'RemoteStartTransaction']);
  });
  it('switched off while pending: not sent', async () => {
    const reasons: Array<string | undefined> = [];
    h.backend.events.on('autoRemoteStart', (d) => reasons.push(d.reason));
    await h.call('CP1', 'StatusNotification', { connectorId: 1, status: 'Preparing', errorCode: 'NoError' });
    await h.backend.middleware.setEnabled('StatusNotification', 'AutoRemoteStart', false);
    await h.clock.advance(1000);
    expect(h.calls('CP1')).toHaveLength(0);
    expect(reasons).toEqual([undefined, 'disabled']);
  });
});

describe('AutoRemoteStart while Pending', () => {
  it('does not send RemoteStartTransaction while the registration is Pending (OCPP 1.6 §4.2.1)', async () => {
    await h.settings.update((d) => (d.boot.policy = 'Pending'));
    await h.call('CP1', 'BootNotification', BOOT);
    await h.call('CP1', 'StatusNotification', { connectorId: 1, status: 'Preparing', errorCode: 'NoError' });
    await h.clock.advance(1000);
    expect(h.calls('CP1')).toHaveLength(0);
    await h.settings.update((d) => (d.boot.policy = 'Accepted'));
    await h.call('CP1', 'BootNotification', BOOT);
    await h.call('CP1', 'StatusNotification', { connectorId: 1, status: 'Preparing', errorCode: 'NoError' });
    await h.clock.advance(1000);
    expect(h.calls('CP1')).toHaveLength(1);
  });
});
