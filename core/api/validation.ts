/**
 * Checks a request against its route's contract (ajv, compiled once per contract): path parameters and query
 * are coerced from text ("5" → 5, "true" → true), defaults are filled in, the body is checked as sent. The first
 * problem becomes a 400 whose message names the parameter and what it must be. Responses are checked too when
 * asked (tests and the e2e bench do), so a contract cannot drift from what the server really sends.
 */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { TSchema } from '@sinclair/typebox';
import type { Contract } from './contracts/contract.js';
import { BadRequestError } from './errors.js';

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

function newAjv(opts: { coerce: boolean; defaults: boolean }): Ajv {
  const ajv = new Ajv({ coerceTypes: opts.coerce, useDefaults: opts.defaults, allErrors: false, verbose: true, strict: false });
  addFormats(ajv);
  // An instant: ISO 8601 text or epoch milliseconds.
  ajv.addFormat('instant', { type: 'string', validate: (v: string) => (/^\d+$/.test(v) ? Number.isSafeInteger(Number(v)) : Number.isFinite(Date.parse(v))) });
  return ajv;
}

const textAjv = newAjv({ coerce: true, defaults: true });
const bodyAjv = newAjv({ coerce: false, defaults: true });
const responseAjv = newAjv({ coerce: false, defaults: false });

export type RequestPart = 'path' | 'query' | 'body';

interface Compiled {
  params?: ValidateFunction;
  query?: ValidateFunction;
  body?: ValidateFunction;
  response?: ValidateFunction;
}

const cache = new WeakMap<Contract, Compiled>();

function compiled(c: Contract): Compiled {
  let v = cache.get(c);
  if (!v) {
    v = {
      ...(c.params ? { params: textAjv.compile(c.params) } : {}),
      ...(c.query ? { query: textAjv.compile(c.query) } : {}),
      ...(c.body ? { body: bodyAjv.compile(c.body) } : {}),
      ...(c.response ? { response: responseAjv.compile(c.response as TSchema) } : {}),
    };
    cache.set(c, v);
  }
  return v;
}

/** Validates (and coerces, fills defaults into) one part of a request in place; throws BadRequestError. */
export function checkRequestPart(c: Contract, part: RequestPart, value: unknown): void {
  const v = compiled(c)[part === 'path' ? 'params' : part];
  if (!v || v(value)) return;
  const err = v.errors?.[0];
  throw new BadRequestError(err ? describe(err, part) : `Invalid ${part}`);
}

/** A problem with a response (null when it matches the contract). */
export function responseProblem(c: Contract, value: unknown): string | null {
  const v = compiled(c).response;
  if (!v || v(value)) return null;
  return (v.errors ?? [])
    .slice(0, 3)
    .map((e) => `${e.instancePath || '(body)'} ${e.message ?? e.keyword}`)
    .join('; ');
}

/** `/items/0/name` → `items[0].name`. */
function fieldOf(path: string): string {
  return path
    .split('/')
    .slice(1)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((acc, p) => (/^\d+$/.test(p) ? `${acc}[${p}]` : acc ? `${acc}.${p}` : p), '');
}

const TYPE_WORDS: Record<string, string> = {
  integer: 'an integer',
  number: 'a number',
  boolean: 'true or false',
  string: 'a string',
  object: 'a JSON object',
  array: 'an array',
  null: 'null',
};

function shown(v: unknown): string {
  const s = JSON.stringify(v);
  return s === undefined ? String(v) : s.length > 80 ? `${s.slice(0, 77)}...` : s;
}

/** One ajv error in words, naming the parameter. A schema's `errorMessage` (with {field}, {value}, ajv params) wins. */
export function describe(err: ErrorObject, part: RequestPart): string {
  const field = fieldOf(err.instancePath);
  const params = err.params as Record<string, unknown>;
  const custom = (err.parentSchema as { errorMessage?: unknown } | undefined)?.errorMessage;
  if (typeof custom === 'string') {
    return custom.replace(/\{(\w+)\}/g, (_m, k: string) =>
      k === 'field' ? field : k === 'value' ? String(typeof err.data === 'object' ? shown(err.data) : err.data) : String(params[k] ?? ''),
    );
  }
  const name = `"${field}"`;
  const where = part === 'path' ? 'path' : part;
  switch (err.keyword) {
    case 'required': {
      const missing = `${field ? `${field}.` : ''}${String(params.missingProperty)}`;
      return `Missing ${where} parameter "${missing}"`;
    }
    case 'type':
      if (!field && part === 'body') return 'Request body must be a JSON object';
      return `Parameter ${name} must be ${TYPE_WORDS[String(params.type)] ?? String(params.type)}, got ${shown(err.data)}`;
    case 'minimum':
    case 'exclusiveMinimum':
      return `Parameter ${name} must be ${err.keyword === 'minimum' ? '≥' : '>'} ${String(params.limit)}, got ${shown(err.data)}`;
    case 'maximum':
    case 'exclusiveMaximum':
      return `Parameter ${name} must be ${err.keyword === 'maximum' ? '≤' : '<'} ${String(params.limit)}, got ${shown(err.data)}`;
    case 'enum':
      return `Parameter ${name} must be one of ${(params.allowedValues as unknown[]).join(', ')}, got ${shown(err.data)}`;
    case 'const':
      return `Parameter ${name} must be ${shown(params.allowedValue)}, got ${shown(err.data)}`;
    case 'pattern':
      return `Parameter ${name} has an invalid format (expected /${String(params.pattern)}/), got ${shown(err.data)}`;
    case 'format':
      return `Parameter ${name} must be ${params.format === 'date-time' ? 'an RFC 3339 date-time with a time zone, e.g. 2026-01-31T12:00:00Z' : `a valid ${String(params.format)}`}, got ${shown(err.data)}`;
    case 'maxLength':
      return `Parameter ${name} is longer than ${String(params.limit)} characters`;
    case 'minLength':
      return `Parameter ${name} must not be empty`;
    case 'maxItems':
      return `Parameter ${name} has more than ${String(params.limit)} items`;
    case 'minItems':
      return `Parameter ${name} needs at least ${String(params.limit)} item(s)`;
    case 'additionalProperties': {
      const known = Object.keys((err.parentSchema as { properties?: object } | undefined)?.properties ?? {});
      const extra = `${field ? `${field}.` : ''}${String(params.additionalProperty)}`;
      return `Unknown ${where} parameter "${extra}"${known.length ? `; known: ${known.join(', ')}` : ''}`;
    }
    default:
      return `Parameter ${name || '(body)'} ${err.message ?? 'is invalid'}`;
  }
}
