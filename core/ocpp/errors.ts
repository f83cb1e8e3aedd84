/**
 * OCPP-J error codes (OCPP-J 1.6 §4.2.3) and a typed error that carries its code to the wire.
 */
export const OCPP_ERROR_CODES = [
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

export type OcppErrorCode = (typeof OCPP_ERROR_CODES)[number];

/** What each code means, from the specification's table. */
export const OCPP_ERROR_MEANING: Record<OcppErrorCode, string> = {
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

export function isOcppErrorCode(code: unknown): code is OcppErrorCode {
  return typeof code === 'string' && (OCPP_ERROR_CODES as readonly string[]).includes(code);
}

/** An error that becomes a CALLERROR with this code, description and details. */
export class OcppError extends Error {
  readonly code: OcppErrorCode;
  readonly details: Record<string, unknown>;
  constructor(code: OcppErrorCode, description: string, details: Record<string, unknown> = {}) {
    super(description);
    this.name = 'OcppError';
    this.code = code;
    this.details = details;
  }
}

/** Turns anything thrown into an OcppError; unknown exceptions become InternalError. */
export function toOcppError(err: unknown): OcppError {
  if (err instanceof OcppError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new OcppError('InternalError', message || 'Internal error');
}
