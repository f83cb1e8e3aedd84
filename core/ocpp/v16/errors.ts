/**
 * OCPP-J 1.6 error codes (OCPP-J 1.6 §4.2.3, table "Valid Error Codes"), spelled as that table spells them
 * ("OccurenceConstraintViolation", "FormationViolation"), and the rules choosing one.
 */
import { validationRules, type ErrorVocabulary } from '../errors.js';

export const OCPP16_ERROR_CODES = [
  'NotImplemented',
  'NotSupported',
  'InternalError',
  'ProtocolError',
  'SecurityError',
  'FormationViolation',
  'PropertyConstraintViolation',
  'OccurenceConstraintViolation',
  'TypeConstraintViolation',
  'GenericError',
] as const;

export type Ocpp16ErrorCode = (typeof OCPP16_ERROR_CODES)[number];

/** What each code means, from the specification's table. */
export const OCPP16_ERROR_MEANING: Record<Ocpp16ErrorCode, string> = {
  NotImplemented: 'Requested Action is not known by receiver',
  NotSupported: 'Requested Action is recognized but not supported by the receiver',
  InternalError: 'An internal error occurred and the receiver was not able to process the requested Action successfully',
  ProtocolError: 'Payload for Action is incomplete',
  SecurityError: 'During the processing of Action a security issue occurred preventing receiver from completing the Action successfully',
  FormationViolation: 'Payload for Action is syntactically incorrect or not conform the PDU structure for Action',
  PropertyConstraintViolation: 'Payload is syntactically correct but at least one field contains an invalid value',
  OccurenceConstraintViolation: 'Payload for Action is syntactically correct but at least one of the fields violates occurence constraints',
  TypeConstraintViolation: 'Payload for Action is syntactically correct but at least one of the fields violates data type constraints',
  GenericError: 'Any other error not covered by the previous ones',
};

export function isOcpp16ErrorCode(code: unknown): code is Ocpp16ErrorCode {
  return typeof code === 'string' && (OCPP16_ERROR_CODES as readonly string[]).includes(code);
}

export const OCPP16_ERRORS: ErrorVocabulary = {
  codes: OCPP16_ERROR_CODES,
  meaning: OCPP16_ERROR_MEANING,
  // 1.6 has one code for a broken envelope ("syntactically incorrect or not conform the PDU structure") and
  // ProtocolError for an incomplete one.
  framing: {
    notJson: 'FormationViolation',
    notArray: 'FormationViolation',
    badMessageType: 'FormationViolation',
    unknownMessageType: 'FormationViolation',
    badMessageId: 'FormationViolation',
    callIncomplete: 'ProtocolError',
    callTooLong: 'FormationViolation',
    badAction: 'FormationViolation',
    badPayload: 'FormationViolation',
    badReply: 'FormationViolation',
    unknownErrorCode: 'FormationViolation',
  },
  validation: validationRules({ occurrence: 'OccurenceConstraintViolation', format: 'FormationViolation' }),
  aliases: {
    FormatViolation: 'FormationViolation',
    OccurrenceConstraintViolation: 'OccurenceConstraintViolation',
    MessageTypeNotSupported: 'FormationViolation',
    RpcFrameworkError: 'FormationViolation',
  },
};
