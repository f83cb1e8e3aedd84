/**
 * The 2.0.1 central system's middleware, one by one, through the backend (harness: in-memory store, fake clock):
 * what each stores and answers, in 2.0.1 terms, beside 1.6 chargers on the same backend.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../testing/harness.js';
import { waitFor } from '../../edge/testing/wsClient.js';
import { BOOT201, energy, status201, ts201 } from './testing/frames201.js';

let h: Harness;
beforeEach(async () => {
  h = await createHarness();
  await h.connect('CS1', 'c1', 'ocpp2.0.1');
});
afterEach(() => h.close());

const call = (action: string, payload: Record<string, unknown>) => h.call('CS1', action, payload, { connectionId: 'c1' });

describe('BootNotification201', () => {
  it('stores the station and answers Accepted with the heartbeat interval', async () => {
    const reply = await call('BootNotification', BOOT201);
    expect(reply[0]).toBe(3);
    expect(reply[2]).toEqual({ status: 'Accepted', currentTime: h.clock.iso(), interval: 3600 });
    expect(h.store.chargePoints.get('CS1')).toMatchObject({
      vendor: 'ACME',
      model: 'Volt 2',
      chargePointSerial: 'SN-201',
      firmwareVersion: '2.0.1-a',
      iccid: 'ICC1',
      imsi: 'IMSI1',
      registrationStatus: 'Accepted',
      protocol: 'ocpp2.0.1',
    });
  });
  it('uses the same boot policy and registry as 1.6: Pending / Rejected with the retry interval', async () => {
    await h.settings.update((d) => {
      d.boot.policy = 'Pending';
      d.boot.retryInterval = 45;
    });
    expect((await call('BootNotification', BOOT201))[2]).toMatchObject({ status: 'Pending', interval: 45 });
    h.store.registry.add('CS1', h.clock.iso(), { bootPolicy: 'Rejected' });
    expect((await call('BootNotification', BOOT201))[2]).toMatchObject({ status: 'Rejected', interval: 45 });
    expect(h.store.chargePoints.get('CS1')?.registrationStatus).toBe('Rejected');
  });
});

describe('Heartbeat201 and StatusNotification201', () => {
  it('records the heartbeat and answers the time', async () => {
    await h.clock.advance(5000);
    expect((await call('Heartbeat', {}))[2]).toEqual({ currentTime: h.clock.iso() });
    expect(h.store.chargePoints.get('CS1')?.lastHeartbeatAt).toBe(h.clock.iso());
  });
  it('stores each EVSE in the connectors table with the connector within it', async () => {
    expect((await call('StatusNotification', status201(1, 'Available')))[2]).toEqual({});
    await call('StatusNotification', { ...status201(2, 'Occupied', 30), connectorId: 2 });
    expect(h.store.connectors.list('CS1').map((c) => [c.connectorId, c.status, c.errorCode, c.statusAt])).toEqual([
      [1, 'Available', 'NoError', ts201()],
      [2, 'Occupied', 'NoError', ts201(30)],
    ]);
    expect(h.store.db.prepare('SELECT evse_connector_id AS c FROM connectors WHERE charge_point_id = ? AND connector_id = 2').get('CS1')).toEqual({ c: 2 });
  });
});

describe('Authorize201', () => {
  it('answers every token type from the same id-tag list and policies as 1.6', async () => {
    h.store.idTags.upsert({ idTag: 'BLOCKED-1', status: 'Blocked' });
    h.store.idTags.upsert({ idTag: 'CHILD', status: 'Accepted', parentIdTag: 'FLEET', expiryDate: '2030-01-01T00:00:00.000Z' });
    const auth = async (idToken: string, type: string) =>
      ((await call('Authorize', { idToken: { idToken, type } }))[2] as { idTokenInfo: unknown }).idTokenInfo;
    expect(await auth('BLOCKED-1', 'ISO14443')).toEqual({ status: 'Blocked' });
    expect(await auth('CHILD', 'KeyCode')).toEqual({
      status: 'Accepted',
      cacheExpiryDateTime: '2030-01-01T00:00:00.000Z',
      groupIdToken: { idToken: 'FLEET', type: 'Central' },
    });
    for (const type of ['ISO15693', 'eMAID', 'Local', 'MacAddress', 'Central']) expect(await auth('ANYONE', type)).toEqual({ status: 'Accepted' });
    await h.settings.update((d) => (d.auth.acceptUnknown = false));
    expect(await auth('STRANGER', 'ISO14443')).toEqual({ status: 'Invalid' });
    // NoAuthorization: nothing to check
    expect(await auth('', 'NoAuthorization')).toEqual({ status: 'Accepted' });
    expect(h.store.chargePoints.get('CS1')?.lastIdTag).toBe('ANYONE');
  });
  it('in conformance mode unknown tokens are Invalid whatever accept-unknown says', async () => {
    await h.settings.update((d) => (d.conformance = true));
    expect((await call('Authorize', { idToken: { idToken: 'X', type: 'ISO14443' } }))[2]).toEqual({ idTokenInfo: { status: 'Invalid' } });
  });
});

describe('MeterValues201', () => {
  it('stores every sampled value of the EVSE, scaled by its multiplier, outside any transaction', async () => {
    const reply = await call('MeterValues', {
      evseId: 2,
      meterValue: [
        energy(1500, 10, 'Sample.Clock', [
          { value: 7.4, measurand: 'Power.Active.Import', unitOfMeasure: { unit: 'W', multiplier: 3 } },
          { value: 231, measurand: 'Voltage', phase: 'L1-N' },
        ]),
      ],
    });
    expect(reply[2]).toEqual({});
    const rows = h.store.meterSamples.list({ chargePointId: 'CS1' });
    expect(rows.map((r) => [r.connectorId, r.transactionId, r.measurand, r.numericValue, r.unit, r.phase, r.context, r.source])).toEqual([
      [2, null, 'Energy.Active.Import.Register', 1500, 'Wh', null, 'Sample.Clock', 'MeterValues'],
      [2, null, 'Power.Active.Import', 7400, 'W', null, 'Sample.Periodic', 'MeterValues'],
      [2, null, 'Voltage', 231, 'V', 'L1-N', 'Sample.Periodic', 'MeterValues'],
    ]);
  });
});

describe('NotifyReport201: the device model', () => {
  it('stores each part, replaces a variable reported again, and gives the tree by component', async () => {
    const part = (seqNo: number, tbc: boolean, reportData: unknown[]) => call('NotifyReport', { requestId: 7, generatedAt: ts201(), seqNo, tbc, reportData });
    expect(
      (
        await part(0, true, [
          {
            component: { name: 'OCPPCommCtrlr' },
            variable: { name: 'HeartbeatInterval' },
            variableAttribute: [{ type: 'Actual', value: '300', mutability: 'ReadWrite' }],
            variableCharacteristics: { dataType: 'integer', supportsMonitoring: false, unit: 's' },
          },
          { component: { name: 'EVSE', evse: { id: 1 } }, variable: { name: 'Power' }, variableAttribute: [{ type: 'MaxSet', value: '22000' }] },
        ])
      )[2],
    ).toEqual({});
    await part(1, false, [
      { component: { name: 'OCPPCommCtrlr' }, variable: { name: 'HeartbeatInterval' }, variableAttribute: [{ type: 'Actual', value: '600' }] },
    ]);
    const tree = h.store.deviceModel.tree('CS1');
    expect(tree.map((c) => [c.component, c.evseId, c.variables.map((v) => v.variable)])).toEqual([
      ['EVSE', 1, ['Power']],
      ['OCPPCommCtrlr', null, ['HeartbeatInterval']],
    ]);
    expect(h.store.deviceModel.actualValue('CS1', 'OCPPCommCtrlr', 'HeartbeatInterval')).toBe('600');
  });
});

describe('StoreVariables201 / TrackSetVariables201: the device model follows the answers', () => {
  /** Answers, as the charger, the server CALL number n (1-based) once it is out. */
  async function answered<T>(n: number, pending: Promise<T>, result: Record<string, unknown>): Promise<T> {
    await waitFor(() => h.calls('CS1').length >= n, 3000, `server CALL #${n}`);
    const cmd = h.calls('CS1')[n - 1]!;
    await h.raw('CS1', JSON.stringify([3, cmd.messageId, result]), { connectionId: 'c1' });
    return pending;
  }
  it('an accepted GetVariables value and an accepted SetVariables value update the stored attribute; a rejected one does not', async () => {
    await call('NotifyReport', {
      requestId: 1,
      generatedAt: ts201(),
      seqNo: 0,
      reportData: [
        {
          component: { name: 'OCPPCommCtrlr' },
          variable: { name: 'HeartbeatInterval' },
          variableAttribute: [{ type: 'Actual', value: '300', mutability: 'ReadWrite' }],
          variableCharacteristics: { dataType: 'integer', supportsMonitoring: false },
        },
      ],
    });
    const comp = { name: 'OCPPCommCtrlr' };
    const hb = { name: 'HeartbeatInterval' };
    await answered(
      1,
      h.backend.sendVersionedCall('ocpp2.0.1', 'CS1', 'GetVariables', {
        getVariableData: [
          { component: comp, variable: hb },
          { component: { name: 'TxCtrlr' }, variable: { name: 'EVConnectionTimeOut' } },
        ],
      }),
      {
        getVariableResult: [
          { attributeStatus: 'Accepted', attributeValue: '450', component: comp, variable: hb },
          { attributeStatus: 'Accepted', attributeValue: '90', component: { name: 'TxCtrlr' }, variable: { name: 'EVConnectionTimeOut' } },
        ],
      },
    );
    expect(h.store.deviceModel.actualValue('CS1', 'OCPPCommCtrlr', 'HeartbeatInterval')).toBe('450');
    expect(h.store.deviceModel.actualValue('CS1', 'TxCtrlr', 'EVConnectionTimeOut')).toBe('90');
    const before = h.store.deviceModel.variables('CS1').find((v) => v.variable === 'HeartbeatInterval')!;
    expect(before.attributes).toEqual([{ type: 'Actual', value: '450', mutability: 'ReadWrite' }]);
    expect(before.characteristics).toEqual({ dataType: 'integer', supportsMonitoring: false });
    await answered(
      2,
      h.backend.sendVersionedCall('ocpp2.0.1', 'CS1', 'SetVariables', {
        setVariableData: [
          { component: comp, variable: hb, attributeValue: '600' },
          { component: { name: 'TxCtrlr' }, variable: { name: 'EVConnectionTimeOut' }, attributeValue: '5' },
        ],
      }),
      {
        setVariableResult: [
          { attributeStatus: 'Accepted', component: comp, variable: hb },
          { attributeStatus: 'Rejected', component: { name: 'TxCtrlr' }, variable: { name: 'EVConnectionTimeOut' } },
        ],
      },
    );
    expect(h.store.deviceModel.actualValue('CS1', 'OCPPCommCtrlr', 'HeartbeatInterval')).toBe('600');
    expect(h.store.deviceModel.actualValue('CS1', 'TxCtrlr', 'EVConnectionTimeOut')).toBe('90');
  });
});

describe('notifications the central system keeps', () => {
  it('NotifyEvent stores every eventData; SecurityEventNotification, FirmwareStatus, LogStatus are stored', async () => {
    await call('NotifyEvent', {
      generatedAt: ts201(),
      seqNo: 0,
      eventData: [
        {
          eventId: 1,
          timestamp: ts201(1),
          trigger: 'Alerting',
          actualValue: 'true',
          component: { name: 'EVSE', evse: { id: 1 } },
          variable: { name: 'Problem' },
          eventNotificationType: 'HardWiredNotification',
          techCode: 'E12',
        },
        {
          eventId: 2,
          timestamp: ts201(2),
          trigger: 'Delta',
          actualValue: 'Faulted',
          component: { name: 'Connector' },
          variable: { name: 'AvailabilityState' },
          eventNotificationType: 'HardWiredMonitor',
          cleared: true,
        },
      ],
    });
    await call('SecurityEventNotification', { type: 'FirmwareUpdated', timestamp: ts201(3), techInfo: 'v2' });
    await call('FirmwareStatusNotification', { status: 'Installed', requestId: 4 });
    await call('LogStatusNotification', { status: 'Uploaded', requestId: 5 });
    const events = h.store.chargerEvents.list('CS1').reverse();
    expect(events.map((e) => [e.kind, e.type])).toEqual([
      ['NotifyEvent', 'Alerting'],
      ['NotifyEvent', 'Delta'],
      ['SecurityEvent', 'FirmwareUpdated'],
      ['FirmwareStatus', 'Installed'],
      ['LogStatus', 'Uploaded'],
    ]);
    expect(events[0]).toMatchObject({ at: ts201(1), detail: { techCode: 'E12', seqNo: 0 } });
    expect(events[3]!.detail).toEqual({ status: 'Installed', requestId: 4 });
  });
  it("ReservationStatusUpdate ends the reservation this charger has (Expired / Removed → Cancelled), never another charger's", async () => {
    const mine = h.store.reservations.create({
      chargePointId: 'CS1',
      connectorId: 1,
      idTag: 'T',
      expiryDate: ts201(600),
      state: 'Reserved',
      at: h.clock.iso(),
    });
    const gone = h.store.reservations.create({
      chargePointId: 'CS1',
      connectorId: 2,
      idTag: 'T',
      expiryDate: ts201(600),
      state: 'Reserved',
      at: h.clock.iso(),
    });
    const other = h.store.reservations.create({
      chargePointId: 'OTHER',
      connectorId: 1,
      idTag: 'T',
      expiryDate: ts201(600),
      state: 'Reserved',
      at: h.clock.iso(),
    });
    expect((await call('ReservationStatusUpdate', { reservationId: mine.id, reservationUpdateStatus: 'Expired' }))[2]).toEqual({});
    await call('ReservationStatusUpdate', { reservationId: gone.id, reservationUpdateStatus: 'Removed' });
    await call('ReservationStatusUpdate', { reservationId: other.id, reservationUpdateStatus: 'Removed' });
    expect([mine, gone, other].map((r) => h.store.reservations.get(r.id)?.state)).toEqual(['Expired', 'Cancelled', 'Reserved']);
    expect(h.store.chargerEvents.list('CS1', 'ReservationStatus')).toHaveLength(3);
  });
  it('NotifyEVChargingNeeds is stored and answered Rejected (no schedule is computed); DataTransfer UnknownVendorId', async () => {
    const needs = await call('NotifyEVChargingNeeds', {
      evseId: 1,
      chargingNeeds: {
        requestedEnergyTransfer: 'AC_three_phase',
        acChargingParameters: { energyAmount: 20000, evMinCurrent: 6, evMaxCurrent: 32, evMaxVoltage: 400 },
      },
    });
    expect(needs[2]).toMatchObject({ status: 'Rejected' });
    expect(h.store.chargerEvents.list('CS1', 'EVChargingNeeds')[0]).toMatchObject({ type: 'AC_three_phase' });
    expect((await call('DataTransfer', { vendorId: 'com.acme' }))[2]).toMatchObject({ status: 'UnknownVendorId' });
  });
});

describe('bad input and what the 2.0.1 central system does not support', () => {
  it('schema violations get 2.0.1 codes; a known action without middleware NotSupported; an unknown one NotImplemented', async () => {
    expect((await call('StatusNotification', { evseId: 1, connectorId: 1, connectorStatus: 'Charging', timestamp: ts201() }))[2]).toBe(
      'PropertyConstraintViolation',
    );
    expect((await call('TransactionEvent', { eventType: 'Started', seqNo: 0 }))[2]).toBe('OccurrenceConstraintViolation');
    expect((await call('Authorize', { idToken: { idToken: 'X', type: 'ISO14443' }, extra: 1 }))[2]).toBe('FormatViolation');
    expect((await call('MeterValues', { evseId: 'one', meterValue: [] }))[2]).toBe('TypeConstraintViolation');
    expect((await call('Get15118EVCertificate', { iso15118SchemaVersion: 'urn:iso:15118:2:2013:MsgDef', action: 'Install', exiRequest: 'AAAA' }))[2]).toBe(
      'NotSupported',
    );
    expect((await call('StartTransaction', { connectorId: 1, idTag: 'X', meterStart: 0, timestamp: ts201() }))[2]).toBe('NotImplemented');
    // nothing was stored from the refused calls
    expect(h.store.connectors.list('CS1')).toEqual([]);
    expect(h.store.transactions.list({ chargePointId: 'CS1' }).total).toBe(0);
  });
});
