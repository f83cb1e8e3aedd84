/** One test per bug of the seed system (see SEED-NOTES.md), numbered as there. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { callMiddleware } from './context.js';
import { createHarness, BOOT, type Harness } from './testing/harness.js';
import { settle } from './testing/fakeClock.js';

let h: Harness;
beforeEach(async () => {
  h = await createHarness();
  await h.connect('CP1');
  await h.connect('CP2');
});
afterEach(() => h.close());

const ts = (offsetS = 0) => new Date(Date.parse('2025-12-31T12:00:00Z') + offsetS * 1000).toISOString();
const STATUSES = ['Available', 'Preparing', 'Charging', 'SuspendedEVSE', 'SuspendedEV', 'Finishing', 'Reserved', 'Unavailable', 'Faulted'];
const ERROR_CODES = [
  'ConnectorLockFailure',
  'EVCommunicationError',
  'GroundFailure',
  'HighTemperature',
  'InternalError',
  'LocalListConflict',
  'NoError',
  'OtherError',
  'OverCurrentFailure',
  'PowerMeterFailure',
  'PowerSwitchFailure',
  'ReaderFailure',
  'ResetFailure',
  'UnderVoltage',
  'OverVoltage',
  'WeakSignal',
];

describe('seed bugs', () => {
  it('#1 StatusNotification: connectors 0..n, all 9 statuses and all error codes are stored', async () => {
    await h.backend.middleware.setEnabled('StatusNotification', 'AutoRemoteStart', false);
    for (const [i, status] of STATUSES.entries()) {
      const connectorId = i % 4; // 0..3
      const reply = await h.call('CP1', 'StatusNotification', { connectorId, status, errorCode: 'NoError' });
      expect(reply[0]).toBe(3);
      expect(h.store.connectors.get('CP1', connectorId)?.status).toBe(status);
    }
    for (const errorCode of ERROR_CODES) {
      await h.call('CP1', 'StatusNotification', { connectorId: 3, status: 'Faulted', errorCode });
      expect(h.store.connectors.get('CP1', 3)?.errorCode).toBe(errorCode);
    }
    expect(h.store.connectors.list('CP1').map((c) => c.connectorId)).toEqual([0, 1, 2, 3]);
  });

  it('#2 message ids are unique per charger, not globally: two chargers using the same id both get replies', async () => {
    const a = await h.call('CP1', 'Heartbeat', {}, { messageId: 'same-id' });
    const b = await h.call('CP2', 'Heartbeat', {}, { messageId: 'same-id' });
    expect(a).toEqual([3, 'same-id', { currentTime: expect.any(String) }]);
    expect(b).toEqual([3, 'same-id', { currentTime: expect.any(String) }]);
    // a charger re-using an id later (e.g. after a reboot) is answered too
    expect((await h.call('CP1', 'Heartbeat', {}, { messageId: 'same-id' }))[0]).toBe(3);
    expect(h.store.frames.list({ text: 'same-id', direction: 'out' }).total).toBe(3);
  });

  it('#3 an unknown action gets CALLERROR NotImplemented; a central-system action sent by a charger gets NotSupported', async () => {
    expect(await h.call('CP1', 'FlyToTheMoon', {}, { messageId: 'u1' })).toEqual([4, 'u1', 'NotImplemented', expect.stringContaining('FlyToTheMoon'), {}]);
    expect(await h.call('CP1', 'Reset', { type: 'Hard' }, { messageId: 'u2' })).toEqual([
      4,
      'u2',
      'NotSupported',
      expect.stringContaining('central system'),
      {},
    ]);
  });

  it('#4 MeterValues outside a transaction are stored', async () => {
    const r = await h.call('CP1', 'MeterValues', {
      connectorId: 1,
      meterValue: [{ timestamp: ts(), sampledValue: [{ value: '42', measurand: 'Power.Active.Import', unit: 'W' }] }],
    });
    expect(r[0]).toBe(3);
    expect(h.store.meterSamples.list({ chargePointId: 'CP1', connectorId: 1 })).toMatchObject([
      { transactionId: null, value: '42', measurand: 'Power.Active.Import' },
    ]);
  });

  it("#5 a charger cannot stop another charger's transaction, and an unknown transaction is answered (not InternalError)", async () => {
    const txId = ((await h.call('CP1', 'StartTransaction', { connectorId: 1, idTag: 'T', meterStart: 0, timestamp: ts() }))[2] as { transactionId: number })
      .transactionId;
    const other = await h.call('CP2', 'StopTransaction', { transactionId: txId, meterStop: 999, timestamp: ts(60), idTag: 'T' });
    expect(other).toEqual([3, expect.any(String), { idTagInfo: { status: 'Accepted' } }]);
    expect(h.store.transactions.get(txId)).toMatchObject({ state: 'active', meterStop: null });
    const unknown = await h.call('CP1', 'StopTransaction', { transactionId: 123456, meterStop: 1, timestamp: ts(60) });
    expect(unknown).toEqual([3, expect.any(String), {}]);
    // MeterValues naming another charger's transaction are kept, but not attached to it
    await h.call('CP2', 'MeterValues', { connectorId: 1, transactionId: txId, meterValue: [{ timestamp: ts(), sampledValue: [{ value: '1' }] }] });
    expect(h.store.meterSamples.list({ transactionId: txId })).toHaveLength(0);
  });

  it("#6 transaction times are the charger's timestamps, not the server clock", async () => {
    const txId = (
      (await h.call('CP1', 'StartTransaction', { connectorId: 1, idTag: 'T', meterStart: 0, timestamp: '2025-06-01T10:00:00+02:00' }))[2] as {
        transactionId: number;
      }
    ).transactionId;
    await h.call('CP1', 'StopTransaction', { transactionId: txId, meterStop: 5, timestamp: '2025-06-01T11:30:00+02:00' });
    expect(h.store.transactions.get(txId)).toMatchObject({ startedAt: '2025-06-01T08:00:00.000Z', stoppedAt: '2025-06-01T09:30:00.000Z' });
    expect(h.clock.iso()).not.toContain('2025-06-01');
  });

  it("#7 orphan cleanup closes only the same connector's open transaction", async () => {
    const on1 = ((await h.call('CP1', 'StartTransaction', { connectorId: 1, idTag: 'A', meterStart: 0, timestamp: ts() }))[2] as { transactionId: number })
      .transactionId;
    const on2 = ((await h.call('CP1', 'StartTransaction', { connectorId: 2, idTag: 'B', meterStart: 0, timestamp: ts() }))[2] as { transactionId: number })
      .transactionId;
    const otherCp = ((await h.call('CP2', 'StartTransaction', { connectorId: 1, idTag: 'C', meterStart: 0, timestamp: ts() }))[2] as { transactionId: number })
      .transactionId;
    await h.call('CP1', 'StartTransaction', { connectorId: 1, idTag: 'A', meterStart: 10, timestamp: ts(60) });
    expect(h.store.transactions.get(on1)?.state).toBe('orphaned');
    expect(h.store.transactions.get(on2)?.state).toBe('active');
    expect(h.store.transactions.get(otherCp)?.state).toBe('active');
  });

  it('#8 real authorization: Blocked tags are refused, unknown ones too when accept-unknown is off', async () => {
    h.store.idTags.upsert({ idTag: 'STOLEN', status: 'Blocked' });
    await h.settings.update((d) => (d.auth.acceptUnknown = false));
    expect((await h.call('CP1', 'Authorize', { idTag: 'STOLEN' }))[2]).toEqual({ idTagInfo: { status: 'Blocked' } });
    expect((await h.call('CP1', 'Authorize', { idTag: 'NOBODY' }))[2]).toEqual({ idTagInfo: { status: 'Invalid' } });
  });

  it('#9 replies to server CALLs are interpreted and linked to their CALL; any CS action can be sent', async () => {
    const p = h.backend.sendCall('CP1', 'Reset', { type: 'Soft' });
    await settle();
    const c = h.calls('CP1')[0]!;
    await h.raw('CP1', JSON.stringify([3, c.messageId, { status: 'Rejected' }]));
    expect(await p).toEqual({ status: 'Rejected' });
    const call = h.store.frames.findOutboundCall('CP1', c.messageId)!;
    const reply = h.store.frames.get(call.replyFrameId!)!;
    expect(reply).toMatchObject({ direction: 'in', messageType: 'CALLRESULT', action: 'Reset', callFrameId: call.id });
    expect(call.state).toBe('answered');
  });

  it('#10 a custom middleware configuration does not crash: bad names give a clear error, good ones apply', async () => {
    await expect(createHarness({ env: { OCPP_MIDDLEWARE: '{"StartTransaction":["StartTransaction","Nope"]}' } })).rejects.toThrow(
      /unknown middleware "Nope". Valid for StartTransaction: OrphanedTransaction, StartTransaction, UseReservation/,
    );
    await expect(createHarness({ env: { OCPP_MIDDLEWARE: '{"Teleport":["X"]}' } })).rejects.toThrow(/unknown action "Teleport"/);
    const ok = await createHarness({ env: { OCPP_MIDDLEWARE: '{"StartTransaction":["StartTransaction"]}' } });
    expect(ok.backend.middleware.list().find((c) => c.chain === 'StartTransaction')?.middleware).toEqual([
      expect.objectContaining({ name: 'StartTransaction', enabled: true }),
      expect.objectContaining({ name: 'OrphanedTransaction', enabled: false }),
      expect.objectContaining({ name: 'UseReservation', enabled: false }),
    ]);
    await ok.close();
  });

  it('#11 the call timeout fires, frees the waiter and the backend learns of it', async () => {
    const p = h.backend.sendCall('CP1', 'ClearCache', {}, { timeoutMs: 1000 });
    const failed: unknown[] = [];
    h.backend.events.on('callFailed', (e) => failed.push(e));
    await settle();
    const c = h.calls('CP1')[0]!;
    expect(c.timeoutMs).toBe(1000);
    await h.event('callFailed', 'CP1', { messageId: c.messageId, reason: 'timeout', description: 'no reply in 1000 ms' });
    await expect(p).rejects.toMatchObject({ name: 'CallFailedError', reason: 'timeout' });
    expect(h.backend.pendingCallCount()).toBe(0);
    expect(h.store.frames.findOutboundCall('CP1', c.messageId)?.state).toBe('timeout');
    expect(failed).toHaveLength(1);
  });

  it('#13 a late close of a replaced connection does not mark the charger offline', async () => {
    await h.connect('CP1', 'conn-2');
    await h.disconnect('CP1', 'conn-1');
    expect(h.store.chargePoints.get('CP1')).toMatchObject({ online: true, connectionId: 'conn-2' });
    await h.disconnect('CP1', 'conn-2');
    expect(h.store.chargePoints.get('CP1')).toMatchObject({ online: false, offlineReason: 'disconnected' });
  });

  it('#14 liveness: silent for 3 heartbeat intervals → offline; a frame brings it back', async () => {
    await h.call('CP1', 'BootNotification', BOOT); // interval 3600
    await h.clock.advance(3 * 3600_000 - 1000);
    expect(h.store.chargePoints.get('CP1')?.online).toBe(true);
    await h.clock.advance(1000);
    expect(h.store.chargePoints.get('CP1')).toMatchObject({ online: false, offlineReason: 'heartbeat timeout' });
    await h.call('CP1', 'Heartbeat', {});
    expect(h.store.chargePoints.get('CP1')?.online).toBe(true);
  });

  it('#15 an exception in a middleware becomes CALLERROR InternalError and leaves no half-written data', async () => {
    const exploding = callMiddleware({
      name: 'Explode',
      description: 'test: throws after the transaction row is written',
      action: 'StartTransaction',
      async handle(_ctx, next) {
        await next();
        throw new Error('disk on fire');
      },
    });
    const h2 = await createHarness({ middleware: [exploding] });
    await h2.connect('CP1');
    await h2.backend.middleware.reorder('StartTransaction', ['Explode', 'OrphanedTransaction', 'StartTransaction']);
    const r = await h2.call('CP1', 'StartTransaction', { connectorId: 1, idTag: 'T', meterStart: 0, timestamp: ts() }, { messageId: 'boom' });
    expect(r).toEqual([4, 'boom', 'InternalError', expect.stringContaining('Explode'), { middleware: 'Explode' }]);
    expect(h2.store.transactions.list().total).toBe(0);
    // the CALL and the CALLERROR themselves are stored
    expect(h2.store.frames.list({ chargePointId: 'CP1', action: 'StartTransaction' }).rows.map((f) => f.messageType)).toEqual(['CALLERROR', 'CALL']);
    await h2.close();
  });
});
