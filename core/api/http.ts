/**
 * Small HTTP helpers for the bench API: a typed 4xx error, JSON body reading with a size cap,
 * and query-parameter parsers that turn bad input into a 400 with a message the user can act on.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { stringifyBounded } from '../util/boundedJson.js';

export class HttpError extends Error {
  constructor(readonly status: number, message: string, readonly details?: unknown) {
    super(message);
    this.name = 'HttpError';
  }
}

export const badRequest = (message: string, details?: unknown): HttpError => new HttpError(400, message, details);
export const notFound = (message: string): HttpError => new HttpError(404, message);

const MAX_BODY_BYTES = 1024 * 1024;

export async function readJsonBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new HttpError(413, `Request body larger than ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk);
  }
  if (size === 0) return {};
  const type = req.headers['content-type'] ?? '';
  if (!type.startsWith('application/json')) throw new HttpError(415, 'Send the request body as JSON (Content-Type: application/json)');
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch (err) {
    throw badRequest(`Request body is not valid JSON: ${(err as Error).message}`);
  }
}

/** Sends a JSON body; a value nested too deep to serialize whole (a charger's payload) is sent depth-bounded. */
export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = stringifyBounded(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  });
  res.end(text);
}

/** Reads query parameters and request bodies, throwing HttpError 400 with the parameter's name on bad values. */
export class Params {
  constructor(private readonly source: Record<string, unknown>, private readonly where: 'query' | 'body') {}

  static fromQuery(url: URL): Params {
    const o: Record<string, unknown> = {};
    for (const [k, v] of url.searchParams) o[k] = v;
    return new Params(o, 'query');
  }

  static fromBody(body: unknown): Params {
    if (body === null || typeof body !== 'object' || Array.isArray(body)) throw badRequest('Request body must be a JSON object');
    return new Params(body as Record<string, unknown>, 'body');
  }

  has(name: string): boolean {
    return this.source[name] !== undefined && this.source[name] !== '';
  }

  raw(name: string): unknown {
    return this.source[name];
  }

  string(name: string, opts: { required?: boolean; max?: number; pattern?: RegExp } = {}): string | undefined {
    const v = this.source[name];
    if (v === undefined || v === '') {
      if (opts.required) throw badRequest(`Missing ${this.where} parameter "${name}"`);
      return undefined;
    }
    if (typeof v !== 'string') throw badRequest(`Parameter "${name}" must be a string`);
    if (opts.max !== undefined && v.length > opts.max) throw badRequest(`Parameter "${name}" is longer than ${opts.max} characters`);
    if (opts.pattern && !opts.pattern.test(v)) throw badRequest(`Parameter "${name}" has an invalid format (expected ${opts.pattern})`);
    return v;
  }

  requiredString(name: string, opts: { max?: number; pattern?: RegExp } = {}): string {
    return this.string(name, { ...opts, required: true }) as string;
  }

  int(name: string, opts: { min?: number; max?: number; def?: number; required?: boolean } = {}): number | undefined {
    const v = this.source[name];
    if (v === undefined || v === '') {
      if (opts.required) throw badRequest(`Missing ${this.where} parameter "${name}"`);
      return opts.def;
    }
    const n = typeof v === 'number' ? v : typeof v === 'string' && /^-?\d+$/.test(v.trim()) ? Number(v) : NaN;
    if (!Number.isSafeInteger(n)) throw badRequest(`Parameter "${name}" must be an integer, got ${JSON.stringify(v)}`);
    if (opts.min !== undefined && n < opts.min) throw badRequest(`Parameter "${name}" must be ≥ ${opts.min}, got ${n}`);
    if (opts.max !== undefined && n > opts.max) throw badRequest(`Parameter "${name}" must be ≤ ${opts.max}, got ${n}`);
    return n;
  }

  requiredInt(name: string, opts: { min?: number; max?: number } = {}): number {
    return this.int(name, { ...opts, required: true }) as number;
  }

  number(name: string, opts: { min?: number; max?: number; def?: number } = {}): number | undefined {
    const v = this.source[name];
    if (v === undefined || v === '') return opts.def;
    const n = typeof v === 'number' ? v : typeof v === 'string' ? Number(v) : NaN;
    if (!Number.isFinite(n)) throw badRequest(`Parameter "${name}" must be a number, got ${JSON.stringify(v)}`);
    if (opts.min !== undefined && n < opts.min) throw badRequest(`Parameter "${name}" must be ≥ ${opts.min}, got ${n}`);
    if (opts.max !== undefined && n > opts.max) throw badRequest(`Parameter "${name}" must be ≤ ${opts.max}, got ${n}`);
    return n;
  }

  bool(name: string, def?: boolean): boolean | undefined {
    const v = this.source[name];
    if (v === undefined || v === '') return def;
    if (v === true || v === 'true' || v === '1') return true;
    if (v === false || v === 'false' || v === '0') return false;
    throw badRequest(`Parameter "${name}" must be true or false, got ${JSON.stringify(v)}`);
  }

  oneOf<T extends string>(name: string, allowed: readonly T[], opts: { required?: boolean } = {}): T | undefined {
    const v = this.string(name, { required: opts.required });
    if (v === undefined) return undefined;
    if (!(allowed as readonly string[]).includes(v)) throw badRequest(`Parameter "${name}" must be one of ${allowed.join(', ')}, got "${v}"`);
    return v as T;
  }

  /** An ISO 8601 / RFC 3339 time, returned as epoch ms. */
  time(name: string): number | undefined {
    const v = this.string(name, { max: 40 });
    if (v === undefined) return undefined;
    const t = /^\d+$/.test(v) ? Number(v) : Date.parse(v);
    if (!Number.isFinite(t)) throw badRequest(`Parameter "${name}" must be an ISO 8601 time or epoch milliseconds, got "${v}"`);
    return t;
  }

  object(name: string, opts: { required?: boolean } = {}): Record<string, unknown> | undefined {
    const v = this.source[name];
    if (v === undefined) {
      if (opts.required) throw badRequest(`Missing ${this.where} parameter "${name}"`);
      return undefined;
    }
    if (v === null || typeof v !== 'object' || Array.isArray(v)) throw badRequest(`Parameter "${name}" must be a JSON object`);
    return v as Record<string, unknown>;
  }

  stringArray(name: string, opts: { required?: boolean; maxItems?: number } = {}): string[] | undefined {
    const v = this.source[name];
    if (v === undefined) {
      if (opts.required) throw badRequest(`Missing ${this.where} parameter "${name}"`);
      return undefined;
    }
    if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) throw badRequest(`Parameter "${name}" must be an array of strings`);
    if (opts.maxItems !== undefined && v.length > opts.maxItems) throw badRequest(`Parameter "${name}" has more than ${opts.maxItems} items`);
    return v as string[];
  }
}

/** Charger ids: the one id rule the edge applies too (core/ocpp/chargePointId.ts). */
export { CHARGE_POINT_ID_PATTERN as CHARGER_ID } from '../ocpp/chargePointId.js';
