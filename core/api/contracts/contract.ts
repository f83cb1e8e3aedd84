/**
 * One bench API route as data: method, path, path parameters, query, body and response, each a JSON schema
 * (TypeBox: the schema is plain JSON Schema, its TypeScript type is derived from it). The same contract object
 * is read by the server (core/api/routes/*: validation, 400 naming the field), by the OpenAPI generator
 * (core/api/openapi.ts) and by the renderer's typed client (renderer/src/api/client.ts). Node-free.
 */
import { Type, type Static, type TObject, type TOptional, type TProperties, type TSchema } from '@sinclair/typebox';

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** HTTP statuses a route may answer besides 200/204; the value says when (shown in the OpenAPI document). */
export type ErrorStatuses = Partial<Record<400 | 401 | 404 | 409 | 413 | 415 | 503, string>>;

export interface Contract {
  readonly method: Method;
  /** `/api/chargers/:id`: `:name` segments are path parameters (declared in `params`). */
  readonly path: string;
  /** The OpenAPI tag (one per domain). */
  readonly tag: string;
  /** One line: what the route does. */
  readonly summary: string;
  readonly description?: string;
  readonly params?: TObject;
  readonly query?: TObject;
  readonly body?: TSchema;
  /** The 200 body; null when the route answers 204 or streams (see `produces`). */
  readonly response: TSchema | null;
  /** Default application/json; a streamed download names its type. */
  readonly produces?: string;
  /** The token may come as `?token=` (a download opened as a plain link). */
  readonly queryToken?: boolean;
  /** Served without the token (the API's own description). Host/Origin checks still apply. */
  readonly public?: boolean;
  readonly errors?: ErrorStatuses;
}

/** Declares a contract (identity: keeps the literal types the client and handlers are typed from). */
export function defineContract<const C extends Contract>(c: C): C {
  return c;
}

/** A property a request may leave out; the server fills in `value` before the handler sees the request. */
export type TDefaulted<T extends TSchema> = TOptional<T> & { default: Static<T> };

export function Defaulted<T extends TSchema>(schema: T, value: Static<T>): TDefaulted<T> {
  return Type.Optional({ ...schema, default: value } as T) as TDefaulted<T>;
}

type DefaultedKeys<P extends TProperties> = { [K in keyof P]: P[K] extends { default: unknown } ? K : never }[keyof P];

/** A validated object as the handler sees it: defaulted properties are present. */
export type Applied<T extends TSchema> =
  T extends TObject<infer P> ? Omit<Static<T>, DefaultedKeys<P>> & { [K in DefaultedKeys<P>]-?: Static<P[K]> } : Static<T>;

type Part<C, K extends 'params' | 'query' | 'body'> = C extends { [k in K]: infer S extends TSchema } ? S : never;

/** What a caller passes (defaults may be left out). */
export type ParamsOf<C extends Contract> = Static<Part<C, 'params'>>;
export type QueryOf<C extends Contract> = Static<Part<C, 'query'>>;
export type BodyOf<C extends Contract> = Static<Part<C, 'body'>>;
/** The 200 body (void for 204 routes and streams). */
export type ResultOf<C extends Contract> = C['response'] extends TSchema ? Static<C['response']> : void;

/** The arguments of a call to this route: only the parts it declares; the query is optional as a whole. */
export type ArgsOf<C extends Contract> = ([Part<C, 'params'>] extends [never] ? unknown : { params: ParamsOf<C> }) &
  ([Part<C, 'query'>] extends [never] ? unknown : { query?: QueryOf<C> }) &
  ([Part<C, 'body'>] extends [never] ? unknown : { body: BodyOf<C> });

/** What the handler of this route receives, validated: path parameters, query and body with defaults applied. */
export interface Validated<C extends Contract> {
  params: [Part<C, 'params'>] extends [never] ? Record<string, never> : Applied<Part<C, 'params'>>;
  query: [Part<C, 'query'>] extends [never] ? Record<string, never> : Applied<Part<C, 'query'>>;
  body: [Part<C, 'body'>] extends [never] ? undefined : Applied<Part<C, 'body'>>;
}

/** The body of every error answer. */
export const ErrorBody = Type.Object(
  {
    error: Type.String({ description: 'What went wrong and what to do, in words; names the parameter for 400s' }),
    details: Type.Optional(Type.Unknown({ description: 'e.g. the schema errors of an OCPP payload' })),
  },
  { title: 'Error' },
);
export type ErrorBody = Static<typeof ErrorBody>;

/** The path with its parameters filled in (each URL-encoded). */
export function pathOf(path: string, params: Record<string, unknown> | undefined): string {
  return path.replace(/:(\w+)/g, (_m, name: string) => {
    const v = params?.[name];
    if (v === undefined || v === null) throw new Error(`Path parameter "${name}" missing for ${path}`);
    return encodeURIComponent(String(v));
  });
}

/** `?a=1&b=x` from a query object (undefined, null and '' left out); '' when empty. */
export function queryString(query: Record<string, unknown> | undefined): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined && v !== null && v !== '') p.set(k, String(v));
  const s = p.toString();
  return s ? `?${s}` : '';
}
