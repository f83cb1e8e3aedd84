import { describe, expect, it } from 'vitest';
import { validator201 } from '../../ocpp/v201/index.js';
import { buildDeviceModel } from './deviceModelDefaults.js';
import { loadProfile201, parseProfile201 } from './profile.js';

const dm = () => buildDeviceModel(loadProfile201('reference'));
const c = (name: string, evse?: { id: number; connectorId?: number }) => ({ name, ...(evse ? { evse } : {}) });

describe('2.0.1 device model', () => {
  it('answers GetVariables with the spec statuses', () => {
    const m = dm();
    expect(m.get({ component: c('OCPPCommCtrlr'), variable: { name: 'HeartbeatInterval' } })).toMatchObject({
      attributeStatus: 'Accepted',
      attributeValue: '300',
    });
    expect(m.get({ component: c('Nope'), variable: { name: 'X' } }).attributeStatus).toBe('UnknownComponent');
    expect(m.get({ component: c('OCPPCommCtrlr'), variable: { name: 'Nope' } }).attributeStatus).toBe('UnknownVariable');
    expect(m.get({ component: c('OCPPCommCtrlr'), variable: { name: 'HeartbeatInterval' }, attributeType: 'Target' }).attributeStatus).toBe(
      'NotSupportedAttributeType',
    );
    expect(m.get({ component: c('DeviceDataCtrlr'), variable: { name: 'ItemsPerMessage', instance: 'GetReport' } })).toMatchObject({
      attributeStatus: 'Accepted',
      attributeValue: '20',
    });
    expect(m.get({ component: c('Connector', { id: 2, connectorId: 1 }), variable: { name: 'AvailabilityState' } }).attributeValue).toBe('Available');
    expect(m.get({ component: c('Connector', { id: 3, connectorId: 1 }), variable: { name: 'AvailabilityState' } }).attributeStatus).toBe('UnknownComponent');
  });

  it('sets only writable variables, with values of their type and within their limits', () => {
    const m = dm();
    const set = (component: string, name: string, attributeValue: string) => m.set({ component: c(component), variable: { name }, attributeValue }).result;
    expect(set('OCPPCommCtrlr', 'HeartbeatInterval', '30').attributeStatus).toBe('Accepted');
    expect(m.int('OCPPCommCtrlr', 'HeartbeatInterval')).toBe(30);
    expect(set('OCPPCommCtrlr', 'HeartbeatInterval', 'soon')).toMatchObject({
      attributeStatus: 'Rejected',
      attributeStatusInfo: { reasonCode: 'InvalidValue' },
    });
    expect(set('OCPPCommCtrlr', 'HeartbeatInterval', '-1').attributeStatus).toBe('Rejected');
    expect(set('ChargingStation', 'Model', 'X')).toMatchObject({ attributeStatus: 'Rejected', attributeStatusInfo: { reasonCode: 'ReadOnly' } });
    expect(set('AuthCtrlr', 'LocalPreAuthorize', 'yes').attributeStatus).toBe('Rejected');
    expect(set('SampledDataCtrlr', 'TxUpdatedMeasurands', 'Energy.Active.Import.Register,SoC').attributeStatus).toBe('Accepted');
    expect(set('SampledDataCtrlr', 'TxUpdatedMeasurands', 'Energy.Active.Import.Register,Bogus').attributeStatus).toBe('Rejected');
    expect(set('Nope', 'X', '1').attributeStatus).toBe('UnknownComponent');
  });

  it('reports by base and by component / criteria, every entry valid 2.0.1 report data', () => {
    const m = dm();
    const full = m.baseReport('FullInventory');
    const config = m.baseReport('ConfigurationInventory');
    const summary = m.baseReport('SummaryInventory');
    expect(full.length).toBeGreaterThan(60);
    expect(config.length).toBeLessThan(full.length);
    expect(config.every((r) => r.variableAttribute.some((a) => a.mutability !== 'ReadOnly'))).toBe(true);
    expect(summary.every((r) => ['AvailabilityState', 'Available', 'Problem'].includes(r.variable.name))).toBe(true);
    const problem = validator201.check('NotifyReport', 'req', { requestId: 1, generatedAt: new Date().toISOString(), seqNo: 0, reportData: full });
    expect(problem).toBeNull();
    expect(
      m
        .report([{ component: c('EVSE', { id: 1 }) }], undefined)
        .map((r) => r.variable.name)
        .sort(),
    ).toEqual(['AvailabilityState', 'Available', 'Power', 'SupplyPhases']);
    expect(m.report([{ component: c('OCPPCommCtrlr'), variable: { name: 'HeartbeatInterval' } }], undefined)).toHaveLength(1);
    expect(
      m
        .report(undefined, ['Enabled'])
        .every((r) =>
          [
            'SampledDataCtrlr',
            'AlignedDataCtrlr',
            'AuthCtrlr',
            'AuthCacheCtrlr',
            'LocalAuthListCtrlr',
            'ReservationCtrlr',
            'SmartChargingCtrlr',
            'FirmwareCtrlr',
          ].includes(r.component.name),
        ),
    ).toBe(true);
  });

  it('takes overrides as Component.Variable[instance] or as the common 1.6 keys, and refuses unknown or invalid ones', () => {
    const m = buildDeviceModel(loadProfile201('reference'), {
      HeartbeatInterval: 15,
      'SampledDataCtrlr.TxUpdatedInterval': 5,
      'OCPPCommCtrlr.MessageAttempts[TransactionEvent]': 5,
    });
    expect(m.int('OCPPCommCtrlr', 'HeartbeatInterval')).toBe(15);
    expect(m.int('SampledDataCtrlr', 'TxUpdatedInterval')).toBe(5);
    expect(m.int('OCPPCommCtrlr', 'MessageAttempts', 0, { variableInstance: 'TransactionEvent' })).toBe(5);
    expect(() => buildDeviceModel(loadProfile201('reference'), { Bogus: 1 })).toThrow(/unknown device-model variable "Bogus"/);
    expect(() => buildDeviceModel(loadProfile201('reference'), { HeartbeatInterval: 'often' })).toThrow(/not an integer/);
  });
});

describe('2.0.1 device model templates', () => {
  it('stations of one profile share the template, never their values', () => {
    const p = loadProfile201('reference');
    const a = buildDeviceModel(p, { HeartbeatInterval: 60 });
    const b = buildDeviceModel(p, { HeartbeatInterval: 60 });
    const other = buildDeviceModel(p, { HeartbeatInterval: 90 });
    expect(a.template).toBe(b.template);
    expect(other.template).not.toBe(a.template);
    expect(a.set({ component: { name: 'OCPPCommCtrlr' }, variable: { name: 'HeartbeatInterval' }, attributeValue: '5' }).result.attributeStatus).toBe(
      'Accepted',
    );
    expect([a.int('OCPPCommCtrlr', 'HeartbeatInterval'), b.int('OCPPCommCtrlr', 'HeartbeatInterval'), other.int('OCPPCommCtrlr', 'HeartbeatInterval')]).toEqual(
      [5, 60, 90],
    );
    expect(buildDeviceModel(p, { HeartbeatInterval: 60 }).int('OCPPCommCtrlr', 'HeartbeatInterval')).toBe(60);
  });
});

describe('2.0.1 station profiles', () => {
  it('ship as data over a 1.6 profile, and any 1.6 profile runs as a station', () => {
    const ref = loadProfile201('reference');
    expect(ref.evses).toEqual([1, 1]);
    expect(ref.hardware.maxPowerW).toBe(22_000);
    const dc = loadProfile201('dual-dc');
    expect(dc.evses).toEqual([2]);
    expect(dc.hardware).toMatchObject({ maxPowerW: 150_000, voltage: 400, ev: { targetSoc: 80 } });
    const grizzl = loadProfile201('grizzl-e');
    expect(grizzl.evses).toEqual([1]);
    expect(grizzl.hardware.vendor).toBe('United Chargers');
    expect(() => parseProfile201({ name: 'x', base: 'reference', description: 'd', evses: [0] })).toThrow(/invalid OCPP 2.0.1 station profile/);
    expect(() => parseProfile201({ name: 'x', base: 'nope', description: 'd' })).toThrow(/Unknown charger profile "nope"/);
  });
});
