/**
 * The 28 OCPP 1.6 actions and who may initiate each one (the action table of OCPP 1.6 §4 and §5).
 * Types for every action's request and response come from the OCA schemas (types.generated.ts).
 */
import type { OcppRequests, OcppResponses } from './types.generated.js';
import { SCHEMA_ACTIONS } from './types.generated.js';

export type Action = keyof OcppRequests;
export type RequestOf<A extends Action> = OcppRequests[A];
export type ResponseOf<A extends Action> = OcppResponses[A];

/** Actions a charge point sends to the central system (10, DataTransfer goes both ways). */
export const CHARGE_POINT_ACTIONS = [
  'Authorize',
  'BootNotification',
  'DataTransfer',
  'DiagnosticsStatusNotification',
  'FirmwareStatusNotification',
  'Heartbeat',
  'MeterValues',
  'StartTransaction',
  'StatusNotification',
  'StopTransaction',
] as const satisfies readonly Action[];

/** Actions the central system sends to a charge point: the 18 CS-only actions plus DataTransfer. */
export const CENTRAL_SYSTEM_ACTIONS = [
  'CancelReservation',
  'ChangeAvailability',
  'ChangeConfiguration',
  'ClearCache',
  'ClearChargingProfile',
  'DataTransfer',
  'GetCompositeSchedule',
  'GetConfiguration',
  'GetDiagnostics',
  'GetLocalListVersion',
  'RemoteStartTransaction',
  'RemoteStopTransaction',
  'ReserveNow',
  'Reset',
  'SendLocalList',
  'SetChargingProfile',
  'TriggerMessage',
  'UnlockConnector',
  'UpdateFirmware',
] as const satisfies readonly Action[];

export type ChargePointAction = (typeof CHARGE_POINT_ACTIONS)[number];
export type CentralSystemAction = (typeof CENTRAL_SYSTEM_ACTIONS)[number];

export const ALL_ACTIONS: readonly Action[] = SCHEMA_ACTIONS;

const all = new Set<string>(ALL_ACTIONS);
const cpSet = new Set<string>(CHARGE_POINT_ACTIONS);
const csSet = new Set<string>(CENTRAL_SYSTEM_ACTIONS);

export function isAction(name: string): name is Action {
  return all.has(name);
}
export function isChargePointAction(name: string): name is ChargePointAction {
  return cpSet.has(name);
}
export function isCentralSystemAction(name: string): name is CentralSystemAction {
  return csSet.has(name);
}
