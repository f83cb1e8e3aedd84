/**
 * OCPP 2.0.1 RPC framework error codes (OCPP 2.0.1 Part 4 "JSON over WebSockets", §4.3 "RPC Framework Error
 * Codes"): twelve, spelled "OccurrenceConstraintViolation"; "FormatViolation" replaces 1.6's FormationViolation,
 * ProtocolError now means "not conform the PDU structure", and MessageTypeNotSupported and RpcFrameworkError are new.
 */
import { validationRules, type ErrorVocabulary } from '../errors.js';

export const OCPP201_ERROR_CODES = [
  'FormatViolation',
  'GenericError',
  'InternalError',
  'MessageTypeNotSupported',
  'NotImplemented',
  'NotSupported',
  'OccurrenceConstraintViolation',
  'PropertyConstraintViolation',
  'ProtocolError',
  'RpcFrameworkError',
  'SecurityError',
  'TypeConstraintViolation',
] as const;

export type Ocpp201ErrorCode = (typeof OCPP201_ERROR_CODES)[number];

/** What each code means, from the specification's table. */
export const OCPP201_ERROR_MEANING: Record<Ocpp201ErrorCode, string> = {
  FormatViolation: 'Payload for Action is syntactically incorrect',
  GenericError: 'Any other error not covered by the more specific error codes in this table',
  InternalError: 'An internal error occurred and the receiver was not able to process the requested Action successfully',
  MessageTypeNotSupported: 'A message with a Message Type Number received that is not supported by this implementation',
  NotImplemented: 'Requested Action is not known by receiver',
  NotSupported: 'Requested Action is recognized but not supported by the receiver',
  OccurrenceConstraintViolation: 'Payload for Action is syntactically correct but at least one of the fields violates occurrence constraints',
  PropertyConstraintViolation: 'Payload is syntactically correct but at least one field contains an invalid value',
  ProtocolError: 'Payload for Action is not conform the PDU structure',
  RpcFrameworkError: 'Content of the call is not a valid RPC Request, for example: MessageId could not be read',
  SecurityError: 'During the processing of Action a security issue occurred preventing receiver from completing the Action successfully',
  TypeConstraintViolation: 'Payload for Action is syntactically correct but at least one of the fields violates data type constraints (e.g. "somestring": 12)',
};

export const OCPP201_ERRORS: ErrorVocabulary = {
  codes: OCPP201_ERROR_CODES,
  meaning: OCPP201_ERROR_MEANING,
  // A frame that is not a valid RPC message is RpcFrameworkError ("MessageId could not be read"), an unknown
  // message type number MessageTypeNotSupported, a payload that is not an object FormatViolation.
  framing: {
    notJson: 'RpcFrameworkError',
    notArray: 'RpcFrameworkError',
    badMessageType: 'RpcFrameworkError',
    unknownMessageType: 'MessageTypeNotSupported',
    badMessageId: 'RpcFrameworkError',
    callIncomplete: 'RpcFrameworkError',
    callTooLong: 'RpcFrameworkError',
    badAction: 'RpcFrameworkError',
    badPayload: 'FormatViolation',
    badReply: 'RpcFrameworkError',
    unknownErrorCode: 'RpcFrameworkError',
  },
  // The 1.6 rules in 2.0.1's spelling (an unknown property is FormatViolation, as it was 1.6's FormationViolation).
  validation: validationRules({ occurrence: 'OccurrenceConstraintViolation', format: 'FormatViolation' }),
  aliases: {
    FormationViolation: 'FormatViolation',
    OccurenceConstraintViolation: 'OccurrenceConstraintViolation',
  },
};
