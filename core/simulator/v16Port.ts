/** The OCPP 1.6 protocol port of a simulated charger: subprotocol, error codes, reply validation, answers (incoming/). */
import { checkPayload, OCPP16_ERRORS, type ChargePointAction } from '../ocpp/index.js';
import { handleIncomingCall } from './incoming/index.js';
import type { ChargerPort } from './incoming/port.js';
import type { ProtocolPort } from './protocolPort.js';

export function v16Port(cp: ChargerPort): ProtocolPort {
  return {
    version: 'ocpp1.6',
    subprotocols: ['ocpp1.6'],
    errors: OCPP16_ERRORS,
    checkReply: (action, payload) => checkPayload(action as ChargePointAction, 'conf', payload)?.message ?? null,
    answer: (id, action, payload) => handleIncomingCall(cp, id, action, payload),
  };
}
