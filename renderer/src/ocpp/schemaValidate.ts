/**
 * Validates a command payload in the renderer against the OCA schema before it is sent (the server checks
 * again with ajv). Covers what the OCPP 1.6 schemas use: type, required, enum, maxLength, minimum/maximum,
 * multipleOf, date-time, uri, arrays, additionalProperties: false.
 */
export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  enum?: unknown[];
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  multipleOf?: number;
  format?: string;
  items?: JsonSchema;
  additionalProperties?: boolean;
  minItems?: number;
  maxItems?: number;
}

export interface FieldError {
  path: string;
  message: string;
}

const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i;

export function validate(schema: JsonSchema, value: unknown, path = ''): FieldError[] {
  const errors: FieldError[] = [];
  const where = path || '(payload)';
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'object': {
      if (value === null || typeof value !== 'object' || Array.isArray(value)) return [{ path: where, message: 'must be an object' }];
      const obj = value as Record<string, unknown>;
      for (const r of schema.required ?? []) if (obj[r] === undefined) errors.push({ path: `${path}/${r}`, message: 'is required' });
      for (const [k, v] of Object.entries(obj)) {
        const sub = schema.properties?.[k];
        if (!sub) {
          if (schema.additionalProperties === false) errors.push({ path: `${path}/${k}`, message: 'is not allowed' });
          continue;
        }
        errors.push(...validate(sub, v, `${path}/${k}`));
      }
      return errors;
    }
    case 'array': {
      if (!Array.isArray(value)) return [{ path: where, message: 'must be a list' }];
      if (schema.minItems !== undefined && value.length < schema.minItems) errors.push({ path: where, message: `needs at least ${schema.minItems} item(s)` });
      if (schema.maxItems !== undefined && value.length > schema.maxItems) errors.push({ path: where, message: `allows at most ${schema.maxItems} item(s)` });
      value.forEach((v, i) => schema.items && errors.push(...validate(schema.items, v, `${path}/${i}`)));
      return errors;
    }
    case 'string': {
      if (typeof value !== 'string') return [{ path: where, message: 'must be text' }];
      if (schema.maxLength !== undefined && value.length > schema.maxLength)
        errors.push({ path: where, message: `is longer than ${schema.maxLength} characters` });
      if (schema.format === 'date-time' && !(DATE_TIME.test(value) && Number.isFinite(Date.parse(value))))
        errors.push({ path: where, message: 'must be an RFC 3339 date-time with timezone, e.g. 2026-01-31T12:00:00Z' });
      if (schema.format === 'uri' && !/^[a-z][a-z0-9+.-]*:/i.test(value)) errors.push({ path: where, message: 'must be a URI, e.g. ftp://host/path' });
      break;
    }
    case 'integer':
    case 'number': {
      if (typeof value !== 'number' || !Number.isFinite(value)) return [{ path: where, message: 'must be a number' }];
      if (type === 'integer' && !Number.isInteger(value)) errors.push({ path: where, message: 'must be a whole number' });
      if (schema.minimum !== undefined && value < schema.minimum) errors.push({ path: where, message: `must be ≥ ${schema.minimum}` });
      if (schema.maximum !== undefined && value > schema.maximum) errors.push({ path: where, message: `must be ≤ ${schema.maximum}` });
      if (schema.multipleOf !== undefined && Math.abs(Math.round(value / schema.multipleOf) * schema.multipleOf - value) > 1e-9)
        errors.push({ path: where, message: `must be a multiple of ${schema.multipleOf}` });
      break;
    }
    case 'boolean':
      if (typeof value !== 'boolean') return [{ path: where, message: 'must be true or false' }];
      break;
  }
  if (schema.enum && !schema.enum.includes(value)) errors.push({ path: where, message: `must be one of ${schema.enum.join(', ')}` });
  return errors;
}
