/** The OCPP 1.6 protocol port of a simulated charger: subprotocol, error codes, reply validation, answers (incoming/). */
import { checkPayload, OCPP16_ERRORS, type ChargePointAction, type Payload } from '../ocpp/index.js';
import { handleIncomingCall } from './incoming/index.js';
import type { ChargerPort } from './incoming/port.js';
import type { Answer, ProtocolPort } from './protocolPort.js';

const SUBPROTOCOLS = ['ocpp1.6'] as const;

export class V16Port implements ProtocolPort {
  readonly version = 'ocpp1.6';
  readonly subprotocols = SUBPROTOCOLS;
  readonly errors = OCPP16_ERRORS;
  readonly peer = 'central system';

  constructor(private readonly cp: ChargerPort) {}

  checkReply(action: string, payload: Payload): string | null {
    return checkPayload(action as ChargePointAction, 'conf', payload)?.message ?? null;
  }

  answer(messageId: string, action: string, payload: Payload): Answer | null {
    return handleIncomingCall(this.cp, messageId, action, payload);
  }
}
