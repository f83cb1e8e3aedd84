/**
 * Answers the central system's CALLs like a real charger: envelope and payload validated against the OCA schemas
 * (a CALLERROR with the spec's code otherwise), actions of unsupported feature profiles → NotSupported, then the
 * action's handler, which returns its answer. Faults (unresponsive, CALLERROR) apply here; late answers in parts/rpc.ts.
 */
import {
  callError,
  callErrorFrom,
  callResult,
  checkPayload,
  isAction,
  isCentralSystemAction,
  toOcppError,
  type CentralSystemAction,
  type OcppErrorCode,
  type Payload,
} from '../../ocpp/index.js';
import type { Answer } from '../protocolPort.js';
import type { ChargerPort } from './port.js';
import { changeAvailability, unlockConnector } from './availability.js';
import { changeConfiguration, getConfiguration } from './configuration.js';
import { dataTransfer } from './dataTransfer.js';
import { getDiagnostics, updateFirmware } from './firmware.js';
import { clearCache, getLocalListVersion, sendLocalList } from './localAuth.js';
import { remoteStartTransaction, remoteStopTransaction } from './remoteTransaction.js';
import { cancelReservation, reserveNow } from './reservation.js';
import { reset } from './reset.js';
import { clearChargingProfile, getCompositeSchedule, setChargingProfile } from './smartCharging.js';
import { triggerMessage } from './trigger.js';
import type { Handled, HandlerTable } from './types.js';

export const HANDLERS: HandlerTable = {
  CancelReservation: cancelReservation,
  ChangeAvailability: changeAvailability,
  ChangeConfiguration: changeConfiguration,
  ClearCache: clearCache,
  ClearChargingProfile: clearChargingProfile,
  DataTransfer: dataTransfer,
  GetCompositeSchedule: getCompositeSchedule,
  GetConfiguration: getConfiguration,
  GetDiagnostics: getDiagnostics,
  GetLocalListVersion: getLocalListVersion,
  RemoteStartTransaction: remoteStartTransaction,
  RemoteStopTransaction: remoteStopTransaction,
  ReserveNow: reserveNow,
  Reset: reset,
  SendLocalList: sendLocalList,
  SetChargingProfile: setChargingProfile,
  TriggerMessage: triggerMessage,
  UnlockConnector: unlockConnector,
  UpdateFirmware: updateFirmware,
};

/** Feature profile each CS→CP action belongs to (SupportedFeatureProfiles). */
export const ACTION_FEATURE: Record<CentralSystemAction, string> = {
  CancelReservation: 'Reservation',
  ReserveNow: 'Reservation',
  ChangeAvailability: 'Core',
  ChangeConfiguration: 'Core',
  ClearCache: 'Core',
  DataTransfer: 'Core',
  GetConfiguration: 'Core',
  RemoteStartTransaction: 'Core',
  RemoteStopTransaction: 'Core',
  Reset: 'Core',
  UnlockConnector: 'Core',
  GetDiagnostics: 'FirmwareManagement',
  UpdateFirmware: 'FirmwareManagement',
  GetLocalListVersion: 'LocalAuthListManagement',
  SendLocalList: 'LocalAuthListManagement',
  ClearChargingProfile: 'SmartCharging',
  GetCompositeSchedule: 'SmartCharging',
  SetChargingProfile: 'SmartCharging',
  TriggerMessage: 'RemoteTrigger',
};

/**
 * The answer to one CALL from the central system, or null when the charger stays silent (unresponsive fault;
 * Rejected registration, OCPP 1.6 §4.2: it sends nothing until the retry interval has passed).
 */
export function handleIncomingCall(cp: ChargerPort, id: string, action: string, payload: Payload): Answer | null {
  if (cp.faults.unresponsive || cp.registration === 'Rejected') return null;
  const injected = cp.faults.takeCallError(id);
  if (injected) return { text: injected };
  const refuse = (code: OcppErrorCode, message: string, details?: Payload): Answer => ({ text: JSON.stringify(callError(id, code, message, details)) });
  if (!isAction(action)) return refuse('NotImplemented', `Unknown action "${action}"`);
  if (!isCentralSystemAction(action)) return refuse('NotSupported', `${action} is sent by a charge point, not to it`);
  const feature = ACTION_FEATURE[action];
  if (!cp.profile.features.includes(feature)) return refuse('NotSupported', `${action} needs feature profile ${feature}, which this charger does not support`);
  const problem = checkPayload(action, 'req', payload);
  if (problem) return refuse(problem.code, problem.message, { errors: problem.errors });
  let handled: Handled<CentralSystemAction>;
  try {
    handled = (HANDLERS[action] as (c: ChargerPort, req: unknown) => Handled<CentralSystemAction>)(cp, payload);
  } catch (err) {
    return { text: JSON.stringify(callErrorFrom(id, toOcppError(err))) };
  }
  return { text: JSON.stringify(callResult(id, handled.conf as Payload)), ...(handled.after ? { after: handled.after } : {}) };
}
