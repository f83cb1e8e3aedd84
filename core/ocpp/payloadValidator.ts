/**
 * Payload validation against a version's OCA JSON schemas with ajv (one validator per version: v16/validation.ts,
 * v201/validation.ts). The same rules for every version:
 * - decimals: `multipleOf: 0.1` accepts 8.1 (ajv's multipleOfPrecision), the classic false rejection;
 * - dates: RFC 3339 `date-time` (timezone required);
 * - strictness is a setting: strict rejects, warn reports and lets the payload through, off skips;
 * - constraints the OCA schemas leave out but the specifications state are checked too (specConstraints): an OCPP
 *   integer is 32-bit (1e300 or 2^31 → TypeConstraintViolation) and, in 1.6, a connectorId is never negative
 *   (−1 → PropertyConstraintViolation). A payload breaking them is a schema violation like any other: answered per
 *   strictness, and its frame is stored flagged with the problem;
 * - the error code comes from the version's vocabulary (1.6 "OccurenceConstraintViolation", 2.0.1
 *   "OccurrenceConstraintViolation"…), chosen by the first failing keyword.
 * Schemas compile on first use.
 */
import type { ValidateFunction } from 'ajv';
import { compilableSchema, createOcppAjv } from './ajvRules.js';
import { OcppError, type ErrorVocabulary, type OcppErrorCode } from './errors.js';
import { describeError } from './fieldErrors.js';

export { specConstraints } from './ajvRules.js';

export type Strictness = 'strict' | 'warn' | 'off';
export const STRICTNESS_LEVELS: readonly Strictness[] = ['strict', 'warn', 'off'];
export type PayloadKind = 'req' | 'conf';

export interface ValidationProblem {
  code: OcppErrorCode;
  message: string;
  errors: Array<{ path: string; message: string; keyword: string }>;
}

/** The outcome of validating under a strictness level. */
export interface ValidationOutcome {
  ok: boolean;
  problem: ValidationProblem | null;
}

export interface PayloadValidator {
  /** Returns null when valid, or the problem with the version's error code to answer with. */
  check(action: string, kind: PayloadKind, payload: unknown): ValidationProblem | null;
  validate(action: string, kind: PayloadKind, payload: unknown, strictness: Strictness): ValidationOutcome;
  /** Throws an OcppError for an invalid payload (strict). */
  assert(action: string, kind: PayloadKind, payload: unknown): void;
  /** The raw OCA schema of an action's request or response (forms in the UI), undefined for an unknown action. */
  schemaFor(action: string, kind: PayloadKind): Record<string, unknown> | undefined;
}

export interface PayloadValidatorOptions {
  /** "OCPP 1.6", in messages. */
  title: string;
  /** The OCA schemas keyed "<Action>.req" / "<Action>.conf". */
  schemas: Readonly<Record<string, object>>;
  errors: ErrorVocabulary;
  /** Integer properties the specification says are never negative. */
  nonNegative?: readonly string[];
}

export function createPayloadValidator(o: PayloadValidatorOptions): PayloadValidator {
  const ajv = createOcppAjv(o.title);
  const compiled = new Map<string, ValidateFunction>();
  const validatorFor = (key: string): ValidateFunction | undefined => {
    let fn = compiled.get(key);
    if (!fn) {
      const schema = o.schemas[key];
      if (!schema) return undefined;
      fn = ajv.compile(compilableSchema(schema, o.nonNegative ?? []));
      compiled.set(key, fn);
    }
    return fn;
  };

  function check(action: string, kind: PayloadKind, payload: unknown): ValidationProblem | null {
    const validate = validatorFor(`${action}.${kind}`);
    if (!validate) return { code: 'NotImplemented', message: `Unknown action "${action}": not an ${o.title} action`, errors: [] };
    if (validate(payload)) return null;
    const errors = (validate.errors ?? []).map((e) => ({ path: e.instancePath || '/', message: describeError(e), keyword: e.keyword }));
    const first = validate.errors?.[0];
    const code = (first && o.errors.validation.byKeyword[first.keyword]) ?? o.errors.validation.fallback;
    return { code, message: `${action}.${kind}: ${errors.map((e) => e.message).join('; ')}`, errors };
  }

  return {
    check,
    validate(action, kind, payload, strictness) {
      if (strictness === 'off') return { ok: true, problem: null };
      const problem = check(action, kind, payload);
      if (!problem) return { ok: true, problem: null };
      return { ok: strictness !== 'strict', problem };
    },
    assert(action, kind, payload) {
      const problem = check(action, kind, payload);
      if (problem) throw new OcppError(problem.code, problem.message, { errors: problem.errors });
    },
    schemaFor(action, kind) {
      return o.schemas[`${action}.${kind}`] as Record<string, unknown> | undefined;
    },
  };
}
