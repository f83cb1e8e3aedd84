/**
 * The OpenAPI 3.1 document of the bench API, generated from the route contracts (core/api/contracts): every
 * route with its parameters, body, response and error statuses. Named schemas (a `title`) go to
 * components.schemas and are referenced. Served at GET /api/openapi.json.
 */
import { ErrorBody, type Contract } from './contracts/contract.js';
import { namedContracts } from './contracts/index.js';

type Json = Record<string, unknown>;

/** Plain JSON of a schema (TypeBox's symbol keys and our `errorMessage` dropped), named parts hoisted. */
class SchemaRegistry {
  readonly components: Record<string, Json> = {};
  private readonly texts = new Map<string, string>();

  ref(schema: unknown): Json {
    return this.walk(JSON.parse(JSON.stringify(schema)) as unknown) as Json;
  }

  private walk(node: unknown): unknown {
    if (Array.isArray(node)) return node.map((n) => this.walk(n));
    if (node === null || typeof node !== 'object') return node;
    const out: Json = {};
    for (const [k, v] of Object.entries(node as Json)) {
      if (k === 'errorMessage') continue;
      out[k] =
        k === 'properties' && v && typeof v === 'object' ? Object.fromEntries(Object.entries(v as Json).map(([p, s]) => [p, this.walk(s)])) : this.walk(v);
    }
    const title = typeof out.title === 'string' ? out.title : null;
    if (!title) return out;
    const text = JSON.stringify(out);
    let name = title;
    for (let i = 2; this.texts.has(name) && this.texts.get(name) !== text; i++) name = `${title}${i}`;
    this.texts.set(name, text);
    this.components[name] = out;
    return { $ref: `#/components/schemas/${name}` };
  }
}

function parameters(c: Contract, schemas: SchemaRegistry): Json[] {
  const out: Json[] = [];
  for (const [where, obj] of [
    ['path', c.params],
    ['query', c.query],
  ] as const) {
    if (!obj) continue;
    const required = new Set((obj as { required?: string[] }).required ?? []);
    for (const [name, s] of Object.entries((obj as { properties: Record<string, { description?: string }> }).properties)) {
      out.push({
        name,
        in: where,
        required: where === 'path' || required.has(name),
        ...(s.description ? { description: s.description } : {}),
        schema: schemas.ref(s),
      });
    }
  }
  if (c.queryToken)
    out.push({
      name: 'token',
      in: 'query',
      required: false,
      description: 'The bench token (instead of the Authorization header: a download opened as a link)',
      schema: { type: 'string' },
    });
  return out;
}

export function openApiDocument(opts: { version: string; serverUrl?: string }): Json {
  const schemas = new SchemaRegistry();
  const errorRef = schemas.ref(ErrorBody);
  const paths: Record<string, Json> = {};
  for (const { name, contract: c } of namedContracts()) {
    const path = c.path.replace(/:(\w+)/g, '{$1}');
    const responses: Json = {};
    if (c.response) responses['200'] = { description: c.summary, content: { [c.produces ?? 'application/json']: { schema: schemas.ref(c.response) } } };
    else if (c.produces) responses['200'] = { description: c.summary, content: { [c.produces]: { schema: { type: 'string' } } } };
    else responses['204'] = { description: 'Done' };
    const errors: Record<string, string> = { ...(c.params || c.query || c.body ? { 400: 'a parameter is invalid (the message names it)' } : {}), ...c.errors };
    if (!c.public) errors[401] = 'missing or wrong bench token';
    for (const [status, why] of Object.entries(errors)) responses[status] = { description: why, content: { 'application/json': { schema: errorRef } } };
    const operation: Json = {
      operationId: name,
      tags: [c.tag],
      summary: c.summary,
      ...(c.description ? { description: c.description } : {}),
      parameters: parameters(c, schemas),
      ...(c.body ? { requestBody: { required: true, content: { 'application/json': { schema: schemas.ref(c.body) } } } } : {}),
      responses,
      ...(c.public ? { security: [] } : {}),
    };
    (paths[path] ??= {})[c.method.toLowerCase()] = operation;
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'ChargeBench bench API',
      version: opts.version,
      description:
        'Everything the ChargeBench UI does, as HTTP routes on 127.0.0.1. Send the token printed at start (or fixed with --token / CHARGEBENCH_TOKEN) as `Authorization: Bearer TOKEN`. Live updates: the websocket /api/live?token=TOKEN sends batches (chargers, frames, meter samples, spawn and command jobs).',
    },
    ...(opts.serverUrl ? { servers: [{ url: opts.serverUrl }] } : {}),
    security: [{ bearer: [] }, { tokenHeader: [] }],
    paths,
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'The bench token' },
        tokenHeader: { type: 'apiKey', in: 'header', name: 'X-ChargeBench-Token' },
      },
      schemas: schemas.components,
    },
  };
}
