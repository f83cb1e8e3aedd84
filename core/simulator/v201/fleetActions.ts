/** The fleet's actions (fleetAction.ts FleetAction) on a 2.0.1 station; connectorId there means the EVSE id here. */
import type { FleetAction } from '../fleetAction.js';
import { ReasonEnumTypeValues, type ReasonEnumType, type TriggerReasonEnumType } from '../../ocpp/v201/index.js';
import { injectFault201 } from './faults.js';
import type { ChargingStation } from './station.js';

/** 1.6 stop reasons in 2.0.1's words, with the trigger that goes with each. */
const STOP: Record<string, [ReasonEnumType, TriggerReasonEnumType]> = {
  Local: ['Local', 'StopAuthorized'],
  Remote: ['Remote', 'RemoteStop'],
  EVDisconnected: ['EVDisconnected', 'EVCommunicationLost'],
  PowerLoss: ['PowerLoss', 'AbnormalCondition'],
  EmergencyStop: ['EmergencyStop', 'AbnormalCondition'],
  DeAuthorized: ['DeAuthorized', 'Deauthorized'],
  HardReset: ['ImmediateReset', 'ResetCommand'],
  SoftReset: ['ImmediateReset', 'ResetCommand'],
  Reboot: ['Reboot', 'ResetCommand'],
  UnlockCommand: ['Local', 'UnlockCommand'],
  Other: ['Other', 'AbnormalCondition'],
};

/** A stop reason in 1.6's or 2.0.1's words as 2.0.1's stoppedReason and triggerReason; unknown words are Other. */
export function stopReason201(reason = 'Local'): [ReasonEnumType, TriggerReasonEnumType] {
  const mapped = STOP[reason];
  if (mapped) return mapped;
  return (ReasonEnumTypeValues as readonly string[]).includes(reason) ? [reason as ReasonEnumType, 'AbnormalCondition'] : ['Other', 'AbnormalCondition'];
}

export async function actOnStation(st: ChargingStation, action: FleetAction): Promise<unknown> {
  switch (action.type) {
    case 'powerOn':
      return st.powerOn();
    case 'connect':
      return st.connect();
    case 'disconnect':
      return st.disconnect();
    case 'boot':
      return st.boot();
    case 'reboot':
      return st.reboot(action.resetType === 'Hard' ? 'RemoteReset' : 'LocalReset');
    case 'plug':
      return st.sessions.plug(action.connectorId ?? 1, 1, action.ev);
    case 'unplug':
      return st.sessions.unplug(action.connectorId ?? 1);
    case 'authorize':
      return st.sessions.authorize({ idToken: action.idTag, type: 'ISO14443' });
    case 'start':
      return st.sessions.start(action.connectorId ?? 1, action.idTag ?? 'SIM-TAG');
    case 'stop': {
      const [reason, trigger] = stopReason201(action.reason);
      return st.sessions.stop(action.connectorId ?? 1, reason, trigger);
    }
    case 'fault':
      return injectFault201(st, action.fault);
    case 'sendRaw':
      if (!st.sendRaw(action.text)) throw new Error(`${st.id} is not connected`);
      return undefined;
    case 'call':
      return st.call(action.action as never, action.payload as never);
    case 'status':
      throw new Error(`${st.id} speaks OCPP 2.0.1: its connector statuses follow its EVSEs' state (plug, fault, availability); set that instead`);
    default:
      throw new Error(`unknown fleet action ${(action as { type: string }).type}`);
  }
}
