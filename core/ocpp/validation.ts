/**
 * Payload validation against the OCA OCPP 1.6 JSON schemas (all 28 actions, .req and .conf) with ajv.
 * - decimals: `multipleOf: 0.1` accepts 8.1 (ajv's multipleOfPrecision), the classic false rejection;
 * - dates: RFC 3339 `date-time` (timezone required);
 * - strictness is a setting: strict rejects, warn reports and lets the payload through, off skips;
 * - constraints the OCA schemas leave out but the 1.6 specification states are checked too (specConstraints):
 *   an OCPP integer is 32-bit (1e300 or 2^31 → TypeConstraintViolation) and a connectorId is never negative
 *   (−1 → PropertyConstraintViolation). A payload breaking them is a schema violation like any other: answered per
 *   strictness, and its frame is stored flagged with the problem.
 */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import schemas from './schemas/ocpp16.json' with { type: 'json' };
import { isAction, type Action } from './actions.js';
import { OcppError, type OcppErrorCode } from './errors.js';

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

export type Strictness = 'strict' | 'warn' | 'off';
export const STRICTNESS_LEVELS: readonly Strictness[] = ['strict', 'warn', 'off'];
export type PayloadKind = 'req' | 'conf';

export interface ValidationProblem {
  code: OcppErrorCode;
  message: string;
  errors: Array<{ path: string; message: string; keyword: string }>;
}

/** ajv keyword → OCPP-J error code, per the meanings in the OCPP-J 1.6 specification. */
const KEYWORD_CODES: Record<string, OcppErrorCode> = {
  type: 'TypeConstraintViolation',
  required: 'OccurenceConstraintViolation',
  minItems: 'OccurenceConstraintViolation',
  maxItems: 'OccurenceConstraintViolation',
  additionalProperties: 'FormationViolation',
  enum: 'PropertyConstraintViolation',
  maxLength: 'PropertyConstraintViolation',
  minLength: 'PropertyConstraintViolation',
  maximum: 'PropertyConstraintViolation',
  minimum: 'PropertyConstraintViolation',
  exclusiveMaximum: 'PropertyConstraintViolation',
  exclusiveMinimum: 'PropertyConstraintViolation',
  multipleOf: 'PropertyConstraintViolation',
  format: 'PropertyConstraintViolation',
  pattern: 'PropertyConstraintViolation',
  ocppInt32: 'TypeConstraintViolation',
};

const INT32 = { min: -2_147_483_648, max: 2_147_483_647 };

/**
 * The schema with the specification's constraints added: `ocppInt32` on every integer, `minimum: 0` on every
 * connectorId. Works on a copy (the UI builds its forms from the untouched OCA schemas).
 */
export function specConstraints(schema: unknown, name?: string): unknown {
  if (Array.isArray(schema)) return schema.map((s) => specConstraints(s, name));
  if (schema === null || typeof schema !== 'object') return schema;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(schema)) {
    if (k === 'properties' && v && typeof v === 'object') {
      out[k] = Object.fromEntries(Object.entries(v).map(([prop, sub]) => [prop, specConstraints(sub, prop)]));
    } else out[k] = typeof v === 'object' ? specConstraints(v, k === 'items' ? name : undefined) : v;
  }
  if (out.type === 'integer') {
    out.ocppInt32 = true;
    if (name === 'connectorId' && out.minimum === undefined) out.minimum = 0;
  }
  return out;
}

const ajv = new Ajv({ allErrors: true, strict: false, multipleOfPrecision: 6 });
addFormats(ajv);
ajv.addKeyword({
  keyword: 'ocppInt32',
  type: 'number',
  schemaType: 'boolean',
  error: { message: 'must be a 32-bit integer (OCPP 1.6 integer)' },
  // non-integers are the `type` keyword's to report
  validate: (on: boolean, data: number) => !on || !Number.isInteger(data) || (data >= INT32.min && data <= INT32.max),
});
const validators = new Map<string, ValidateFunction>();
for (const [key, schema] of Object.entries(schemas as Record<string, object>)) {
  validators.set(key, ajv.compile(specConstraints(schema) as object));
}

function describe(e: ErrorObject): string {
  const where = e.instancePath || '(payload)';
  if (e.keyword === 'additionalProperties') return `${where} has unknown property "${String((e.params as { additionalProperty?: string }).additionalProperty)}"`;
  if (e.keyword === 'enum') return `${where} must be one of ${((e.params as { allowedValues?: unknown[] }).allowedValues ?? []).join(', ')}`;
  return `${where} ${e.message ?? 'is invalid'}`;
}

/** Validates a payload; returns null when valid, or the problem with the OCPP error code to answer with. */
export function checkPayload(action: string, kind: PayloadKind, payload: unknown): ValidationProblem | null {
  if (!isAction(action)) {
    return { code: 'NotImplemented', message: `Unknown action "${action}"`, errors: [] };
  }
  const validate = validators.get(`${action}.${kind}`);
  if (!validate) throw new Error(`No schema for ${action}.${kind}`);
  if (validate(payload)) return null;
  const errors = (validate.errors ?? []).map((e) => ({ path: e.instancePath || '/', message: describe(e), keyword: e.keyword }));
  const first = validate.errors?.[0];
  const code = (first && KEYWORD_CODES[first.keyword]) ?? 'FormationViolation';
  return { code, message: `${action}.${kind === 'req' ? 'req' : 'conf'}: ${errors.map((e) => e.message).join('; ')}`, errors };
}

/** The outcome of validating under a strictness level. */
export interface ValidationOutcome {
  ok: boolean;
  problem: ValidationProblem | null;
}

export function validatePayload(action: Action, kind: PayloadKind, payload: unknown, strictness: Strictness): ValidationOutcome {
  if (strictness === 'off') return { ok: true, problem: null };
  const problem = checkPayload(action, kind, payload);
  if (!problem) return { ok: true, problem: null };
  return { ok: strictness !== 'strict', problem };
}

/** Throws an OcppError for an invalid payload under strict validation. */
export function assertPayload(action: Action, kind: PayloadKind, payload: unknown): void {
  const problem = checkPayload(action, kind, payload);
  if (problem) throw new OcppError(problem.code, problem.message, { errors: problem.errors });
}

/** The raw schema for an action's request or response: used by the UI to generate command forms. */
export function schemaFor(action: Action, kind: PayloadKind): Record<string, unknown> {
  return (schemas as Record<string, Record<string, unknown>>)[`${action}.${kind}`] as Record<string, unknown>;
}
