import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CENTRAL_SYSTEM_ACTIONS, checkPayload, type Frame, type Payload } from '../../ocpp/index.js';
import { TestCentralSystem } from '../testing/testCentralSystem.js';
import { advance, makeCharger, waitFor, type TestCharger } from '../testing/helpers.js';

let cs: TestCentralSystem;
let t: TestCharger;

beforeEach(async () => {
  cs = await TestCentralSystem.start();
  t = makeCharger(cs.url, 'reference', { configuration: { ClockAlignedDataInterval: 0 } });
  await t.cp.powerOn();
  await waitFor(() => t.cp.registration === 'Accepted' && cs.calls('CP-1', 'StatusNotification').length === 3, 'registered');
});
afterEach(async () => {
  await t.cp.stop();
  await cs.close();
});

/** Sends a CALL, checks the answer is a schema-valid CALLRESULT and returns its payload. */
async function ask(action: string, payload: Payload): Promise<Payload> {
  const f: Frame = await cs.call('CP-1', action, payload);
  expect(f[0], `${action} answered with ${JSON.stringify(f)}`).toBe(3);
  const conf = f[2] as Payload;
  expect(checkPayload(action, 'conf', conf), `${action}.conf ${JSON.stringify(conf)}`).toBeNull();
  return conf;
}

async function charging(connectorId = 1): Promise<number> {
  t.cp.plug(connectorId, { soc: 30, maxPowerW: 11_000, capacityWh: 60_000, targetSoc: 100 });
  await t.cp.start(connectorId, 'TAG-1');
  return waitFor(() => t.cp.connector(connectorId).tx?.id, 'transaction id');
}

const inFuture = (s: number): string => new Date(t.clock.now() + s * 1000).toISOString();

describe('answers to the 19 CS→CP actions', () => {
  it('answers every action with a schema-valid CALLRESULT', async () => {
    const txId = await charging(1);
    const requests: Record<string, Payload> = {
      CancelReservation: { reservationId: 99 },
      ChangeAvailability: { connectorId: 2, type: 'Inoperative' },
      ChangeConfiguration: { key: 'HeartbeatInterval', value: '120' },
      ClearCache: {},
      ClearChargingProfile: {},
      DataTransfer: { vendorId: 'ChargeBench', messageId: 'Echo', data: 'hi' },
      GetCompositeSchedule: { connectorId: 1, duration: 3600 },
      GetConfiguration: {},
      GetDiagnostics: { location: 'ftp://diag.example.com/up' },
      GetLocalListVersion: {},
      RemoteStartTransaction: { idTag: 'TAG-2', connectorId: 2 },
      RemoteStopTransaction: { transactionId: 12345 },
      ReserveNow: { connectorId: 2, expiryDate: inFuture(600), idTag: 'TAG-3', reservationId: 7 },
      SendLocalList: { listVersion: 1, updateType: 'Full', localAuthorizationList: [{ idTag: 'TAG-9', idTagInfo: { status: 'Accepted' } }] },
      SetChargingProfile: {
        connectorId: 1,
        csChargingProfiles: {
          chargingProfileId: 1,
          stackLevel: 1,
          chargingProfilePurpose: 'TxProfile',
          chargingProfileKind: 'Relative',
          transactionId: txId,
          chargingSchedule: { chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 0, limit: 8.1 }] },
        },
      },
      TriggerMessage: { requestedMessage: 'Heartbeat' },
      UnlockConnector: { connectorId: 2 },
      UpdateFirmware: { location: 'https://fw.example.com/v2.bin', retrieveDate: inFuture(3600) },
      Reset: { type: 'Soft' },
    };
    expect(Object.keys(requests).sort()).toEqual([...CENTRAL_SYSTEM_ACTIONS].sort());
    // Reset last: the charger reboots after answering it.
    for (const action of CENTRAL_SYSTEM_ACTIONS.filter((a) => a !== 'Reset')) await ask(action, requests[action] as Payload);
    await ask('Reset', requests.Reset as Payload);
  });

  it('rejects malformed and unknown CALLs with the spec error codes', async () => {
    const bad = await cs.call('CP-1', 'ChangeAvailability', { connectorId: 1 });
    expect(bad[0]).toBe(4);
    expect(bad[2]).toBe('OccurenceConstraintViolation');
    const unknown = await cs.call('CP-1', 'MakeCoffee', {});
    expect(unknown.slice(0, 3)).toEqual([4, unknown[1], 'NotImplemented']);
    const wrongWay = await cs.call('CP-1', 'Heartbeat', {});
    expect(wrongWay[2]).toBe('NotSupported');
    cs.sendRaw('CP-1', '[2,"x1","Reset",');
    // the truncated CALL's id is readable: the CALLERROR goes to it (issue 16), not to "-1"
    await waitFor(() => cs.records.some((r) => r.dir === 'in' && r.text.startsWith('[4,"x1","FormationViolation"')), 'CALLERROR for bad JSON');
  });

  it('Remote start and stop run a full transaction', async () => {
    t.cp.plug(2);
    expect(await ask('RemoteStartTransaction', { idTag: 'R-1', connectorId: 2 })).toEqual({ status: 'Accepted' });
    const txId = await waitFor(() => t.cp.connector(2).tx?.id, 'remote tx');
    expect(cs.calls('CP-1', 'Authorize').at(-1)?.payload).toEqual({ idTag: 'R-1' });
    expect(await ask('RemoteStopTransaction', { transactionId: txId })).toEqual({ status: 'Accepted' });
    await waitFor(() => cs.calls('CP-1', 'StopTransaction').length === 1, 'stop');
    expect(cs.calls('CP-1', 'StopTransaction')[0]?.payload.reason).toBe('Remote');
    expect(await ask('RemoteStopTransaction', { transactionId: txId })).toEqual({ status: 'Rejected' });
    expect(await ask('RemoteStartTransaction', { idTag: 'R-1', connectorId: 0 })).toEqual({ status: 'Rejected' });
  });

  it('Get/ChangeConfiguration: standard keys, read-only rejected, unknown reported, bad values rejected', async () => {
    const all = (await ask('GetConfiguration', {})) as { configurationKey: { key: string; readonly: boolean }[] };
    const keys = all.configurationKey.map((k) => k.key);
    for (const k of [
      'HeartbeatInterval',
      'MeterValueSampleInterval',
      'MeterValuesSampledData',
      'NumberOfConnectors',
      'SupportedFeatureProfiles',
      'TransactionMessageAttempts',
      'AuthorizeRemoteTxRequests',
    ])
      expect(keys).toContain(k);
    expect(all.configurationKey.find((k) => k.key === 'NumberOfConnectors')?.readonly).toBe(true);
    expect(await ask('GetConfiguration', { key: ['HeartbeatInterval', 'NoSuchKey'] })).toEqual({
      configurationKey: [{ key: 'HeartbeatInterval', readonly: false, value: '300' }],
      unknownKey: ['NoSuchKey'],
    });
    expect(await ask('ChangeConfiguration', { key: 'NumberOfConnectors', value: '4' })).toEqual({ status: 'Rejected' });
    expect(await ask('ChangeConfiguration', { key: 'NoSuchKey', value: '1' })).toEqual({ status: 'NotSupported' });
    expect(await ask('ChangeConfiguration', { key: 'HeartbeatInterval', value: 'soon' })).toEqual({ status: 'Rejected' });
    expect(await ask('ChangeConfiguration', { key: 'MeterValuesSampledData', value: 'RPM' })).toEqual({ status: 'Rejected' });
    expect(await ask('ChangeConfiguration', { key: 'HeartbeatInterval', value: '10' })).toEqual({ status: 'Accepted' });
    const before = cs.calls('CP-1', 'Heartbeat').length;
    await advance(t, 10_000);
    await waitFor(() => cs.calls('CP-1', 'Heartbeat').length === before + 1, 'heartbeat at the new interval');
  });

  it('ChangeAvailability is Scheduled while a transaction runs and applied when it ends', async () => {
    await charging(1);
    expect(await ask('ChangeAvailability', { connectorId: 1, type: 'Inoperative' })).toEqual({ status: 'Scheduled' });
    expect(t.cp.connector(1).status).toBe('Charging');
    t.cp.stopTransaction(1);
    t.cp.unplug(1);
    await waitFor(() => t.cp.connector(1).status === 'Unavailable', 'unavailable after the session');
    expect(await ask('ChangeAvailability', { connectorId: 0, type: 'Operative' })).toEqual({ status: 'Accepted' });
    expect(t.cp.connector(1).status).toBe('Available');
    expect(await ask('ChangeAvailability', { connectorId: 9, type: 'Operative' })).toEqual({ status: 'Rejected' });
  });

  it('ReserveNow / CancelReservation drive Reserved and the reservation id into StartTransaction', async () => {
    expect(await ask('ReserveNow', { connectorId: 1, expiryDate: inFuture(600), idTag: 'RES', reservationId: 5 })).toEqual({ status: 'Accepted' });
    expect(t.cp.connector(1).status).toBe('Reserved');
    expect(await ask('ReserveNow', { connectorId: 1, expiryDate: inFuture(600), idTag: 'OTHER', reservationId: 6 })).toEqual({ status: 'Occupied' });
    expect(await ask('CancelReservation', { reservationId: 5 })).toEqual({ status: 'Accepted' });
    expect(t.cp.connector(1).status).toBe('Available');
    expect(await ask('CancelReservation', { reservationId: 5 })).toEqual({ status: 'Rejected' });
    await ask('ReserveNow', { connectorId: 2, expiryDate: inFuture(600), idTag: 'RES', reservationId: 8 });
    t.cp.plug(2);
    await t.cp.start(2, 'RES');
    await waitFor(() => cs.calls('CP-1', 'StartTransaction').length === 1, 'start');
    expect(cs.calls('CP-1', 'StartTransaction')[0]?.payload.reservationId).toBe(8);
    // expiry
    await ask('ReserveNow', { connectorId: 1, expiryDate: inFuture(60), idTag: 'RES', reservationId: 9 });
    await advance(t, 61_000);
    expect(t.cp.connector(1).status).toBe('Available');
    t.cp.fault(1, 'GroundFailure');
    expect(await ask('ReserveNow', { connectorId: 1, expiryDate: inFuture(60), idTag: 'RES', reservationId: 10 })).toEqual({ status: 'Faulted' });
  });

  it('SetChargingProfile limits the power, GetCompositeSchedule reports it, ClearChargingProfile lifts it', async () => {
    const txId = await charging(1);
    await advance(t, 60_000);
    await waitFor(() => cs.calls('CP-1', 'MeterValues').length === 1, 'first sample');
    const power = (): number =>
      Number(
        (cs.calls('CP-1', 'MeterValues').at(-1)?.payload.meterValue as { sampledValue: { measurand: string; value: string }[] }[])[0]?.sampledValue.find(
          (s) => s.measurand === 'Power.Active.Import',
        )?.value,
      );
    expect(power()).toBe(11000);
    expect(
      await ask('SetChargingProfile', {
        connectorId: 1,
        csChargingProfiles: {
          chargingProfileId: 3,
          stackLevel: 0,
          chargingProfilePurpose: 'TxProfile',
          chargingProfileKind: 'Relative',
          chargingSchedule: { chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 0, limit: 6 }] },
        },
      }),
    ).toEqual({ status: 'Accepted' });
    await advance(t, 60_000);
    await waitFor(() => cs.calls('CP-1', 'MeterValues').length === 2, 'second sample');
    expect(power()).toBe(6 * 230 * 3);
    const comp = (await ask('GetCompositeSchedule', { connectorId: 1, duration: 600, chargingRateUnit: 'A' })) as {
      chargingSchedule: { chargingSchedulePeriod: { limit: number }[] };
    };
    expect(comp.chargingSchedule.chargingSchedulePeriod[0]?.limit).toBe(6);
    // limit 0 → SuspendedEVSE
    await ask('SetChargingProfile', {
      connectorId: 0,
      csChargingProfiles: {
        chargingProfileId: 4,
        stackLevel: 0,
        chargingProfilePurpose: 'ChargePointMaxProfile',
        chargingProfileKind: 'Absolute',
        chargingSchedule: {
          startSchedule: new Date(t.clock.now() - 1000).toISOString(),
          chargingRateUnit: 'W',
          chargingSchedulePeriod: [{ startPeriod: 0, limit: 0 }],
        },
      },
    });
    await waitFor(() => t.cp.connector(1).status === 'SuspendedEVSE', 'suspended by the EVSE');
    expect(
      await ask('SetChargingProfile', {
        connectorId: 2,
        csChargingProfiles: {
          chargingProfileId: 5,
          stackLevel: 0,
          chargingProfilePurpose: 'TxProfile',
          chargingProfileKind: 'Relative',
          chargingSchedule: { chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 0, limit: 6 }] },
        },
      }),
    ).toEqual({ status: 'Rejected' });
    expect(await ask('ClearChargingProfile', { chargingProfilePurpose: 'ChargePointMaxProfile' })).toEqual({ status: 'Accepted' });
    await waitFor(() => t.cp.connector(1).status === 'Charging', 'charging again');
    expect(await ask('ClearChargingProfile', { id: 3 })).toEqual({ status: 'Accepted' });
    expect(await ask('ClearChargingProfile', { id: 3 })).toEqual({ status: 'Unknown' });
    void txId;
  });

  it('GetDiagnostics and UpdateFirmware send their notification sequences; the new firmware boots', async () => {
    const diag = await ask('GetDiagnostics', { location: 'ftp://diag.example.com/up' });
    expect(String(diag.fileName)).toMatch(/^CP-1-diagnostics-/);
    await waitFor(() => cs.calls('CP-1', 'DiagnosticsStatusNotification').length === 1, 'uploading');
    await advance(t, 3_000);
    await waitFor(() => cs.calls('CP-1', 'DiagnosticsStatusNotification').length === 2, 'uploaded');
    expect(cs.calls('CP-1', 'DiagnosticsStatusNotification').map((c) => c.payload.status)).toEqual(['Uploading', 'Uploaded']);

    await ask('UpdateFirmware', { location: 'https://fw.example.com/fw/2.0.0.bin', retrieveDate: new Date(t.clock.now()).toISOString() });
    const fw = (): unknown[] => cs.calls('CP-1', 'FirmwareStatusNotification').map((c) => c.payload.status);
    await waitFor(() => fw().length === 1, 'downloading');
    await advance(t, 3_000);
    await waitFor(() => fw().length === 3, 'downloaded, installing');
    await advance(t, 2_000);
    await waitFor(() => t.cp.connection === 'disconnected', 'reboot');
    await advance(t, 2_000);
    await waitFor(() => fw().length === 4, 'installed after reboot', 5_000);
    expect(fw()).toEqual(['Downloading', 'Downloaded', 'Installing', 'Installed']);
    expect(cs.calls('CP-1', 'BootNotification').at(-1)?.payload.firmwareVersion).toBe('2.0.0');
  });

  it('TriggerMessage sends the requested message', async () => {
    for (const requestedMessage of [
      'BootNotification',
      'Heartbeat',
      'StatusNotification',
      'MeterValues',
      'DiagnosticsStatusNotification',
      'FirmwareStatusNotification',
    ]) {
      const before = cs.calls('CP-1', requestedMessage).length;
      expect(await ask('TriggerMessage', { requestedMessage, connectorId: 1 })).toEqual({ status: 'Accepted' });
      await waitFor(() => cs.calls('CP-1', requestedMessage).length > before, `triggered ${requestedMessage}`);
    }
    const mv = cs.calls('CP-1', 'MeterValues').at(-1)?.payload.meterValue as { sampledValue: { context: string }[] }[];
    expect(mv[0]?.sampledValue[0]?.context).toBe('Trigger');
    expect(await ask('TriggerMessage', { requestedMessage: 'Heartbeat', connectorId: 7 })).toEqual({ status: 'Rejected' });
  });

  it('Local list, cache, unlock, data transfer and reset', async () => {
    expect(await ask('GetLocalListVersion', {})).toEqual({ listVersion: 0 });
    expect(
      await ask('SendLocalList', { listVersion: 3, updateType: 'Full', localAuthorizationList: [{ idTag: 'A', idTagInfo: { status: 'Accepted' } }] }),
    ).toEqual({ status: 'Accepted' });
    expect(
      await ask('SendLocalList', { listVersion: 2, updateType: 'Differential', localAuthorizationList: [{ idTag: 'B', idTagInfo: { status: 'Accepted' } }] }),
    ).toEqual({ status: 'VersionMismatch' });
    expect(await ask('GetLocalListVersion', {})).toEqual({ listVersion: 3 });
    expect(await ask('ClearCache', {})).toEqual({ status: 'Accepted' });
    expect(await ask('DataTransfer', { vendorId: 'Other' })).toEqual({ status: 'UnknownVendorId' });
    expect(await ask('DataTransfer', { vendorId: 'ChargeBench', messageId: 'Nope' })).toEqual({ status: 'UnknownMessageId' });
    await charging(1);
    expect(await ask('UnlockConnector', { connectorId: 1 })).toEqual({ status: 'Unlocked' });
    await waitFor(() => cs.calls('CP-1', 'StopTransaction').length === 1, 'unlock stops');
    expect(cs.calls('CP-1', 'StopTransaction')[0]?.payload.reason).toBe('UnlockCommand');
    await charging(2);
    const boots = cs.calls('CP-1', 'BootNotification').length;
    expect(await ask('Reset', { type: 'Soft' })).toEqual({ status: 'Accepted' });
    await waitFor(() => cs.calls('CP-1', 'StopTransaction').length === 2, 'reset stops');
    expect(cs.calls('CP-1', 'StopTransaction')[1]?.payload.reason).toBe('SoftReset');
    await waitFor(() => t.cp.connection === 'disconnected', 'reset closes');
    await advance(t, 2_000);
    await waitFor(() => cs.calls('CP-1', 'BootNotification').length === boots + 1 && t.cp.registration === 'Accepted', 'boot after reset');
  });
});
