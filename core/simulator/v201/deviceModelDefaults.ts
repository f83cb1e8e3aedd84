/**
 * The device model a simulated 2.0.1 station starts with: the controller components of OCPP 2.0.1 Part 2
 * (Appendix "Standardized components") the station's behaviour reads, the station, each EVSE and each connector,
 * then the profile's values and the caller's overrides. Overrides use "Component.Variable[instance]"; the common
 * 1.6 configuration keys are accepted too and mapped (HeartbeatInterval, MeterValueSampleInterval, …), so one
 * spawn's configuration works for a mixed fleet.
 */
import { DeviceModel, DeviceModelTemplate, valueProblem, type VariableSpec } from './deviceModel.js';
import type { Profile201 } from './profile.js';

const MEASURANDS =
  'Energy.Active.Import.Register,Energy.Active.Import.Interval,Power.Active.Import,Power.Offered,Current.Import,Current.Offered,Voltage,Frequency,SoC';
const RW = 'ReadWrite' as const;

/** 1.6 configuration keys and their 2.0.1 variables. */
export const V16_KEY_MAP: Readonly<Record<string, string>> = {
  HeartbeatInterval: 'OCPPCommCtrlr.HeartbeatInterval',
  MeterValueSampleInterval: 'SampledDataCtrlr.TxUpdatedInterval',
  MeterValuesSampledData: 'SampledDataCtrlr.TxUpdatedMeasurands',
  StopTxnSampledData: 'SampledDataCtrlr.TxEndedMeasurands',
  ClockAlignedDataInterval: 'AlignedDataCtrlr.Interval',
  MeterValuesAlignedData: 'AlignedDataCtrlr.Measurands',
  ConnectionTimeOut: 'TxCtrlr.EVConnectionTimeOut',
  StopTransactionOnEVSideDisconnect: 'TxCtrlr.StopTxOnEVSideDisconnect',
  StopTransactionOnInvalidId: 'TxCtrlr.StopTxOnInvalidId',
  TransactionMessageAttempts: 'OCPPCommCtrlr.MessageAttempts[TransactionEvent]',
  TransactionMessageRetryInterval: 'OCPPCommCtrlr.MessageAttemptInterval[TransactionEvent]',
  WebSocketPingInterval: 'OCPPCommCtrlr.WebSocketPingInterval',
  LocalAuthorizeOffline: 'AuthCtrlr.LocalAuthorizeOffline',
  LocalPreAuthorize: 'AuthCtrlr.LocalPreAuthorize',
  AllowOfflineTxForUnknownId: 'AuthCtrlr.OfflineTxForUnknownIdEnabled',
  AuthorizeRemoteTxRequests: 'AuthCtrlr.AuthorizeRemoteStart',
  AuthorizationCacheEnabled: 'AuthCacheCtrlr.Enabled',
};

function station(p: Profile201): VariableSpec[] {
  const h = p.hardware;
  const v = (
    component: string,
    variable: string,
    dataType: VariableSpec['dataType'],
    value: VariableSpec['value'],
    extra: Partial<VariableSpec> = {},
  ): VariableSpec => ({
    component,
    variable,
    dataType,
    value,
    ...extra,
  });
  return [
    v('ChargingStation', 'Available', 'boolean', true),
    v('ChargingStation', 'AvailabilityState', 'OptionList', 'Available', {
      valuesList: 'Available,Occupied,Reserved,Unavailable,Faulted',
    }),
    v('ChargingStation', 'Model', 'string', h.model),
    v('ChargingStation', 'VendorName', 'string', h.vendor),
    v('ChargingStation', 'SupplyPhases', 'integer', h.phases),
    v('ChargingStation', 'Problem', 'boolean', false),
    v('Controller', 'FirmwareVersion', 'string', h.firmwareVersion),
    v('ClockCtrlr', 'DateTime', 'dateTime', new Date(0).toISOString()),
    v('ClockCtrlr', 'TimeSource', 'SequenceList', 'Heartbeat', {
      mutability: RW,
      valuesList: 'Heartbeat,NTP,GPS,RealTimeClock,MobileNetwork,RadioTimeTransmitter',
    }),
    v('OCPPCommCtrlr', 'HeartbeatInterval', 'integer', 300, {
      mutability: RW,
      unit: 's',
      minLimit: 0,
    }),
    v('OCPPCommCtrlr', 'OfflineThreshold', 'integer', 60, {
      mutability: RW,
      unit: 's',
      minLimit: 0,
    }),
    v('OCPPCommCtrlr', 'MessageTimeout', 'integer', h.timing.callTimeoutS, {
      variableInstance: 'Default',
      unit: 's',
    }),
    v('OCPPCommCtrlr', 'MessageAttempts', 'integer', 3, {
      variableInstance: 'TransactionEvent',
      mutability: RW,
      minLimit: 1,
    }),
    v('OCPPCommCtrlr', 'MessageAttemptInterval', 'integer', 60, {
      variableInstance: 'TransactionEvent',
      mutability: RW,
      unit: 's',
      minLimit: 0,
    }),
    v('OCPPCommCtrlr', 'WebSocketPingInterval', 'integer', 0, {
      mutability: RW,
      unit: 's',
      minLimit: 0,
    }),
    v('OCPPCommCtrlr', 'ResetRetries', 'integer', 2, { mutability: RW }),
    v('OCPPCommCtrlr', 'NetworkConfigurationPriority', 'SequenceList', '0', {
      mutability: RW,
    }),
    v('OCPPCommCtrlr', 'NetworkProfileConnectionAttempts', 'integer', 3, {
      mutability: RW,
    }),
    v('SecurityCtrlr', 'SecurityProfile', 'integer', 1),
    v('SecurityCtrlr', 'OrganizationName', 'string', h.vendor, {
      mutability: RW,
    }),
    v('DeviceDataCtrlr', 'ItemsPerMessage', 'integer', 20, {
      variableInstance: 'GetReport',
    }),
    v('DeviceDataCtrlr', 'ItemsPerMessage', 'integer', 50, {
      variableInstance: 'GetVariables',
    }),
    v('DeviceDataCtrlr', 'ItemsPerMessage', 'integer', 50, {
      variableInstance: 'SetVariables',
    }),
    v('DeviceDataCtrlr', 'BytesPerMessage', 'integer', 65_000, {
      variableInstance: 'GetReport',
    }),
    v('SampledDataCtrlr', 'Enabled', 'boolean', true, { mutability: RW }),
    v('SampledDataCtrlr', 'TxStartedMeasurands', 'MemberList', 'Energy.Active.Import.Register', { mutability: RW, valuesList: MEASURANDS }),
    v('SampledDataCtrlr', 'TxUpdatedMeasurands', 'MemberList', 'Energy.Active.Import.Register,Power.Active.Import,SoC', {
      mutability: RW,
      valuesList: MEASURANDS,
    }),
    v('SampledDataCtrlr', 'TxEndedMeasurands', 'MemberList', 'Energy.Active.Import.Register', { mutability: RW, valuesList: MEASURANDS }),
    v('SampledDataCtrlr', 'TxUpdatedInterval', 'integer', 60, {
      mutability: RW,
      unit: 's',
      minLimit: 0,
    }),
    v('SampledDataCtrlr', 'TxEndedInterval', 'integer', 0, {
      mutability: RW,
      unit: 's',
      minLimit: 0,
    }),
    v('AlignedDataCtrlr', 'Enabled', 'boolean', true, { mutability: RW }),
    v('AlignedDataCtrlr', 'Interval', 'integer', 900, {
      mutability: RW,
      unit: 's',
      minLimit: 0,
    }),
    v('AlignedDataCtrlr', 'Measurands', 'MemberList', 'Energy.Active.Import.Register', { mutability: RW, valuesList: MEASURANDS }),
    v('AlignedDataCtrlr', 'TxEndedMeasurands', 'MemberList', '', {
      mutability: RW,
      valuesList: MEASURANDS,
    }),
    v('AlignedDataCtrlr', 'TxEndedInterval', 'integer', 0, {
      mutability: RW,
      unit: 's',
    }),
    v('AuthCtrlr', 'Enabled', 'boolean', true, { mutability: RW }),
    v('AuthCtrlr', 'AuthorizeRemoteStart', 'boolean', false, {
      mutability: RW,
    }),
    v('AuthCtrlr', 'LocalAuthorizeOffline', 'boolean', true, {
      mutability: RW,
    }),
    v('AuthCtrlr', 'LocalPreAuthorize', 'boolean', false, { mutability: RW }),
    v('AuthCtrlr', 'OfflineTxForUnknownIdEnabled', 'boolean', false, {
      mutability: RW,
    }),
    v('AuthCacheCtrlr', 'Enabled', 'boolean', true, { mutability: RW }),
    v('AuthCacheCtrlr', 'Storage', 'integer', 0, { unit: 'B' }),
    v('LocalAuthListCtrlr', 'Enabled', 'boolean', true, { mutability: RW }),
    v('LocalAuthListCtrlr', 'Entries', 'integer', 0),
    v('LocalAuthListCtrlr', 'ItemsPerMessage', 'integer', 100),
    v('LocalAuthListCtrlr', 'BytesPerMessage', 'integer', 65_000),
    v('TxCtrlr', 'EVConnectionTimeOut', 'integer', 60, {
      mutability: RW,
      unit: 's',
      minLimit: 0,
    }),
    v('TxCtrlr', 'StopTxOnEVSideDisconnect', 'boolean', true, {
      mutability: RW,
    }),
    v('TxCtrlr', 'StopTxOnInvalidId', 'boolean', true, { mutability: RW }),
    v('TxCtrlr', 'TxStartPoint', 'MemberList', 'PowerPathClosed', {
      mutability: RW,
      valuesList: 'PowerPathClosed',
    }),
    v('TxCtrlr', 'TxStopPoint', 'MemberList', 'EVConnected,Authorized', {
      mutability: RW,
      valuesList: 'EVConnected,Authorized',
    }),
    v('ReservationCtrlr', 'Enabled', 'boolean', true, { mutability: RW }),
    v('ReservationCtrlr', 'NonEvseSpecific', 'boolean', true),
    v('SmartChargingCtrlr', 'Enabled', 'boolean', true, { mutability: RW }),
    v('SmartChargingCtrlr', 'ProfileStackLevel', 'integer', 8),
    v('SmartChargingCtrlr', 'RateUnit', 'MemberList', 'A,W'),
    v('SmartChargingCtrlr', 'PeriodsPerSchedule', 'integer', 24),
    v('SmartChargingCtrlr', 'Entries', 'integer', 0, {
      variableInstance: 'ChargingProfiles',
    }),
    v('FirmwareCtrlr', 'Enabled', 'boolean', true),
  ];
}

function evses(p: Profile201): VariableSpec[] {
  const out: VariableSpec[] = [];
  p.evses.forEach((connectors, i) => {
    const evse = i + 1;
    out.push({
      component: 'EVSE',
      evse,
      variable: 'Available',
      dataType: 'boolean',
      value: true,
    });
    out.push({
      component: 'EVSE',
      evse,
      variable: 'AvailabilityState',
      dataType: 'OptionList',
      value: 'Available',
      valuesList: 'Available,Occupied,Reserved,Unavailable,Faulted',
    });
    out.push({
      component: 'EVSE',
      evse,
      variable: 'Power',
      dataType: 'decimal',
      value: 0,
      unit: 'W',
      maxLimit: p.hardware.maxPowerW,
    });
    out.push({
      component: 'EVSE',
      evse,
      variable: 'SupplyPhases',
      dataType: 'integer',
      value: p.hardware.phases,
    });
    for (let connector = 1; connector <= connectors; connector++) {
      out.push({
        component: 'Connector',
        evse,
        connector,
        variable: 'Available',
        dataType: 'boolean',
        value: true,
      });
      out.push({
        component: 'Connector',
        evse,
        connector,
        variable: 'AvailabilityState',
        dataType: 'OptionList',
        value: 'Available',
        valuesList: 'Available,Occupied,Reserved,Unavailable,Faulted',
      });
      out.push({
        component: 'Connector',
        evse,
        connector,
        variable: 'ConnectorType',
        dataType: 'string',
        value: p.hardware.phases === 1 && p.hardware.voltage > 300 ? 'cCCS2' : 'cType2',
      });
      out.push({
        component: 'Connector',
        evse,
        connector,
        variable: 'SupplyPhases',
        dataType: 'integer',
        value: p.hardware.phases,
      });
    }
  });
  return out;
}

/** "Component.Variable[instance]" → its parts; null when malformed. */
export function parseVariablePath(path: string): { component: string; variable: string; variableInstance?: string } | null {
  const m = /^([A-Za-z0-9_]+)\.([A-Za-z0-9_]+)(?:\[([A-Za-z0-9_]+)\])?$/.exec(path);
  if (!m) return null;
  return {
    component: m[1] as string,
    variable: m[2] as string,
    ...(m[3] ? { variableInstance: m[3] } : {}),
  };
}

/** Applies "Component.Variable[instance]" (or mapped 1.6 key) values; throws on unknown or invalid ones. */
export function applyValues(dm: DeviceModelTemplate, values: Readonly<Record<string, string | number | boolean>>, source: string): void {
  for (const [key, raw] of Object.entries(values)) {
    const path = parseVariablePath(V16_KEY_MAP[key] ?? key);
    const entry =
      path &&
      dm.find(
        { name: path.component },
        {
          name: path.variable,
          ...(path.variableInstance ? { instance: path.variableInstance } : {}),
        },
      );
    const slot = entry?.attributes.Actual?.slot;
    if (!entry || slot === undefined)
      throw new Error(`${source}: unknown device-model variable "${key}" (use Component.Variable[instance], e.g. OCPPCommCtrlr.HeartbeatInterval)`);
    const value = String(raw);
    const problem = valueProblem(entry, value);
    if (problem) throw new Error(`${source}: ${key} = "${value}": ${problem}`);
    dm.defaults[slot] = value;
  }
}

const templates = new WeakMap<Profile201, Map<string, DeviceModelTemplate>>();

/** A station's device model; stations of one profile with the same overrides share its template. */
export function buildDeviceModel(p: Profile201, overrides: Readonly<Record<string, string | number | boolean>> = {}): DeviceModel {
  let byOverrides = templates.get(p);
  if (!byOverrides) templates.set(p, (byOverrides = new Map()));
  const key = JSON.stringify(overrides);
  let t = byOverrides.get(key);
  if (!t) {
    t = new DeviceModelTemplate();
    for (const s of [...station(p), ...evses(p)]) t.declare(s);
    applyValues(t, p.variables, `profile ${p.name}`);
    applyValues(t, overrides, 'configuration');
    if (byOverrides.size < 100) byOverrides.set(key, t);
  }
  return new DeviceModel(t);
}
