/**
 * The 64 OCPP 2.0.1 actions and who may initiate each one (OCPP 2.0.1 Part 2, the messages of each functional
 * block). Types for every action's request and response come from the OCA schemas (types.generated.ts).
 */
import type { OcppRequests, OcppResponses } from './types.generated.js';
import { SCHEMA_ACTIONS } from './types.generated.js';

export type Action = keyof OcppRequests;
export type RequestOf<A extends Action> = OcppRequests[A];
export type ResponseOf<A extends Action> = OcppResponses[A];

/** Actions a charging station sends to the CSMS (25, DataTransfer goes both ways). */
export const CHARGING_STATION_ACTIONS = [
  'Authorize',
  'BootNotification',
  'ClearedChargingLimit',
  'DataTransfer',
  'FirmwareStatusNotification',
  'Get15118EVCertificate',
  'GetCertificateStatus',
  'Heartbeat',
  'LogStatusNotification',
  'MeterValues',
  'NotifyChargingLimit',
  'NotifyCustomerInformation',
  'NotifyDisplayMessages',
  'NotifyEVChargingNeeds',
  'NotifyEVChargingSchedule',
  'NotifyEvent',
  'NotifyMonitoringReport',
  'NotifyReport',
  'PublishFirmwareStatusNotification',
  'ReportChargingProfiles',
  'ReservationStatusUpdate',
  'SecurityEventNotification',
  'SignCertificate',
  'StatusNotification',
  'TransactionEvent',
] as const satisfies readonly Action[];

/** Actions the CSMS sends to a charging station (40, DataTransfer goes both ways). */
export const CSMS_ACTIONS = [
  'CancelReservation',
  'CertificateSigned',
  'ChangeAvailability',
  'ClearCache',
  'ClearChargingProfile',
  'ClearDisplayMessage',
  'ClearVariableMonitoring',
  'CostUpdated',
  'CustomerInformation',
  'DataTransfer',
  'DeleteCertificate',
  'GetBaseReport',
  'GetChargingProfiles',
  'GetCompositeSchedule',
  'GetDisplayMessages',
  'GetInstalledCertificateIds',
  'GetLocalListVersion',
  'GetLog',
  'GetMonitoringReport',
  'GetReport',
  'GetTransactionStatus',
  'GetVariables',
  'InstallCertificate',
  'PublishFirmware',
  'RequestStartTransaction',
  'RequestStopTransaction',
  'ReserveNow',
  'Reset',
  'SendLocalList',
  'SetChargingProfile',
  'SetDisplayMessage',
  'SetMonitoringBase',
  'SetMonitoringLevel',
  'SetNetworkProfile',
  'SetVariableMonitoring',
  'SetVariables',
  'TriggerMessage',
  'UnlockConnector',
  'UnpublishFirmware',
  'UpdateFirmware',
] as const satisfies readonly Action[];

export type ChargingStationAction = (typeof CHARGING_STATION_ACTIONS)[number];
export type CsmsAction = (typeof CSMS_ACTIONS)[number];

export const ALL_ACTIONS: readonly Action[] = SCHEMA_ACTIONS;

const all = new Set<string>(ALL_ACTIONS);
const csSet = new Set<string>(CHARGING_STATION_ACTIONS);
const csmsSet = new Set<string>(CSMS_ACTIONS);

export function isAction(name: string): name is Action {
  return all.has(name);
}
export function isChargingStationAction(name: string): name is ChargingStationAction {
  return csSet.has(name);
}
export function isCsmsAction(name: string): name is CsmsAction {
  return csmsSet.has(name);
}
