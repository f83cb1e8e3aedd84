/**
 * Answers the central system's CALLs like a real charger: envelope and payload validated against the OCA schemas
 * (a CALLERROR with the spec's code otherwise), actions of unsupported feature profiles → NotSupported, then the
 * action's handler. Faults (unresponsive, CALLERROR, late answers) apply here.
 */
import { callError, callErrorFrom, callResult, checkPayload, isAction, isCentralSystemAction, toOcppError, type CentralSystemAction, type Payload } from '../../ocpp/index.js';
import type { Charger } from '../charger.js';
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

export function handleIncomingCall(cp: Charger, id: string, action: string, payload: Payload): void {
  const faults = cp.faults;
  if (faults?.unresponsive) return;
  if (cp.registration === 'Rejected') {
    // OCPP 1.6 §4.2: while Rejected the charger sends nothing until the retry interval has passed.
    return;
  }
  if (faults && faults.callErrors > 0) {
    faults.callErrors--;
    cp.reply(JSON.stringify(callError(id, faults.callErrorCode, `Simulated fault: ${faults.callErrorCode}`)));
    return;
  }
  if (!isAction(action)) {
    cp.reply(JSON.stringify(callError(id, 'NotImplemented', `Unknown action "${action}"`)));
    return;
  }
  if (!isCentralSystemAction(action)) {
    cp.reply(JSON.stringify(callError(id, 'NotSupported', `${action} is sent by a charge point, not to it`)));
    return;
  }
  const feature = ACTION_FEATURE[action];
  if (!cp.profile.features.includes(feature)) {
    cp.reply(JSON.stringify(callError(id, 'NotSupported', `${action} needs feature profile ${feature}, which this charger does not support`)));
    return;
  }
  const problem = checkPayload(action, 'req', payload);
  if (problem) {
    cp.reply(JSON.stringify(callError(id, problem.code, problem.message, { errors: problem.errors })));
    return;
  }
  let handled: Handled<CentralSystemAction>;
  try {
    handled = (HANDLERS[action] as (c: Charger, req: unknown) => Handled<CentralSystemAction>)(cp, payload);
  } catch (err) {
    cp.reply(JSON.stringify(callErrorFrom(id, toOcppError(err))));
    return;
  }
  cp.reply(JSON.stringify(callResult(id, handled.conf as Payload)), handled.after);
}
