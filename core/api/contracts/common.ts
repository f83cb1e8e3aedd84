/** Schemas several domains share: ids, times, pages, plain acknowledgements. Node-free. */
import { Type, type TSchema } from '@sinclair/typebox';
import { CHARGE_POINT_ID_CHARACTERS, CHARGE_POINT_ID_PATTERN, MAX_CHARGE_POINT_ID_LENGTH } from '../../ocpp/chargePointId.js';

/** A charge point id by the one id rule (core/ocpp/chargePointId.ts). `errorMessage` is the 400's text. */
export const ChargerId = Type.String({
  pattern: CHARGE_POINT_ID_PATTERN.source,
  description: `Charge point id: 1-${MAX_CHARGE_POINT_ID_LENGTH} characters of ${CHARGE_POINT_ID_CHARACTERS}, not "." or ".."`,
  errorMessage: `Charger id "{value}" is invalid: 1-${MAX_CHARGE_POINT_ID_LENGTH} characters of ${CHARGE_POINT_ID_CHARACTERS}, not "." or ".."`,
});

/** Path parameters of routes under /api/chargers/:id. */
export const ChargerParams = Type.Object({ id: ChargerId });

/** An instant in a query: ISO 8601 / RFC 3339 text, or epoch milliseconds. */
export const Instant = Type.String({
  format: 'instant',
  maxLength: 40,
  description: 'ISO 8601 time (2026-01-31T12:00:00Z) or epoch milliseconds',
  errorMessage: '"{field}" must be an ISO 8601 time or epoch milliseconds, got "{value}"',
});

/** An RFC 3339 date-time with a time zone (what OCPP sends). */
export const DateTime = Type.String({ format: 'date-time', description: 'RFC 3339 date-time, e.g. 2026-01-31T12:00:00Z' });

/** OCPP IdToken: 1-20 printable ASCII characters. */
export const IdTag = Type.String({
  pattern: '^[\\x21-\\x7e]{1,20}$',
  description: 'OCPP IdToken: 1-20 printable ASCII characters',
  errorMessage: '"{field}" must be 1-20 printable ASCII characters (OCPP IdToken), got "{value}"',
});

export const ConnectorId = Type.Integer({ minimum: 0, maximum: 100, description: 'Connector id (0 = the charger as a whole)' });

export const Ok = Type.Object({ ok: Type.Literal(true) });

export const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);

/** One page of a list. */
export interface Page<T> {
  items: T[];
  /** Rows matching the filter. */
  total: number;
  offset: number;
  limit: number;
}
export const PageOf = <T extends TSchema>(item: T, title: string) =>
  Type.Object(
    { items: Type.Array(item), total: Type.Integer({ description: 'Rows matching the filter' }), offset: Type.Integer(), limit: Type.Integer() },
    { title },
  );

/** A string enum (OpenAPI `enum`), typed as the union of its values. */
export const Enum = <const T extends readonly string[]>(values: T, options: { description?: string; errorMessage?: string; default?: T[number] } = {}) =>
  Type.Unsafe<T[number]>({ type: 'string', enum: [...values], ...options });
