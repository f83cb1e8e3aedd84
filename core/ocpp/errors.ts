/**
 * OCPP-J RPC error codes and a typed error that carries its code to the wire. The framing is the same in every
 * version; the codes are not: each version has its own set (OCPP-J 1.6 §4.2.3 has 10 and spells
 * "OccurenceConstraintViolation" and "FormationViolation"; OCPP 2.0.1 Part 4 §4.3 has 12, spells
 * "OccurrenceConstraintViolation", renames FormationViolation to "FormatViolation" and adds MessageTypeNotSupported
 * and RpcFrameworkError). A version's ErrorVocabulary (v16/errors.ts, v201/errors.ts) says which code answers
 * which framing fault and which schema keyword.
 */

/** Every error code any supported version defines (the type of a code on the wire). */
export const RPC_ERROR_CODES = [
  'NotImplemented',
  'NotSupported',
  'InternalError',
  'ProtocolError',
  'SecurityError',
  'FormationViolation',
  'FormatViolation',
  'PropertyConstraintViolation',
  'OccurenceConstraintViolation',
  'OccurrenceConstraintViolation',
  'TypeConstraintViolation',
  'GenericError',
  'MessageTypeNotSupported',
  'RpcFrameworkError',
] as const;

export type OcppErrorCode = (typeof RPC_ERROR_CODES)[number];

/** What can be wrong with a frame before its payload is looked at; each version answers each with its own code. */
export type FramingFault =
  /** The text is not JSON. */
  | 'notJson'
  /** JSON, but not an array. */
  | 'notArray'
  /** The MessageTypeId is not a number. */
  | 'badMessageType'
  /** A number, but not 2, 3 or 4. */
  | 'unknownMessageType'
  /** The UniqueId is missing, not a string, empty or longer than 36 characters. */
  | 'badMessageId'
  /** A CALL with fewer than 4 elements. */
  | 'callIncomplete'
  /** A CALL with more than 4 elements. */
  | 'callTooLong'
  /** The Action is not a non-empty string. */
  | 'badAction'
  /** The payload is not a JSON object. */
  | 'badPayload'
  /** A CALLRESULT/CALLERROR of the wrong shape (recorded, never answered). */
  | 'badReply'
  /** A CALLERROR whose ErrorCode the version does not define (recorded, never answered). */
  | 'unknownErrorCode';

/** One version's error codes and the rules choosing them. */
export interface ErrorVocabulary {
  /** The codes the version defines, in the specification's order. */
  readonly codes: readonly OcppErrorCode[];
  /** The specification's meaning of each code. */
  readonly meaning: Readonly<Partial<Record<OcppErrorCode, string>>>;
  /** The code answering each framing fault. */
  readonly framing: Readonly<Record<FramingFault, OcppErrorCode>>;
  /** Schema validation: ajv keyword → code, and the code for any other keyword. */
  readonly validation: { readonly byKeyword: Readonly<Record<string, OcppErrorCode>>; readonly fallback: OcppErrorCode };
  /** Another version's code for the same meaning → this version's (a CALLERROR only ever carries the version's own codes). */
  readonly aliases: Readonly<Partial<Record<OcppErrorCode, OcppErrorCode>>>;
}

/**
 * The schema-keyword rules every version follows, in its spelling: occurrence (required, item counts), type, value
 * (enum, lengths, ranges, multiples, formats, patterns) — and anything else, an unknown property included, is the
 * version's "syntactically incorrect" code (1.6 FormationViolation, 2.0.1 FormatViolation).
 */
export function validationRules(spelling: { occurrence: OcppErrorCode; format: OcppErrorCode }): ErrorVocabulary['validation'] {
  const value: OcppErrorCode = 'PropertyConstraintViolation';
  return {
    byKeyword: {
      type: 'TypeConstraintViolation',
      ocppInt32: 'TypeConstraintViolation',
      required: spelling.occurrence,
      minItems: spelling.occurrence,
      maxItems: spelling.occurrence,
      additionalProperties: spelling.format,
      ...Object.fromEntries(
        ['enum', 'maxLength', 'minLength', 'maximum', 'minimum', 'exclusiveMaximum', 'exclusiveMinimum', 'multipleOf', 'format', 'pattern'].map((k) => [
          k,
          value,
        ]),
      ),
    },
    fallback: spelling.format,
  };
}

export function isRpcErrorCode(code: unknown): code is OcppErrorCode {
  return typeof code === 'string' && (RPC_ERROR_CODES as readonly string[]).includes(code);
}

/** Whether the version defines this code. */
export function isCodeOf(vocabulary: ErrorVocabulary, code: unknown): code is OcppErrorCode {
  return typeof code === 'string' && (vocabulary.codes as readonly string[]).includes(code);
}

/** The code to put on the wire for this version: the code itself when the version has it, else its alias, else GenericError. */
export function ownCode(vocabulary: ErrorVocabulary, code: OcppErrorCode): OcppErrorCode {
  if (isCodeOf(vocabulary, code)) return code;
  return vocabulary.aliases[code] ?? 'GenericError';
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
