/** One test (at least) per built-in middleware, through the backend as a charger would reach it. */
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

describe('Authorize', () => {
  it('answers from the id-tag list, with expiry and parent', async () => {
    h.store.idTags.upsert({ idTag: 'GOOD', status: 'Accepted', parentIdTag: 'FLEET', expiryDate: '2030-01-01T00:00:00Z' });
    h.store.idTags.upsert({ idTag: 'BLOCKED', status: 'Blocked' });
    h.store.idTags.upsert({ idTag: 'OLD', status: 'Accepted', expiryDate: '2020-01-01T00:00:00Z' });
    h.store.idTags.upsert({ idTag: 'CTX', status: 'ConcurrentTx' });
    h.store.idTags.upsert({ idTag: 'INV', status: 'Invalid' });
    expect(await h.call('CP1', 'Authorize', { idTag: 'GOOD' })).toEqual([
      3,
      expect.any(String),
      { idTagInfo: { status: 'Accepted', parentIdTag: 'FLEET', expiryDate: '2030-01-01T00:00:00.000Z' } },
    ]);
    expect((await h.call('CP1', 'Authorize', { idTag: 'BLOCKED' }))[2]).toEqual({ idTagInfo: { status: 'Blocked' } });
    expect((await h.call('CP1', 'Authorize', { idTag: 'OLD' }))[2]).toMatchObject({ idTagInfo: { status: 'Expired' } });
    expect((await h.call('CP1', 'Authorize', { idTag: 'CTX' }))[2]).toEqual({ idTagInfo: { status: 'ConcurrentTx' } });
    expect((await h.call('CP1', 'Authorize', { idTag: 'INV' }))[2]).toEqual({ idTagInfo: { status: 'Invalid' } });
    expect(h.store.chargePoints.get('CP1')?.lastIdTag).toBe('GOOD');
  });
  it('unknown tags: Accepted by default, Invalid when accept-unknown is off', async () => {
    expect((await h.call('CP1', 'Authorize', { idTag: 'WHO' }))[2]).toEqual({ idTagInfo: { status: 'Accepted' } });
    await h.settings.update((d) => (d.auth.acceptUnknown = false));
    expect((await h.call('CP1', 'Authorize', { idTag: 'WHO' }))[2]).toEqual({ idTagInfo: { status: 'Invalid' } });
  });
  it('ConcurrentTx for a tag already charging when that policy is on', async () => {
    await h.settings.update((d) => (d.auth.rejectConcurrentTx = true));
    await h.call('CP1', 'StartTransaction', { connectorId: 1, idTag: 'T1', meterStart: 0, timestamp: ts() });
    expect((await h.call('CP1', 'Authorize', { idTag: 'T1' }))[2]).toEqual({ idTagInfo: { status: 'ConcurrentTx' } });
  });
});

describe('BootNotification', () => {
  it('stores identity and answers Accepted with the heartbeat interval', async () => {
    const reply = await h.call('CP1', 'BootNotification', { ...BOOT, iccid: '8931', imsi: '2620', meterType: 'M', meterSerialNumber: 'MS' });
    expect(reply[2]).toEqual({ status: 'Accepted', currentTime: h.clock.iso(), interval: 3600 });
    expect(h.store.chargePoints.get('CP1')).toMatchObject({
      vendor: 'ACME',
      model: 'Volt 22',
      chargePointSerial: 'SN1',
      firmwareVersion: '1.2.3',
      iccid: '8931',
      imsi: '2620',
      meterType: 'M',
      meterSerial: 'MS',
      registrationStatus: 'Accepted',
      heartbeatInterval: 3600,
    });
  });
  it('follows the boot policy (global and per charger) with the retry interval for Pending/Rejected', async () => {
    await h.settings.update((d) => {
      d.boot.policy = 'Pending';
      d.boot.retryInterval = 30;
      d.boot.perCharger.CP2 = 'Rejected';
    });
    expect((await h.call('CP1', 'BootNotification', BOOT))[2]).toMatchObject({ status: 'Pending', interval: 30 });
    await h.connect('CP2');
    expect((await h.call('CP2', 'BootNotification', BOOT))[2]).toMatchObject({ status: 'Rejected', interval: 30 });
    expect(h.store.chargePoints.get('CP2')?.registrationStatus).toBe('Rejected');
  });
  it('uses OCPP_HEARTBEAT_INTERVAL', async () => {
    const h2 = await createHarness({ env: { OCPP_HEARTBEAT_INTERVAL: '120' } });
    await h2.connect('X');
    expect((await h2.call('X', 'BootNotification', BOOT))[2]).toMatchObject({ interval: 120 });
    await h2.close();
  });
});

describe('simple answers', () => {
  it('DataTransfer is Rejected', async () => {
    expect((await h.call('CP1', 'DataTransfer', { vendorId: 'acme', messageId: 'x', data: 'y' }))[2]).toEqual({ status: 'Rejected' });
  });
  it('DiagnosticsStatusNotification and FirmwareStatusNotification get empty replies', async () => {
    expect((await h.call('CP1', 'DiagnosticsStatusNotification', { status: 'Uploaded' }))[2]).toEqual({});
    expect((await h.call('CP1', 'FirmwareStatusNotification', { status: 'Installed' }))[2]).toEqual({});
  });
  it('Heartbeat answers the server time and records it', async () => {
    await h.clock.advance(5000);
    expect((await h.call('CP1', 'Heartbeat', {}))[2]).toEqual({ currentTime: h.clock.iso() });
    expect(h.store.chargePoints.get('CP1')?.lastHeartbeatAt).toBe(h.clock.iso());
  });
});

describe('MeterValues', () => {
  it('stores every sampled value with measurand, phase, unit, context and location, linked to the transaction', async () => {
    const start = await h.call('CP1', 'StartTransaction', { connectorId: 1, idTag: 'T', meterStart: 100, timestamp: ts() });
    const txId = (start[2] as { transactionId: number }).transactionId;
    const seen: unknown[] = [];
    const txEvents: string[] = [];
    h.backend.events.on('meterValues', (e) => seen.push(e));
    h.backend.events.on('transaction', (e) => txEvents.push(e.change));
    await h.call('CP1', 'MeterValues', {
      connectorId: 1,
      transactionId: txId,
      meterValue: [
        {
          timestamp: ts(60),
          sampledValue: [
            { value: '1100', measurand: 'Energy.Active.Import.Register', unit: 'Wh', context: 'Sample.Periodic', location: 'Outlet' },
            { value: '8.1', measurand: 'Current.Import', phase: 'L1', unit: 'A', location: 'Outlet' },
            { value: '230.4', measurand: 'Voltage', phase: 'L1-N', unit: 'V' },
          ],
        },
      ],
    });
    const samples = h.store.meterSamples.list({ transactionId: txId });
    expect(samples).toHaveLength(3);
    expect(samples[1]).toMatchObject({
      measurand: 'Current.Import',
      phase: 'L1',
      unit: 'A',
      numericValue: 8.1,
      timestamp: ts(60),
      context: 'Sample.Periodic',
      location: 'Outlet',
    });
    expect(seen).toHaveLength(1);
    expect(txEvents).toEqual(['updated']);
  });
});

describe('StartTransaction + OrphanedTransaction', () => {
  it("creates the transaction with the charger's timestamp and the tag's status", async () => {
    h.store.idTags.upsert({ idTag: 'BAD', status: 'Blocked' });
    const r = await h.call('CP1', 'StartTransaction', { connectorId: 2, idTag: 'BAD', meterStart: 5, timestamp: ts(), reservationId: 9 });
    const body = r[2] as { transactionId: number; idTagInfo: { status: string } };
    expect(body.idTagInfo.status).toBe('Blocked');
    expect(h.store.transactions.get(body.transactionId)).toMatchObject({
      chargePointId: 'CP1',
      connectorId: 2,
      meterStart: 5,
      startedAt: ts(),
      state: 'active',
      reservationId: 9,
      idTagStatus: 'Blocked',
    });
  });
  it("closes the previous open transaction of the same connector with its last energy reading and the new start's time", async () => {
    const first = ((await h.call('CP1', 'StartTransaction', { connectorId: 1, idTag: 'T', meterStart: 100, timestamp: ts() }))[2] as { transactionId: number })
      .transactionId;
    await h.call('CP1', 'MeterValues', {
      connectorId: 1,
      transactionId: first,
      meterValue: [{ timestamp: ts(30), sampledValue: [{ value: '1.5', unit: 'kWh' }] }],
    });
    const second = (
      (await h.call('CP1', 'StartTransaction', { connectorId: 1, idTag: 'T', meterStart: 1500, timestamp: ts(60) }))[2] as { transactionId: number }
    ).transactionId;
    expect(h.store.transactions.get(first)).toMatchObject({
      state: 'orphaned',
      meterStop: 1500,
      stoppedAt: ts(60),
      stopReason: null,
      cleanup: {
        at: h.clock.iso(),
        byTransactionId: second,
        meterStop: 1500,
        stoppedAt: ts(60),
        reason: expect.stringContaining(`transaction ${second} started on connector 1`),
      },
    });
  });
});

describe('conformance mode', () => {
  it('unknown id tags are Invalid and AutoRemoteStart sends nothing, whatever the bench switches say', async () => {
    const reasons: Array<string | undefined> = [];
    h.backend.events.on('autoRemoteStart', (d) => reasons.push(d.reason));
    await h.settings.update((d) => (d.conformance = true));
    expect(h.settings.get().auth.acceptUnknown).toBe(true);
    expect((await h.call('CP1', 'Authorize', { idTag: 'WHO' }))[2]).toEqual({ idTagInfo: { status: 'Invalid' } });
    expect((await h.call('CP1', 'Authorize', { idTag: 'CHARGEBENCH' }))[2]).toEqual({ idTagInfo: { status: 'Invalid' } });
    h.store.idTags.upsert({ idTag: 'KNOWN', status: 'Accepted' });
    expect((await h.call('CP1', 'Authorize', { idTag: 'KNOWN' }))[2]).toEqual({ idTagInfo: { status: 'Accepted' } });
    await h.clock.advance(120_000);
    await h.call('CP1', 'StatusNotification', { connectorId: 1, status: 'Preparing', errorCode: 'NoError' });
    await h.clock.advance(5000);
    expect(h.calls('CP1')).toHaveLength(0);
    expect(reasons).toEqual(['conformanceMode']);
  });
});

describe('StopTransaction', () => {
  it("closes the transaction with the charger's timestamp, reason and transactionData", async () => {
    const txId = ((await h.call('CP1', 'StartTransaction', { connectorId: 1, idTag: 'T', meterStart: 100, timestamp: ts() }))[2] as { transactionId: number })
      .transactionId;
    const r = await h.call('CP1', 'StopTransaction', {
      transactionId: txId,
      meterStop: 2100,
      timestamp: ts(3600),
      idTag: 'T',
      reason: 'EVDisconnected',
      transactionData: [{ timestamp: ts(3600), sampledValue: [{ value: '2100', context: 'Transaction.End' }] }],
    });
    expect(r[2]).toEqual({ idTagInfo: { status: 'Accepted' } });
    expect(h.store.transactions.get(txId)).toMatchObject({
      state: 'stopped',
      meterStop: 2100,
      stoppedAt: ts(3600),
      stopReason: 'EVDisconnected',
      energyWh: 2000,
    });
    expect(h.store.meterSamples.list({ transactionId: txId })[0]).toMatchObject({ source: 'StopTransaction', context: 'Transaction.End' });
  });
  it('defaults the reason to Local and omits idTagInfo without an idTag', async () => {
    const txId = ((await h.call('CP1', 'StartTransaction', { connectorId: 1, idTag: 'T', meterStart: 0, timestamp: ts() }))[2] as { transactionId: number })
      .transactionId;
    expect((await h.call('CP1', 'StopTransaction', { transactionId: txId, meterStop: 10, timestamp: ts(10) }))[2]).toEqual({});
    expect(h.store.transactions.get(txId)?.stopReason).toBe('Local');
  });
});

describe('reply middleware', () => {
  it('StoreConfiguration keeps GetConfiguration results; TrackConfigurationChange updates accepted changes', async () => {
    const get = h.backend.sendCall('CP1', 'GetConfiguration', {});
    await settle();
    const c = h.calls('CP1')[0]!;
    await h.raw(
      'CP1',
      JSON.stringify([
        3,
        c.messageId,
        {
          configurationKey: [
            { key: 'HeartbeatInterval', readonly: false, value: '60' },
            { key: 'NumberOfConnectors', readonly: true, value: '2' },
          ],
        },
      ]),
    );
    await get;
    expect(h.store.chargePoints.get('CP1')?.configuration).toEqual([
      { key: 'HeartbeatInterval', readonly: false, value: '60' },
      { key: 'NumberOfConnectors', readonly: true, value: '2' },
    ]);
    const change = h.backend.sendCall('CP1', 'ChangeConfiguration', { key: 'HeartbeatInterval', value: '300' });
    await settle();
    await h.raw('CP1', JSON.stringify([3, h.calls('CP1')[1]!.messageId, { status: 'Accepted' }]));
    expect(await change).toEqual({ status: 'Accepted' });
    expect(h.store.chargePoints.get('CP1')?.configuration?.[0]).toEqual({ key: 'HeartbeatInterval', readonly: false, value: '300' });
  });
});

describe('StopTransaction retried', () => {
  it('a repeated stop (reply lost) is answered again and changes nothing', async () => {
    const txId = ((await h.call('CP1', 'StartTransaction', { connectorId: 1, idTag: 'T', meterStart: 0, timestamp: ts() }))[2] as { transactionId: number })
      .transactionId;
    const stop = { transactionId: txId, meterStop: 500, timestamp: ts(100), transactionData: [{ timestamp: ts(100), sampledValue: [{ value: '500' }] }] };
    await h.call('CP1', 'StopTransaction', stop);
    const again = await h.call('CP1', 'StopTransaction', stop);
    expect(again[0]).toBe(3);
    expect(h.store.transactions.get(txId)).toMatchObject({ meterStop: 500, stoppedAt: ts(100), differingStops: 0 });
    expect(h.store.meterSamples.list({ transactionId: txId })).toHaveLength(1);
    expect(h.store.transactions.stops(txId).map((s) => s.outcome)).toEqual(['applied', 'duplicate']);
  });
  it('a second stop with other data is kept too: recorded with its samples, the first stop stays on the row', async () => {
    const txId = ((await h.call('CP1', 'StartTransaction', { connectorId: 1, idTag: 'T', meterStart: 0, timestamp: ts() }))[2] as { transactionId: number })
      .transactionId;
    const stop = { transactionId: txId, meterStop: 500, timestamp: ts(100), transactionData: [{ timestamp: ts(100), sampledValue: [{ value: '500' }] }] };
    await h.call('CP1', 'StopTransaction', stop);
    const other = await h.call('CP1', 'StopTransaction', {
      ...stop,
      meterStop: 999,
      timestamp: ts(200),
      transactionData: [{ timestamp: ts(200), sampledValue: [{ value: '999' }] }],
    });
    expect(other[0]).toBe(3);
    expect(h.store.transactions.get(txId)).toMatchObject({ meterStop: 500, stoppedAt: ts(100), differingStops: 1 });
    expect(h.store.meterSamples.list({ transactionId: txId }).map((m) => m.value)).toEqual(['500', '999']);
    expect(h.store.transactions.stops(txId)).toMatchObject([
      { outcome: 'applied', meterStop: 500 },
      { outcome: 'differs', meterStop: 999, stoppedAt: ts(200), transactionData: [{ timestamp: ts(200), sampledValue: [{ value: '999' }] }] },
    ]);
  });
});
