/**
 * OCPP 1.6 payload validation: the OCA 1.6 schemas with 1.6's error codes, plus the 1.6 specification's rules the
 * schemas omit (32-bit integers, connectorId >= 0). The functions keep the names 1.6 code has always used.
 */
import schemas from '../schemas/ocpp16.json' with { type: 'json' };
import { createPayloadValidator, type PayloadKind, type Strictness, type ValidationOutcome, type ValidationProblem } from '../payloadValidator.js';
import type { Action } from './actions.js';
import { OCPP16_ERRORS } from './errors.js';

export const OCPP16_SCHEMAS: Readonly<Record<string, object>> = schemas;

export const validator16 = createPayloadValidator({ title: 'OCPP 1.6', schemas: OCPP16_SCHEMAS, errors: OCPP16_ERRORS, nonNegative: ['connectorId'] });

/** Validates a payload; returns null when valid, or the problem with the OCPP error code to answer with. */
export function checkPayload(action: string, kind: PayloadKind, payload: unknown): ValidationProblem | null {
  return validator16.check(action, kind, payload);
}

export function validatePayload(action: Action, kind: PayloadKind, payload: unknown, strictness: Strictness): ValidationOutcome {
  return validator16.validate(action, kind, payload, strictness);
}

/** Throws an OcppError for an invalid payload under strict validation. */
export function assertPayload(action: Action, kind: PayloadKind, payload: unknown): void {
  validator16.assert(action, kind, payload);
}

/** The raw schema for an action's request or response: used by the UI to generate command forms. */
export function schemaFor(action: Action, kind: PayloadKind): Record<string, unknown> {
  return validator16.schemaFor(action, kind) as Record<string, unknown>;
}
