/**
 * A 2.0.1 station on a manual clock against a scriptable CSMS: boot (Pending / Rejected / Accepted with the
 * interval), heartbeats, statuses per connector, a session's TransactionEvents with seqNo, triggerReason,
 * chargingState and meter values, offline queueing, faults and power cuts.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Payload } from '../../ocpp/index.js';
import { validator201 } from '../../ocpp/v201/index.js';
import { injectFault201 } from './faults.js';
import { advance, makeStation, waitFor, type TestStation } from './testing/helpers.js';
import { TestCsms201 } from './testing/testCsms201.js';

let csms: TestCsms201;
let t: TestStation;
beforeEach(async () => {
  csms = await TestCsms201.start();
});
afterEach(async () => {
  await t?.st.stop();
  await csms.close();
});

const events = () =>
  csms.calls('TransactionEvent') as Array<
    Payload & {
      eventType: string;
      seqNo: number;
      triggerReason: string;
      offline?: boolean;
      transactionInfo: { transactionId: string; chargingState?: string; stoppedReason?: string };
      meterValue?: Array<{ sampledValue: Array<{ measurand?: string; value: number }> }>;
    }
  >;
const energy = (e: ReturnType<typeof events>[number]) => e.meterValue?.[0]?.sampledValue.find((s) => s.measurand === 'Energy.Active.Import.Register')?.value;

async function booted(opts: Parameters<typeof makeStation>[1] = {}): Promise<TestStation> {
  t = makeStation(csms.url, { configuration: { 'SampledDataCtrlr.TxUpdatedInterval': 60, 'AlignedDataCtrlr.Interval': 0 }, ...opts });
  await t.st.powerOn();
  await waitFor(() => t.st.registration === 'Accepted' && csms.calls('StatusNotification').length === 2 && t.st.idle, 'boot and statuses');
  return t;
}

describe('2.0.1 station: boot and heartbeat', () => {
  it('offers ocpp2.0.1, boots with its identity and reason, reports each connector, heartbeats at the boot interval', async () => {
    csms.on('BootNotification', () => ({ status: 'Accepted', currentTime: new Date().toISOString(), interval: 30 }));
    await booted();
    expect(csms.protocols).toEqual(['ocpp2.0.1']);
    expect(csms.calls('BootNotification')[0]).toMatchObject({
      reason: 'PowerUp',
      chargingStation: { vendorName: 'ChargeBench', model: 'Reference-AC22', serialNumber: 'CS-1' },
    });
    expect(csms.calls('StatusNotification').map((s) => [s.evseId, s.connectorId, s.connectorStatus])).toEqual([
      [1, 1, 'Available'],
      [2, 1, 'Available'],
    ]);
    await advance(t, 30_000);
    await waitFor(() => csms.calls('Heartbeat').length === 1, 'heartbeat');
    for (const r of csms.received) expect(validator201.check(r.action, 'req', r.payload), r.action).toBeNull();
  });

  it('pings per OCPPCommCtrlr.WebSocketPingInterval; SetVariables changes the interval while connected, 0 stops them', async () => {
    const pings: number[] = [];
    csms.wss.on('connection', (ws) => ws.on('ping', () => pings.push(t.clock.now())));
    await booted({ configuration: { 'OCPPCommCtrlr.WebSocketPingInterval': 20, 'SampledDataCtrlr.TxUpdatedInterval': 60, 'AlignedDataCtrlr.Interval': 0 } });
    const start = t.clock.now(); // the socket opened at this time (the clock moves only when advanced)
    const at = (s: number): number => start + s * 1000;
    const setPing = (s: number) =>
      csms.call('CS-1', 'SetVariables', {
        setVariableData: [{ component: { name: 'OCPPCommCtrlr' }, variable: { name: 'WebSocketPingInterval' }, attributeValue: String(s) }],
      });
    await advance(t, 20_000);
    await waitFor(() => pings.length === 1, 'the first ping');
    await setPing(5); // takes effect from the ping already scheduled (at 40 s)
    await advance(t, 20_000);
    await waitFor(() => pings.length === 2, 'the ping at 40 s');
    await advance(t, 5_000);
    await waitFor(() => pings.length === 3, 'the ping at 45 s');
    await setPing(0);
    await advance(t, 60_000);
    // A CALL answered after the clock moved: any ping sent at that moment came before the answer on the socket.
    await setPing(0);
    expect(pings).toEqual([at(20), at(40), at(45)]);
  });

  it('Pending and Rejected: boots again after the interval, and says nothing else meanwhile', async () => {
    const answers = ['Rejected', 'Pending', 'Accepted'];
    csms.on('BootNotification', () => ({ status: answers.shift() ?? 'Accepted', currentTime: new Date().toISOString(), interval: 20 }));
    t = makeStation(csms.url);
    await t.st.powerOn();
    await waitFor(() => t.st.registration === 'Rejected', 'rejected');
    // While Rejected it does not answer the CSMS either.
    await expect(csms.call('CS-1', 'GetLocalListVersion', {}, 300)).rejects.toThrow(/no answer/);
    await advance(t, 20_000);
    await waitFor(() => t.st.registration === 'Pending', 'pending');
    expect(csms.calls('StatusNotification')).toHaveLength(0);
    // While Pending the CSMS may configure it.
    expect((await csms.call('CS-1', 'GetLocalListVersion', {}))[2]).toEqual({ versionNumber: 0 });
    await advance(t, 20_000);
    await waitFor(() => t.st.registration === 'Accepted' && csms.calls('StatusNotification').length === 2, 'accepted');
    expect(csms.calls('BootNotification')).toHaveLength(3);
    expect(csms.received.slice(0, 3).map((r) => r.action)).toEqual(['BootNotification', 'BootNotification', 'BootNotification']);
  });
});

describe('2.0.1 station: sessions', () => {
  it('plug → authorize → Started → Updated (periodic, SoC) → Ended, seqNo 0.. per transaction, energy from the EV model', async () => {
    await booted();
    t.st.sessions.plug(1, 1, { soc: 40, maxPowerW: 11_000, capacityWh: 10_000 });
    await waitFor(() => csms.calls('StatusNotification').some((s) => s.connectorStatus === 'Occupied'), 'occupied');
    await t.st.sessions.start(1, 'TAG-1');
    await waitFor(() => events().length === 1, 'started');
    expect(csms.calls('Authorize')[0]).toEqual({ idToken: { idToken: 'TAG-1', type: 'ISO14443' } });
    for (let i = 0; i < 3; i++) await advance(t, 60_000);
    await waitFor(() => events().length === 4 && t.st.idle, 'updates');
    t.st.sessions.stop(1, 'Local', 'StopAuthorized');
    t.st.sessions.unplug(1);
    await waitFor(() => events().length === 5 && csms.calls('StatusNotification').filter((s) => s.evseId === 1).length === 3, 'ended');
    const ev = events();
    expect(ev.map((e) => [e.eventType, e.seqNo, e.triggerReason, e.transactionInfo.chargingState])).toEqual([
      ['Started', 0, 'Authorized', 'Charging'],
      ['Updated', 1, 'MeterValuePeriodic', 'Charging'],
      ['Updated', 2, 'MeterValuePeriodic', 'Charging'],
      ['Updated', 3, 'MeterValuePeriodic', 'Charging'],
      ['Ended', 4, 'StopAuthorized', 'EVConnected'],
    ]);
    expect(new Set(ev.map((e) => e.transactionInfo.transactionId)).size).toBe(1);
    expect(ev[0]).toMatchObject({ evse: { id: 1, connectorId: 1 }, idToken: { idToken: 'TAG-1' } });
    expect(ev[4]!.transactionInfo).toMatchObject({ stoppedReason: 'Local', timeSpentCharging: 180 });
    // 11 kW for 3 minutes = 550 Wh, register monotonic.
    const wh = ev.map(energy).filter((x): x is number => x !== undefined);
    expect(wh[wh.length - 1]! - wh[0]!).toBeCloseTo(550, -1);
    expect([...wh].sort((a, b) => a - b)).toEqual(wh);
    expect(ev[1]!.meterValue![0]!.sampledValue.find((s) => s.measurand === 'SoC')?.value).toBeGreaterThan(40);
    for (const r of csms.received) expect(validator201.check(r.action, 'req', r.payload), r.action).toBeNull();
  });

  it('queues TransactionEvents while offline (offline: true, seqNo kept) and sends them in order after reconnecting', async () => {
    await booted({ configuration: { 'SampledDataCtrlr.TxUpdatedInterval': 60, 'AlignedDataCtrlr.Interval': 0 } });
    t.st.sessions.plug(1, 1, { soc: 20 });
    await t.st.sessions.start(1, 'TAG-2');
    await waitFor(() => events().length === 1 && t.st.idle, 'started');
    t.st.socket.autoReconnect = false;
    csms.drop('CS-1');
    await waitFor(() => !t.st.isOnline, 'offline');
    await advance(t, 60_000);
    await advance(t, 60_000);
    t.st.sessions.stop(1, 'Local', 'StopAuthorized');
    expect(t.st.outbox.queued).toBe(3);
    expect(csms.calls('Authorize')).toHaveLength(1);
    await t.st.connect();
    await waitFor(() => events().length === 4 && t.st.idle, 'flushed');
    const ev = events();
    expect(ev.map((e) => [e.seqNo, e.eventType, e.offline ?? false])).toEqual([
      [0, 'Started', false],
      [1, 'Updated', true],
      [2, 'Updated', true],
      [3, 'Ended', true],
    ]);
    // No second boot after a reconnect; the status that changed offline is reported.
    expect(csms.calls('BootNotification')).toHaveLength(1);
  });

  it('a remote start waits for the plug and starts with the remoteStartId; a remote stop ends it', async () => {
    await booted();
    const reply = await csms.call('CS-1', 'RequestStartTransaction', { idToken: { idToken: 'APP', type: 'Central' }, remoteStartId: 42, evseId: 2 });
    expect(reply[2]).toEqual({ status: 'Accepted' });
    t.st.sessions.plug(2, 1);
    await waitFor(() => events().length === 1, 'started');
    expect(events()[0]).toMatchObject({ triggerReason: 'RemoteStart', transactionInfo: { remoteStartId: 42 }, evse: { id: 2 } });
    const txId = events()[0]!.transactionInfo.transactionId;
    expect(
      (await csms.call('CS-1', 'RequestStartTransaction', { idToken: { idToken: 'APP', type: 'Central' }, remoteStartId: 43, evseId: 2 }))[2],
    ).toMatchObject({ status: 'Rejected', transactionId: txId });
    expect((await csms.call('CS-1', 'RequestStopTransaction', { transactionId: txId }))[2]).toEqual({ status: 'Accepted' });
    await waitFor(() => events().length === 2, 'ended');
    expect(events()[1]).toMatchObject({ eventType: 'Ended', triggerReason: 'RemoteStop', transactionInfo: { stoppedReason: 'Remote' } });
    expect((await csms.call('CS-1', 'RequestStopTransaction', { transactionId: txId }))[2]).toMatchObject({ status: 'Rejected' });
  });
});

describe('2.0.1 station: faults and power', () => {
  it('a connector fault: the transaction ends (AbnormalCondition), Faulted, NotifyEvent Problem; clearing it: Available again', async () => {
    await booted();
    t.st.sessions.plug(1);
    await t.st.sessions.start(1, 'TAG-3');
    await injectFault201(t.st, { kind: 'faulted', connectorId: 1, errorCode: 'GroundFailure' });
    await waitFor(() => events().length === 2 && csms.calls('NotifyEvent').length === 1, 'fault reported');
    expect(events()[1]).toMatchObject({ eventType: 'Ended', triggerReason: 'AbnormalCondition', transactionInfo: { stoppedReason: 'Other' } });
    expect(csms.calls('StatusNotification').at(-1)).toMatchObject({ evseId: 1, connectorStatus: 'Faulted' });
    expect(csms.calls('NotifyEvent')[0]).toMatchObject({
      eventData: [
        { actualValue: 'true', techCode: 'GroundFailure', component: { name: 'Connector', evse: { id: 1, connectorId: 1 } }, variable: { name: 'Problem' } },
      ],
    });
    expect(() => t.st.sessions.plug(2)).not.toThrow();
    await injectFault201(t.st, { kind: 'clearFault', connectorId: 1 });
    await waitFor(() => csms.calls('StatusNotification').at(-1)?.connectorStatus === 'Occupied' || csms.calls('NotifyEvent').length === 2, 'cleared');
    await waitFor(() => csms.calls('StatusNotification').some((s) => s.evseId === 1 && s.connectorStatus === 'Occupied'), 'evse 1 back (EV still plugged)');
  });

  it('a power cut ends the transaction with PowerLoss at the time of the cut, after the next boot', async () => {
    await booted();
    t.st.sessions.plug(1, 1, { soc: 30 });
    await t.st.sessions.start(1, 'TAG-4');
    await advance(t, 60_000);
    await waitFor(() => events().length === 2 && t.st.idle, 'updated');
    const cutAt = t.clock.now();
    t.st.powerCut();
    await waitFor(() => !csms.connected('CS-1'), 'gone');
    await advance(t, 120_000);
    await t.st.powerOn();
    await waitFor(() => events().length === 3 && csms.calls('BootNotification').length === 2, 'ended after boot');
    expect(events()[2]).toMatchObject({
      eventType: 'Ended',
      seqNo: 2,
      triggerReason: 'AbnormalCondition',
      offline: true,
      timestamp: new Date(cutAt).toISOString(),
      transactionInfo: { stoppedReason: 'PowerLoss', timeSpentCharging: 60 },
    });
  });

  it('answers late with the answerLate fault, and not at all when unresponsive', async () => {
    await booted();
    await injectFault201(t.st, { kind: 'answerLate', delayMs: 5_000 });
    const late = csms.call('CS-1', 'GetLocalListVersion', {});
    await new Promise((r) => setTimeout(r, 100));
    t.clock.advance(5_000);
    expect((await late)[2]).toEqual({ versionNumber: 0 });
    await injectFault201(t.st, { kind: 'unresponsive' });
    await expect(csms.call('CS-1', 'ClearCache', {}, 300)).rejects.toThrow(/no answer/);
    await injectFault201(t.st, { kind: 'clear' });
    await injectFault201(t.st, { kind: 'callError', count: 1 });
    expect((await csms.call('CS-1', 'ClearCache', {}))[2]).toBe('InternalError');
    expect((await csms.call('CS-1', 'ClearCache', {}))[2]).toEqual({ status: 'Accepted' });
  });
});
