/**
 * Answers the CSMS's CALLs like a 2.0.1 charging station: the payload validated against the OCA 2.0.1 schemas (a
 * CALLERROR with 2.0.1's code otherwise), then the action's handler, whose answer goes out before its effects
 * (after). An action 2.0.1 does not define is NotImplemented; one it defines but this station does not do (display
 * messages, certificates, monitoring …) or one a station sends, NotSupported (Part 4 §4.3). Faults (unresponsive,
 * CALLERROR) apply here; late answers in parts/rpc.ts. The station's protocol port (v201Port.ts) calls this.
 */
import { callError, callErrorFrom, callResult, toOcppError, type Payload } from '../../../ocpp/index.js';
import { isAction, isCsmsAction, validator201 } from '../../../ocpp/v201/index.js';
import type { Answer } from '../../protocolPort.js';
import type { StationPort } from '../stationPort.js';
import { changeAvailability, reset, unlockConnector } from './availability.js';
import { clearCache, getLocalListVersion, sendLocalList } from './authorization.js';
import { dataTransfer, getLog, updateFirmware } from './firmware.js';
import { getBaseReport, getReport, getVariables, setVariables } from './provisioning.js';
import { getTransactionStatus, requestStartTransaction, requestStopTransaction, triggerMessage } from './remote.js';
import { cancelReservation, reserveNow } from './reservation.js';
import { clearChargingProfile, getChargingProfiles, getCompositeSchedule, setChargingProfile } from './smartCharging.js';
import type { Handled, HandledAction, HandlerTable } from './types.js';

export const HANDLERS_201: HandlerTable = {
  CancelReservation: cancelReservation,
  ChangeAvailability: changeAvailability,
  ClearCache: clearCache,
  ClearChargingProfile: clearChargingProfile,
  DataTransfer: dataTransfer,
  GetBaseReport: getBaseReport,
  GetChargingProfiles: getChargingProfiles,
  GetCompositeSchedule: getCompositeSchedule,
  GetLocalListVersion: getLocalListVersion,
  GetLog: getLog,
  GetReport: getReport,
  GetTransactionStatus: getTransactionStatus,
  GetVariables: getVariables,
  RequestStartTransaction: requestStartTransaction,
  RequestStopTransaction: requestStopTransaction,
  ReserveNow: reserveNow,
  Reset: reset,
  SendLocalList: sendLocalList,
  SetChargingProfile: setChargingProfile,
  SetVariables: setVariables,
  TriggerMessage: triggerMessage,
  UnlockConnector: unlockConnector,
  UpdateFirmware: updateFirmware,
};

export const HANDLED_ACTIONS_201 = Object.keys(HANDLERS_201).sort() as HandledAction[];

/** The answer to the CSMS's CALL (sent by parts/rpc.ts, then `after` runs), or null: the station stays silent. */
export function handleIncomingCall201(cp: StationPort, id: string, action: string, payload: Payload): Answer | null {
  const faults = cp.faults;
  if (faults?.unresponsive) return null;
  // B03.FR.?: while Rejected the station does not talk to the CSMS until its next boot.
  if (cp.registration === 'Rejected') return null;
  const answer = (frame: unknown, after?: () => void): Answer => ({ text: JSON.stringify(frame), ...(after ? { after } : {}) });
  if (faults && faults.callErrors > 0) {
    faults.callErrors--;
    return answer(callError(id, faults.callErrorCode, `Simulated fault: ${faults.callErrorCode}`));
  }
  if (!isAction(action)) return answer(callError(id, 'NotImplemented', `Unknown action "${action}"`));
  if (!isCsmsAction(action)) return answer(callError(id, 'NotSupported', `${action} is sent by a charging station, not to it`));
  const handler = (HANDLERS_201 as Partial<Record<string, (c: StationPort, req: unknown) => Handled<HandledAction>>>)[action];
  if (!handler) return answer(callError(id, 'NotSupported', `${action} is not supported by this simulated station`));
  const problem = validator201.check(action, 'req', payload);
  if (problem)
    return answer(
      callError(id, problem.code, problem.message.slice(0, 255), {
        errors: problem.errors,
      }),
    );
  let handled: Handled<HandledAction>;
  try {
    handled = handler(cp, payload);
  } catch (err) {
    return answer(callErrorFrom(id, toOcppError(err)));
  }
  return answer(callResult(id, handled.conf as unknown as Payload), handled.after);
}
