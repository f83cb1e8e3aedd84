import type { RequestOf, ResponseOf } from '../../../ocpp/v201/index.js';
import type { StationPort } from '../stationPort.js';

/** The 2.0.1 CSMS→CS actions this station answers. */
export type HandledAction =
  | 'CancelReservation'
  | 'ChangeAvailability'
  | 'ClearCache'
  | 'ClearChargingProfile'
  | 'DataTransfer'
  | 'GetBaseReport'
  | 'GetChargingProfiles'
  | 'GetCompositeSchedule'
  | 'GetLocalListVersion'
  | 'GetLog'
  | 'GetReport'
  | 'GetTransactionStatus'
  | 'GetVariables'
  | 'RequestStartTransaction'
  | 'RequestStopTransaction'
  | 'ReserveNow'
  | 'Reset'
  | 'SendLocalList'
  | 'SetChargingProfile'
  | 'SetVariables'
  | 'TriggerMessage'
  | 'UnlockConnector'
  | 'UpdateFirmware';

/** The answer to an incoming CALL, and what the station does once the answer is on the wire. */
export interface Handled<A extends HandledAction> {
  conf: ResponseOf<A>;
  after?: () => void;
}

export type Handler<A extends HandledAction> = (cp: StationPort, req: RequestOf<A>) => Handled<A>;
export type HandlerTable = { [A in HandledAction]: Handler<A> };
