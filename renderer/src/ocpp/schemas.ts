/**
 * The OCA OCPP 1.6 and 2.0.1 schemas, imported as pure data (the renderer bundles no other core code but pure
 * modules). 2.0.1's schemas share types through `definitions` and `$ref`: the request schema a form or the
 * pre-send check uses is the schema with every local `$ref` replaced by its definition (2.0.1 has no recursive
 * type). The optional `customData` vendor extension stays in the schema (raw JSON may send it); forms leave it out.
 */
import schemas16 from '../../../core/ocpp/schemas/ocpp16.json';
import schemas201 from '../../../core/ocpp/schemas/ocpp201.json';
import { COMMANDS, COMMANDS_201, type CommandName } from '../../../core/api/contracts/commands.js';
import type { ProtocolVersion } from '../../../core/ocpp/protocol.js';
import type { JsonSchema } from './schemaValidate.js';

/** The 19 commands a 1.6 central system can send, from the route contracts (core/ocpp/actions.ts's list). */
export { COMMANDS, COMMANDS_201 };

const EMPTY: JsonSchema = { type: 'object', properties: {} };

/** The commands a central system can send to a charger of this version (1.6 for an unknown one). */
export function commandsFor(protocol: ProtocolVersion | null | undefined): readonly CommandName[] {
  return protocol === 'ocpp2.0.1' ? COMMANDS_201 : COMMANDS;
}

/** A 1.6 request schema (kept for the callers that only speak 1.6: bulk commands, tests). */
export function requestSchema(action: string): JsonSchema {
  return (schemas16 as Record<string, JsonSchema>)[`${action}.req`] ?? EMPTY;
}

const resolved201 = new Map<string, JsonSchema>();

/** The request schema of an action in a version, `$ref`s resolved (an empty object schema for an unknown one). */
export function requestSchemaFor(protocol: ProtocolVersion | null | undefined, action: string): JsonSchema {
  if (protocol !== 'ocpp2.0.1') return requestSchema(action);
  const key = `${action}.req`;
  let s = resolved201.get(key);
  if (!s) {
    const raw = (schemas201 as Record<string, RawSchema>)[key];
    s = raw ? resolveRefs(raw, raw.definitions ?? {}, 0) : EMPTY;
    resolved201.set(key, s);
  }
  return s;
}

interface RawSchema extends Record<string, unknown> {
  $ref?: string;
  definitions?: Record<string, RawSchema>;
  properties?: Record<string, RawSchema>;
  items?: RawSchema;
}

const MAX_DEPTH = 24;

/** Inlines `#/definitions/X` references; drops `$schema`, `$id`, `definitions`, `javaType`, `comment`. */
export function resolveRefs(schema: RawSchema, definitions: Record<string, RawSchema>, depth: number): JsonSchema {
  if (depth > MAX_DEPTH) throw new Error('schema nests too deep (a recursive $ref?)');
  if (schema.$ref) {
    const name = /^#\/definitions\/(.+)$/.exec(schema.$ref)?.[1];
    const target = name ? definitions[name] : undefined;
    if (!target) throw new Error(`unresolvable $ref ${schema.$ref}`);
    const { $ref: _ref, ...siblings } = schema;
    return resolveRefs({ ...target, ...siblings }, definitions, depth + 1);
  }
  const { $schema: _s, $id: _i, definitions: _d, javaType: _j, comment: _c, properties, items, ...rest } = schema;
  const out: JsonSchema = { ...(rest as JsonSchema) };
  if (properties) {
    out.properties = {};
    for (const [k, v] of Object.entries(properties)) out.properties[k] = resolveRefs(v, definitions, depth + 1);
  }
  if (items) out.items = resolveRefs(items, definitions, depth + 1);
  return out;
}
