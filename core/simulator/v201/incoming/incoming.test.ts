/** The 2.0.1 station's answers to the CSMS's CALLs, good input and bad, each checked against the OCA schemas. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Frame, Payload } from '../../../ocpp/index.js';
import { validator201 } from '../../../ocpp/v201/index.js';
import { advance, makeStation, waitFor, type TestStation } from '../testing/helpers.js';
import { TestCsms201 } from '../testing/testCsms201.js';

let csms: TestCsms201;
let t: TestStation;
beforeEach(async () => {
  csms = await TestCsms201.start();
  t = makeStation(csms.url, {
    configuration: { 'AlignedDataCtrlr.Interval': 0, 'DeviceDataCtrlr.ItemsPerMessage[GetReport]': 25, 'DeviceDataCtrlr.ItemsPerMessage[GetVariables]': 3 },
  });
  await t.st.powerOn();
  await waitFor(() => t.st.registration === 'Accepted' && t.st.idle && csms.calls('StatusNotification').length === 2, 'booted');
});
afterEach(async () => {
  await t.st.stop();
  await csms.close();
});

/** Sends a CALL; the result payload (validated against its .conf schema) or the CALLERROR code. */
async function ask(action: string, payload: unknown): Promise<Payload | string> {
  const f: Frame = await csms.call('CS-1', action, payload);
  if (f[0] === 4) return f[2];
  expect(validator201.check(action, 'conf', f[2]), `${action} answer`).toBeNull();
  return f[2] as Payload;
}
const statuses = (evseId: number) =>
  csms
    .calls('StatusNotification')
    .filter((s) => s.evseId === evseId)
    .map((s) => s.connectorStatus);

describe('2.0.1 station answers: the RPC framework', () => {
  it('NotImplemented for an unknown action, NotSupported for one it does not do or a station sends, the schema code for a bad payload', async () => {
    expect(await ask('FlyToTheMoon', {})).toBe('NotImplemented');
    expect(await ask('GetDisplayMessages', { requestId: 1 })).toBe('NotSupported');
    expect(await ask('Heartbeat', {})).toBe('NotSupported');
    expect(await ask('Reset', {})).toBe('OccurrenceConstraintViolation');
    expect(await ask('Reset', { type: 'Sometime' })).toBe('PropertyConstraintViolation');
    expect(await ask('UnlockConnector', { evseId: '1', connectorId: 1 })).toBe('TypeConstraintViolation');
    expect(await ask('ClearCache', { please: true })).toBe('FormatViolation');
    const four = Array.from({ length: 4 }, () => ({ component: { name: 'OCPPCommCtrlr' }, variable: { name: 'HeartbeatInterval' } }));
    expect(await ask('GetVariables', { getVariableData: four })).toBe('OccurrenceConstraintViolation');
  });
});

describe('2.0.1 station answers: provisioning', () => {
  it('GetBaseReport → NotifyReport chunks of ItemsPerMessage, seqNo 0.., tbc on all but the last', async () => {
    expect(await ask('GetBaseReport', { requestId: 7, reportBase: 'FullInventory' })).toEqual({ status: 'Accepted' });
    const total = t.st.dm.baseReport('FullInventory').length;
    const chunks = Math.ceil(total / 25);
    await waitFor(() => csms.calls('NotifyReport').length === chunks, 'report');
    const reports = csms.calls('NotifyReport') as Array<Payload & { seqNo: number; tbc?: boolean; requestId: number; reportData: unknown[] }>;
    expect(reports.map((r) => r.seqNo)).toEqual([...Array(chunks).keys()]);
    expect(reports.map((r) => r.tbc ?? false)).toEqual([...Array(chunks - 1).fill(true), false]);
    expect(reports.reduce((n, r) => n + r.reportData.length, 0)).toBe(total);
    expect(new Set(reports.map((r) => r.requestId))).toEqual(new Set([7]));
    expect(await ask('GetReport', { requestId: 8, componentVariable: [{ component: { name: 'Nope' } }] })).toEqual({ status: 'EmptyResultSet' });
  });

  it('SetVariables changes the heartbeat at once; GetVariables reads it back', async () => {
    const r = await ask('SetVariables', {
      setVariableData: [
        { component: { name: 'OCPPCommCtrlr' }, variable: { name: 'HeartbeatInterval' }, attributeValue: '10' },
        { component: { name: 'Foo' }, variable: { name: 'Bar' }, attributeValue: '1' },
      ],
    });
    expect((r as { setVariableResult: Array<{ attributeStatus: string }> }).setVariableResult.map((x) => x.attributeStatus)).toEqual([
      'Accepted',
      'UnknownComponent',
    ]);
    await advance(t, 10_000);
    await waitFor(() => csms.calls('Heartbeat').length === 1, 'heartbeat after 10 s');
    const g = await ask('GetVariables', { getVariableData: [{ component: { name: 'OCPPCommCtrlr' }, variable: { name: 'HeartbeatInterval' } }] });
    expect(g).toMatchObject({ getVariableResult: [{ attributeStatus: 'Accepted', attributeValue: '10' }] });
  });

  it('Reset Immediate ends the transaction (ResetCommand) and boots again with reason RemoteReset; TriggerMessage BootNotification is refused once accepted', async () => {
    expect(await ask('TriggerMessage', { requestedMessage: 'BootNotification' })).toMatchObject({ status: 'Rejected' });
    expect(await ask('TriggerMessage', { requestedMessage: 'SignV2GCertificate' })).toEqual({ status: 'NotImplemented' });
    t.st.sessions.plug(1);
    await t.st.sessions.start(1, 'TAG');
    expect(await ask('Reset', { type: 'OnIdle' })).toEqual({ status: 'Scheduled' });
    expect(await ask('Reset', { type: 'Immediate' })).toEqual({ status: 'Accepted' });
    await waitFor(() => csms.calls('TransactionEvent').some((e) => e.eventType === 'Ended'), 'ended');
    expect(csms.calls('TransactionEvent').at(-1)).toMatchObject({ triggerReason: 'ResetCommand', transactionInfo: { stoppedReason: 'ImmediateReset' } });
    await waitFor(() => !csms.connected('CS-1'), 'closed');
    await advance(t, 2_000);
    await waitFor(() => csms.calls('BootNotification').length === 2, 'rebooted');
    expect(csms.calls('BootNotification')[1]).toMatchObject({ reason: 'RemoteReset' });
  });
});

describe('2.0.1 station answers: availability, reservation, unlock', () => {
  it('ChangeAvailability: Unavailable now, or Scheduled until the transaction ends', async () => {
    expect(await ask('ChangeAvailability', { operationalStatus: 'Inoperative', evse: { id: 2 } })).toEqual({ status: 'Accepted' });
    await waitFor(() => statuses(2).at(-1) === 'Unavailable', 'evse 2 unavailable');
    expect(await ask('ChangeAvailability', { operationalStatus: 'Inoperative', evse: { id: 9 } })).toMatchObject({ status: 'Rejected' });
    t.st.sessions.plug(1);
    await t.st.sessions.start(1, 'TAG');
    expect(await ask('ChangeAvailability', { operationalStatus: 'Inoperative', evse: { id: 1 } })).toEqual({ status: 'Scheduled' });
    t.st.sessions.stop(1);
    t.st.sessions.unplug(1);
    await waitFor(() => statuses(1).at(-1) === 'Unavailable', 'evse 1 unavailable after the session');
    expect(await ask('ChangeAvailability', { operationalStatus: 'Operative' })).toEqual({ status: 'Accepted' });
    await waitFor(() => statuses(1).at(-1) === 'Available' && statuses(2).at(-1) === 'Available', 'all back');
  });

  it('ReserveNow: Reserved, Expired with ReservationStatusUpdate; Occupied, Rejected for an unknown cancel', async () => {
    const expiry = new Date(t.clock.now() + 60_000).toISOString();
    expect(await ask('ReserveNow', { id: 5, expiryDateTime: expiry, idToken: { idToken: 'R', type: 'ISO14443' }, evseId: 1 })).toEqual({ status: 'Accepted' });
    await waitFor(() => statuses(1).at(-1) === 'Reserved', 'reserved');
    expect(await ask('ReserveNow', { id: 6, expiryDateTime: expiry, idToken: { idToken: 'S', type: 'ISO14443' }, evseId: 1 })).toEqual({ status: 'Occupied' });
    expect(await ask('CancelReservation', { reservationId: 99 })).toMatchObject({ status: 'Rejected' });
    await advance(t, 60_000);
    await waitFor(() => csms.calls('ReservationStatusUpdate').length === 1 && statuses(1).at(-1) === 'Available', 'expired');
    expect(csms.calls('ReservationStatusUpdate')[0]).toEqual({ reservationId: 5, reservationUpdateStatus: 'Expired' });
    // Used by its id token: the reservation id goes into Started.
    expect(
      await ask('ReserveNow', {
        id: 7,
        expiryDateTime: new Date(t.clock.now() + 60_000).toISOString(),
        idToken: { idToken: 'R', type: 'ISO14443' },
        evseId: 2,
      }),
    ).toEqual({ status: 'Accepted' });
    t.st.sessions.plug(2);
    await t.st.sessions.start(2, { idToken: 'R', type: 'ISO14443' });
    await waitFor(() => csms.calls('TransactionEvent').length === 1, 'started');
    expect(csms.calls('TransactionEvent')[0]).toMatchObject({ reservationId: 7 });
  });

  it('UnlockConnector: UnknownConnector, OngoingAuthorizedTransaction, Unlocked', async () => {
    expect(await ask('UnlockConnector', { evseId: 1, connectorId: 2 })).toEqual({ status: 'UnknownConnector' });
    t.st.sessions.plug(1);
    await t.st.sessions.start(1, 'TAG');
    expect(await ask('UnlockConnector', { evseId: 1, connectorId: 1 })).toEqual({ status: 'OngoingAuthorizedTransaction' });
    expect(await ask('UnlockConnector', { evseId: 2, connectorId: 1 })).toEqual({ status: 'Unlocked' });
  });
});

describe('2.0.1 station answers: smart charging', () => {
  const profile = (id: number, purpose: string, limit: number, extra: object = {}) => ({
    id,
    stackLevel: 0,
    chargingProfilePurpose: purpose,
    chargingProfileKind: 'Relative',
    chargingSchedule: [{ id: 1, chargingRateUnit: 'W', chargingSchedulePeriod: [{ startPeriod: 0, limit }] }],
    ...extra,
  });

  it('checks where a profile may go, limits the power (SuspendedEVSE at 0 W), reports and clears', async () => {
    expect(await ask('SetChargingProfile', { evseId: 1, chargingProfile: profile(1, 'TxProfile', 5000) })).toMatchObject({
      status: 'Rejected',
      statusInfo: { reasonCode: 'TxNotFound' },
    });
    expect(
      await ask('SetChargingProfile', { evseId: 1, chargingProfile: { ...profile(2, 'ChargingStationMaxProfile', 5000), chargingProfileKind: 'Absolute' } }),
    ).toMatchObject({ status: 'Rejected' });
    t.st.sessions.plug(1, 1, { maxPowerW: 11_000 });
    await t.st.sessions.start(1, 'TAG');
    expect(await ask('SetChargingProfile', { evseId: 1, chargingProfile: profile(3, 'TxDefaultProfile', 0) })).toEqual({ status: 'Accepted' });
    await waitFor(() => csms.calls('TransactionEvent').some((e) => e.triggerReason === 'ChargingRateChanged'), 'limited');
    expect(csms.calls('TransactionEvent').at(-1)).toMatchObject({ eventType: 'Updated', transactionInfo: { chargingState: 'SuspendedEVSE' } });
    expect(await ask('GetCompositeSchedule', { evseId: 1, duration: 300, chargingRateUnit: 'W' })).toMatchObject({
      status: 'Accepted',
      schedule: { evseId: 1, duration: 300, chargingRateUnit: 'W', chargingSchedulePeriod: [{ startPeriod: 0, limit: 0 }] },
    });
    expect(await ask('GetChargingProfiles', { requestId: 4, chargingProfile: { chargingProfilePurpose: 'TxDefaultProfile' } })).toEqual({ status: 'Accepted' });
    await waitFor(() => csms.calls('ReportChargingProfiles').length === 1, 'report');
    expect(csms.calls('ReportChargingProfiles')[0]).toMatchObject({ requestId: 4, evseId: 1, chargingLimitSource: 'CSO', chargingProfile: [{ id: 3 }] });
    expect(await ask('GetChargingProfiles', { requestId: 5, chargingProfile: { chargingProfilePurpose: 'TxProfile' } })).toEqual({ status: 'NoProfiles' });
    expect(await ask('ClearChargingProfile', { chargingProfileId: 3 })).toEqual({ status: 'Accepted' });
    expect(await ask('ClearChargingProfile', { chargingProfileId: 3 })).toEqual({ status: 'Unknown' });
    await waitFor(
      () =>
        csms.calls('TransactionEvent').at(-1)?.transactionInfo &&
        (csms.calls('TransactionEvent').at(-1) as { transactionInfo: { chargingState: string } }).transactionInfo.chargingState === 'Charging',
      'charging again',
    );
  });
});

describe('2.0.1 station answers: authorization, firmware, logs, data transfer', () => {
  it('SendLocalList / GetLocalListVersion / ClearCache; the list authorizes offline', async () => {
    expect(
      await ask('SendLocalList', {
        versionNumber: 3,
        updateType: 'Full',
        localAuthorizationList: [{ idToken: { idToken: 'LOCAL', type: 'ISO14443' }, idTokenInfo: { status: 'Accepted' } }],
      }),
    ).toEqual({ status: 'Accepted' });
    expect(await ask('GetLocalListVersion', {})).toEqual({ versionNumber: 3 });
    expect(await ask('SendLocalList', { versionNumber: 2, updateType: 'Differential' })).toEqual({ status: 'VersionMismatch' });
    expect(await ask('ClearCache', {})).toEqual({ status: 'Accepted' });
    t.st.socket.autoReconnect = false;
    csms.drop('CS-1');
    await waitFor(() => !t.st.isOnline, 'offline');
    expect(await t.st.sessions.authorize({ idToken: 'LOCAL', type: 'ISO14443' })).toEqual({ status: 'Accepted' });
    expect(await t.st.sessions.authorize({ idToken: 'OTHER', type: 'ISO14443' })).toEqual({ status: 'Unknown' });
  });

  it('UpdateFirmware: the status sequence, a reboot (FirmwareUpdate) and Installed; a bad location: DownloadFailed', async () => {
    expect(
      await ask('UpdateFirmware', {
        requestId: 9,
        firmware: { location: 'https://fw.example/cb-2.1.0.bin', retrieveDateTime: new Date(t.clock.now()).toISOString() },
      }),
    ).toEqual({ status: 'Accepted' });
    for (let i = 0; i < 5; i++) await advance(t, 2_000);
    await waitFor(() => !csms.connected('CS-1'), 'rebooting');
    await advance(t, 2_000);
    await waitFor(() => csms.calls('FirmwareStatusNotification').length === 5, 'installed');
    expect(csms.calls('FirmwareStatusNotification').map((f) => [f.status, f.requestId])).toEqual([
      ['Downloading', 9],
      ['Downloaded', 9],
      ['Installing', 9],
      ['InstallRebooting', 9],
      ['Installed', 9],
    ]);
    expect(csms.calls('BootNotification')[1]).toMatchObject({ reason: 'FirmwareUpdate', chargingStation: { firmwareVersion: 'cb-2.1.0' } });
    expect(
      await ask('UpdateFirmware', { requestId: 10, firmware: { location: 'not a url', retrieveDateTime: new Date(t.clock.now()).toISOString() } }),
    ).toEqual({ status: 'Accepted' });
    await advance(t, 2_000);
    await advance(t, 2_000);
    await waitFor(() => csms.calls('FirmwareStatusNotification').at(-1)?.status === 'DownloadFailed', 'failed');
  });

  it('GetLog: a file name, then Uploading → Uploaded (UploadFailure for a bad location); DataTransfer', async () => {
    expect(await ask('GetLog', { requestId: 3, logType: 'DiagnosticsLog', log: { remoteLocation: 'https://logs.example/up' } })).toEqual({
      status: 'Accepted',
      filename: 'CS-1-diagnostics-3.log',
    });
    await advance(t, 2_000);
    await advance(t, 2_000);
    await waitFor(() => csms.calls('LogStatusNotification').length === 2, 'uploaded');
    expect(csms.calls('LogStatusNotification')).toEqual([
      { status: 'Uploading', requestId: 3 },
      { status: 'Uploaded', requestId: 3 },
    ]);
    await ask('GetLog', { requestId: 4, logType: 'SecurityLog', log: { remoteLocation: 'nowhere' } });
    await advance(t, 2_000);
    await advance(t, 2_000);
    await waitFor(() => csms.calls('LogStatusNotification').at(-1)?.status === 'UploadFailure', 'upload failed');
    expect(await ask('DataTransfer', { vendorId: 'ChargeBench', messageId: 'Echo', data: { a: 1 } })).toEqual({ status: 'Accepted', data: { a: 1 } });
    expect(await ask('DataTransfer', { vendorId: 'Other' })).toEqual({ status: 'UnknownVendorId' });
  });
});

describe('2.0.1 station: frames it cannot read', () => {
  it('answers an unreadable CALL with 2.0.1 framing codes and takes the CSMS CALLERRORs spelled the 2.0.1 way', async () => {
    const reply = new Promise<unknown>((resolve) =>
      t.st.bus.subscribe((e) => e.kind === 'frame' && e.dir === 'out' && e.text.startsWith('[4') && resolve(JSON.parse(e.text)), { kinds: ['frame'] }),
    );
    csms.wss.clients.forEach((ws) => ws.send('[2,"bad-1","Reset"]'));
    expect(((await reply) as unknown[]).slice(0, 3)).toEqual([4, 'bad-1', 'RpcFrameworkError']);
    csms.on('DataTransfer', () => ({ error: 'FormatViolation' }));
    await expect(t.st.call('DataTransfer', { vendorId: 'X' })).rejects.toThrow(/CALLERROR FormatViolation/);
  });
});
