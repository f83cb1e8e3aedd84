/** The OCPP 2.0.1 protocol port of a simulated station: subprotocol, error codes, reply validation, answers (incoming/). */
import type { Payload } from '../../ocpp/index.js';
import { OCPP201_ERRORS, validator201, type ChargingStationAction } from '../../ocpp/v201/index.js';
import type { Answer, ProtocolPort } from '../protocolPort.js';
import { handleIncomingCall201 } from './incoming/index.js';
import type { StationPort } from './stationPort.js';

const SUBPROTOCOLS = ['ocpp2.0.1'] as const;

export class V201Port implements ProtocolPort {
  readonly version = 'ocpp2.0.1';
  readonly subprotocols = SUBPROTOCOLS;
  readonly errors = OCPP201_ERRORS;
  readonly peer = 'the CSMS';

  constructor(private readonly cp: StationPort) {}

  checkReply(action: string, payload: Payload): string | null {
    return validator201.check(action as ChargingStationAction, 'conf', payload)?.message ?? null;
  }

  answer(messageId: string, action: string, payload: Payload): Answer | null {
    return handleIncomingCall201(this.cp, messageId, action, payload);
  }
}
