/**
 * The one ajv set-up of OCPP payload validation (payloadValidator.ts compiles with it at run time; the renderer's
 * pre-send check runs the same validators compiled ahead of time, commandValidators.generated.ts): the options,
 * the `ocppInt32` keyword, the specification's constraints added to the OCA schemas, and how an ajv error reads.
 */
import { Ajv, _, type CodeOptions, type KeywordCxt } from 'ajv';
import addFormatsModule from 'ajv-formats';

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

const INT32 = { min: -2_147_483_648, max: 2_147_483_647 };

/** An ajv instance with OCPP's rules: all errors, `multipleOf: 0.1` accepts 8.1, formats, 32-bit integers. */
export function createOcppAjv(title: string, code?: CodeOptions): Ajv {
  const ajv = new Ajv({ allErrors: true, strict: false, multipleOfPrecision: 6, ...(code ? { code } : {}) });
  addFormats(ajv);
  ajv.addKeyword({
    keyword: 'ocppInt32',
    type: 'number',
    schemaType: 'boolean',
    error: { message: `must be a 32-bit integer (${title} integer)` },
    // non-integers are the `type` keyword's to report; generated code (not a function) so it compiles ahead of time too
    code(cxt: KeywordCxt) {
      if (cxt.schema !== true) return;
      const d = cxt.data;
      cxt.fail(_`Number.isInteger(${d}) && (${d} < ${INT32.min} || ${d} > ${INT32.max})`);
    },
  });
  return ajv;
}

/**
 * The schema with the specification's constraints added: `ocppInt32` on every integer, `minimum: 0` on every
 * property named in `nonNegative`. Works on a copy (the UI builds its forms from the untouched OCA schemas).
 */
export function specConstraints(schema: unknown, name?: string, nonNegative: readonly string[] = ['connectorId']): unknown {
  if (Array.isArray(schema)) return schema.map((s) => specConstraints(s, name, nonNegative));
  if (schema === null || typeof schema !== 'object') return schema;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(schema)) {
    if (k === 'properties' && v && typeof v === 'object') {
      out[k] = Object.fromEntries(Object.entries(v).map(([prop, sub]) => [prop, specConstraints(sub, prop, nonNegative)]));
    } else out[k] = typeof v === 'object' ? specConstraints(v, k === 'items' ? name : undefined, nonNegative) : v;
  }
  if (out.type === 'integer') {
    out.ocppInt32 = true;
    if (name !== undefined && nonNegative.includes(name) && out.minimum === undefined) out.minimum = 0;
  }
  return out;
}

/** What ajv compiles for an OCA schema: the spec's constraints added, without its $id (2.0.1's "urn:…" ids are not URIs to ajv). */
export function compilableSchema(schema: object, nonNegative: readonly string[]): Record<string, unknown> {
  const { $id: _id, ...rest } = specConstraints(schema, undefined, nonNegative) as Record<string, unknown>;
  return rest;
}
