/**
 * TransactionEvent201 keeps the truths of issue 10 for 2.0.1: one model with 1.6 (version recorded, the charger's
 * string id beside ours), seqNo order whatever the arrival order, retries, late and offline events, a real stop
 * never lost, orphans closed, reservations used.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BOOT, type Harness } from '../testing/harness.js';
import { bootedStation201 } from './testing/bootedStation.js';
import { energy, ts201, txEvent } from './testing/frames201.js';

let h: Harness;
beforeEach(async () => {
  h = await bootedStation201();
});
afterEach(() => h.close());

const send = (payload: Record<string, unknown>) => h.call('CS1', 'TransactionEvent', payload, { connectionId: 'c1' });
const tx = (id: string) => h.store.transactionEvents.find('CS1', id)!;

describe('a session in order', () => {
  it('Started → Updated → Ended: one transaction row with the version, real stop, meter samples, chargingState and events', async () => {
    const started = await send(txEvent('Started', 'TX-1', 0, 0, { chargingState: 'Charging', meterValue: [energy(1000, 0, 'Transaction.Begin')] }));
    expect(started[2]).toEqual({ idTokenInfo: { status: 'Accepted' } });
    expect((await send(txEvent('Updated', 'TX-1', 1, 60, { meterValue: [energy(1500, 60)] })))[2]).toEqual({});
    await send(txEvent('Updated', 'TX-1', 2, 90, { triggerReason: 'ChargingStateChanged', chargingState: 'SuspendedEV' }));
    const ended = await send(
      txEvent('Ended', 'TX-1', 3, 120, {
        stoppedReason: 'EVDisconnected',
        idToken: { idToken: 'DRIVER-1', type: 'ISO14443' },
        chargingState: 'Idle',
        meterValue: [energy(2250, 120, 'Transaction.End')],
      }),
    );
    expect(ended[2]).toEqual({ idTokenInfo: { status: 'Accepted' } });
    const t = tx('TX-1');
    expect(t).toMatchObject({
      protocol: 'ocpp2.0.1',
      chargerTransactionId: 'TX-1',
      connectorId: 1,
      evseConnectorId: 1,
      idTag: 'DRIVER-1',
      idTagStatus: 'Accepted',
      meterStart: 1000,
      meterStartKnown: true,
      meterStop: 2250,
      energyWh: 1250,
      startedAt: ts201(0),
      stoppedAt: ts201(120),
      stopReason: 'EVDisconnected',
      stopIdTag: 'DRIVER-1',
      state: 'stopped',
      chargingState: 'Idle',
      lastTriggerReason: 'StopAuthorized',
      lastSeqNo: 3,
    });
    // the same list the GUI reads, beside 1.6 transactions
    await h.connect('CP16', 'c16');
    await h.call('CP16', 'BootNotification', BOOT, { connectionId: 'c16' });
    await h.call('CP16', 'StartTransaction', { connectorId: 1, idTag: 'T16', meterStart: 5, timestamp: ts201() }, { connectionId: 'c16' });
    expect(h.store.transactions.list().rows.map((r) => [r.chargePointId, r.protocol, r.chargerTransactionId])).toEqual([
      ['CP16', 'ocpp1.6', null],
      ['CS1', 'ocpp2.0.1', 'TX-1'],
    ]);
    const samples = h.store.meterSamples.list({ transactionId: t.id });
    expect(samples.map((s) => [s.numericValue, s.context, s.source, s.connectorId])).toEqual([
      [1000, 'Transaction.Begin', 'TransactionEvent', 1],
      [1500, 'Sample.Periodic', 'TransactionEvent', 1],
      [2250, 'Transaction.End', 'TransactionEvent', 1],
    ]);
    expect(h.store.transactionEvents.events(t.id).map((e) => [e.seqNo, e.eventType, e.outcome])).toEqual([
      [0, 'Started', 'applied'],
      [1, 'Updated', 'applied'],
      [2, 'Updated', 'applied'],
      [3, 'Ended', 'applied'],
    ]);
    expect(h.store.transactions.stops(t.id).map((s) => [s.meterStop, s.outcome])).toEqual([[2250, 'applied']]);
  });

  it('an Ended without an energy reading closes with the last one received', async () => {
    await send(txEvent('Started', 'TX-2', 0, 0, { meterValue: [energy(100, 0, 'Transaction.Begin')] }));
    await send(txEvent('Updated', 'TX-2', 1, 30, { meterValue: [energy(400, 30)] }));
    await send(txEvent('Ended', 'TX-2', 2, 60, { stoppedReason: 'Local' }));
    expect(tx('TX-2')).toMatchObject({ meterStop: 400, energyWh: 300, state: 'stopped' });
  });
});

describe('out of order, retried, late and offline', () => {
  it('a retried event (same seqNo) is answered again and stores nothing twice', async () => {
    await send(txEvent('Started', 'TX-R', 0, 0, { meterValue: [energy(0, 0, 'Transaction.Begin')] }));
    const upd = txEvent('Updated', 'TX-R', 1, 30, { meterValue: [energy(300, 30)] });
    await send(upd);
    expect((await send(upd))[0]).toBe(3);
    const t = tx('TX-R');
    expect(h.store.meterSamples.list({ transactionId: t.id })).toHaveLength(2);
    expect(h.store.transactionEvents.events(t.id).map((e) => e.outcome)).toEqual(['applied', 'applied', 'duplicate']);
  });

  it('Ended before a late Updated: the stop stands, the late event is recorded with its samples and does not roll the state back', async () => {
    await send(txEvent('Started', 'TX-L', 0, 0, { chargingState: 'Charging', meterValue: [energy(0, 0, 'Transaction.Begin')] }));
    await send(txEvent('Ended', 'TX-L', 2, 120, { chargingState: 'Idle', stoppedReason: 'Remote', meterValue: [energy(900, 120, 'Transaction.End')] }));
    await send(txEvent('Updated', 'TX-L', 1, 60, { chargingState: 'SuspendedEVSE', offline: true, meterValue: [energy(450, 60)] }));
    const t = tx('TX-L');
    expect(t).toMatchObject({ state: 'stopped', meterStop: 900, chargingState: 'Idle', lastSeqNo: 2, stopReason: 'Remote' });
    expect(h.store.transactionEvents.events(t.id).map((e) => [e.seqNo, e.outcome, e.offline])).toEqual([
      [0, 'applied', false],
      [1, 'late', true],
      [2, 'applied', false],
    ]);
    expect(h.store.meterSamples.list({ transactionId: t.id }).map((s) => s.numericValue)).toEqual([0, 450, 900]);
    expect(h.store.transactionEvents.missingSeqNos(t.id)).toEqual([]);
  });

  it('a lost Started: the first event creates the transaction; the Started arriving later sets the real start and meter', async () => {
    await send(txEvent('Updated', 'TX-S', 1, 60, { evseId: 2, idToken: { idToken: 'D2', type: 'KeyCode' }, meterValue: [energy(5300, 60)] }));
    let t = tx('TX-S');
    expect(t).toMatchObject({ connectorId: 2, state: 'active', startedAt: ts201(60), meterStart: 5300, meterStartKnown: false, idTag: 'D2' });
    expect(h.store.transactionEvents.missingSeqNos(t.id)).toEqual([0]);
    await send(txEvent('Started', 'TX-S', 0, 0, { evseId: 2, offline: true, meterValue: [energy(5000, 0, 'Transaction.Begin')] }));
    await send(txEvent('Ended', 'TX-S', 2, 120, { meterValue: [energy(5600, 120)] }));
    t = tx('TX-S');
    expect(t).toMatchObject({ startedAt: ts201(0), meterStart: 5000, meterStartKnown: true, meterStop: 5600, energyWh: 600, state: 'stopped', lastSeqNo: 2 });
  });

  it('a transaction started on the cable (no token) gets the token it is authorized with later', async () => {
    const r = await send(txEvent('Started', 'TX-C', 0, 0, { idToken: null, triggerReason: 'CablePluggedIn', chargingState: 'EVConnected' }));
    expect(r[2]).toEqual({});
    expect(tx('TX-C')).toMatchObject({ idTag: '', idTagStatus: 'Unknown', meterStartKnown: false });
    const a = await send(
      txEvent('Updated', 'TX-C', 1, 10, {
        idToken: { idToken: 'LATE-CARD', type: 'ISO14443' },
        triggerReason: 'Authorized',
        chargingState: 'Charging',
        meterValue: [energy(20, 10)],
      }),
    );
    expect(a[2]).toEqual({ idTokenInfo: { status: 'Accepted' } });
    expect(tx('TX-C')).toMatchObject({ idTag: 'LATE-CARD', idTagStatus: 'Accepted', meterStart: 20, chargingState: 'Charging' });
  });
});

describe('stops are never lost', () => {
  it('a new transaction on the EVSE closes the open one as orphaned; its own late Ended still wins', async () => {
    await send(txEvent('Started', 'OLD', 0, 0, { meterValue: [energy(100, 0, 'Transaction.Begin')] }));
    await send(txEvent('Updated', 'OLD', 1, 30, { meterValue: [energy(300, 30)] }));
    await send(txEvent('Started', 'NEW', 0, 100, { meterValue: [energy(500, 100, 'Transaction.Begin')] }));
    expect(tx('OLD')).toMatchObject({ state: 'orphaned', meterStop: 300, stoppedAt: ts201(100) });
    expect(tx('OLD').cleanup).toMatchObject({ meterStop: 300 });
    await send(txEvent('Ended', 'OLD', 2, 90, { offline: true, stoppedReason: 'PowerLoss', meterValue: [energy(480, 90)] }));
    expect(tx('OLD')).toMatchObject({ state: 'stopped', meterStop: 480, stoppedAt: ts201(90), stopReason: 'PowerLoss' });
    expect(tx('OLD').cleanup).not.toBeNull();
    expect(h.store.transactions.stops(tx('OLD').id).map((s) => s.outcome)).toEqual(['afterCleanup']);
    expect(tx('NEW').state).toBe('active');
  });

  it('an older transaction reported late (offline queue) does not close the newer open one on its EVSE', async () => {
    await send(txEvent('Started', 'NEWER', 0, 300, { meterValue: [energy(900, 300, 'Transaction.Begin')] }));
    await send(txEvent('Started', 'OLDER', 0, 0, { offline: true, meterValue: [energy(100, 0, 'Transaction.Begin')] }));
    await send(txEvent('Ended', 'OLDER', 1, 200, { offline: true, meterValue: [energy(800, 200)] }));
    expect(tx('NEWER').state).toBe('active');
    expect(tx('OLDER')).toMatchObject({ state: 'stopped', meterStop: 800, energyWh: 700 });
  });

  it('a second Ended with other data is recorded as differing; the first stays', async () => {
    await send(txEvent('Started', 'TX-D', 0, 0, { meterValue: [energy(0, 0, 'Transaction.Begin')] }));
    await send(txEvent('Ended', 'TX-D', 1, 60, { meterValue: [energy(700, 60)] }));
    await send(txEvent('Ended', 'TX-D', 2, 80, { meterValue: [energy(750, 80)] }));
    const t = tx('TX-D');
    expect(t).toMatchObject({ meterStop: 700, differingStops: 1 });
    expect(h.store.transactions.stops(t.id).map((s) => [s.meterStop, s.outcome])).toEqual([
      [700, 'applied'],
      [750, 'differs'],
    ]);
  });

  it('a TransactionEvent carrying a reservationId marks that reservation Used', async () => {
    const res = h.store.reservations.create({
      chargePointId: 'CS1',
      connectorId: 1,
      idTag: 'DRIVER-1',
      expiryDate: ts201(600),
      state: 'Reserved',
      at: h.clock.iso(),
    });
    await send(txEvent('Started', 'TX-RES', 0, 0, { reservationId: res.id }));
    expect(h.store.reservations.get(res.id)).toMatchObject({ state: 'Used', transactionId: tx('TX-RES').id });
  });

  it("a charger cannot touch another charger's transaction with the same id", async () => {
    await h.connect('CS2', 'c2', 'ocpp2.0.1');
    await send(txEvent('Started', 'SAME', 0, 0));
    await h.call('CS2', 'TransactionEvent', txEvent('Ended', 'SAME', 1, 60), { connectionId: 'c2' });
    expect(tx('SAME').state).toBe('active');
    expect(h.store.transactionEvents.find('CS2', 'SAME')?.state).toBe('stopped');
  });
});
