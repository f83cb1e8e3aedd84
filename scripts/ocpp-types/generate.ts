/**
 * TypeScript types from the OCA OCPP JSON schemas, one file per protocol version: every enumeration and nested
 * object as a NAMED type (2.0.1: the schemas' own definitions, IdTokenEnumType…; 1.6, whose schemas inline them:
 * the specification's names from names16.ts), each enumeration with a runtime list of its values, the request and
 * response of every action, and the action list. Pure: reads the schema files, returns the text; the CLI
 * (scripts/gen-ocpp-types.ts) writes it and core/ocpp/generatedTypes.test.ts fails when the committed files differ.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { OCPP16_NAMES } from './names16.js';

interface Schema {
  type?: string;
  enum?: string[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  additionalProperties?: boolean | Schema;
  $ref?: string;
  description?: string;
  definitions?: Record<string, Schema>;
}

export interface VersionInput {
  version: 'ocpp1.6' | 'ocpp2.0.1';
  title: string;
  schemaFile: string;
  outFile: string;
  /** Names for inline enums/objects ("<owner>.<property>" → name); without it names come from the schemas' definitions. */
  names?: Record<string, string>;
  /** Copy the schemas' descriptions into JSDoc. */
  docs: boolean;
}

export const VERSIONS: readonly VersionInput[] = [
  {
    version: 'ocpp1.6',
    title: 'OCPP 1.6',
    schemaFile: 'core/ocpp/schemas/ocpp16.json',
    outFile: 'core/ocpp/v16/types.generated.ts',
    names: OCPP16_NAMES,
    docs: false,
  },
  { version: 'ocpp2.0.1', title: 'OCPP 2.0.1', schemaFile: 'core/ocpp/schemas/ocpp201.json', outFile: 'core/ocpp/v201/types.generated.ts', docs: true },
];

interface Named {
  kind: 'enum' | 'object';
  /** The schema without its descriptions, to check that one name always means one thing. */
  shape: string;
  where: string;
  text: string;
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

function shapeOf(schema: Schema): string {
  return JSON.stringify(schema, (k, v: unknown) => (k === 'description' || k === 'javaType' || k === 'default' ? undefined : v));
}

function jsdoc(text: string | undefined, indent: string): string[] {
  const lines = (text ?? '')
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((l) => l.trim().replace(/\*\//g, '*\\/'))
    .filter((l, i, all) => l.length > 0 || (i > 0 && i < all.length - 1 && all[i - 1] !== ''));
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  if (lines.length === 0) return [];
  if (lines.length === 1) return [`${indent}/** ${lines[0]} */`];
  return [`${indent}/**`, ...lines.map((l) => (l ? `${indent} * ${l}` : `${indent} *`)), `${indent} */`];
}

function union(values: readonly string[], name: string): string {
  const parts = values.map((v) => JSON.stringify(v));
  const oneLine = `export type ${name} = ${parts.join(' | ')};`;
  return oneLine.length <= 140 ? oneLine : `export type ${name} =\n${parts.map((p) => `  | ${p}`).join('\n')};`;
}

function valueList(values: readonly string[], name: string): string {
  const parts = values.map((v) => JSON.stringify(v));
  const oneLine = `export const ${name}Values: readonly ${name}[] = [${parts.join(', ')}];`;
  return oneLine.length <= 140 ? oneLine : `export const ${name}Values: readonly ${name}[] = [\n${parts.map((p) => `  ${p},`).join('\n')}\n];`;
}

class Generator {
  private readonly named = new Map<string, Named>();

  constructor(private readonly input: VersionInput) {}

  private nameFor(owner: string, prop: string, where: string): string {
    const name = this.input.names?.[`${owner}.${prop}`];
    if (!name) {
      throw new Error(
        `${this.input.schemaFile}: ${where} (${owner}.${prop}) is an inline enum/object without a name; add "${owner}.${prop}" to scripts/ocpp-types/names16.ts`,
      );
    }
    return name;
  }

  private register(name: string, kind: Named['kind'], schema: Schema, where: string, build: () => string): string {
    const shape = shapeOf(schema);
    const seen = this.named.get(name);
    if (seen) {
      if (seen.shape !== shape) throw new Error(`${this.input.schemaFile}: "${name}" names two different schemas (${seen.where} and ${where})`);
      return name;
    }
    // Reserve the name before building (a type may refer to itself).
    const entry: Named = { kind, shape, where, text: '' };
    this.named.set(name, entry);
    entry.text = build();
    return name;
  }

  private enumType(name: string, schema: Schema, where: string): string {
    return this.register(name, 'enum', schema, where, () =>
      [...jsdoc(this.input.docs ? schema.description : undefined, ''), union(schema.enum ?? [], name), valueList(schema.enum ?? [], name)].join('\n'),
    );
  }

  private objectType(name: string, schema: Schema, where: string, defs: Record<string, Schema>): string {
    return this.register(name, 'object', schema, where, () => this.interfaceText(name, schema, where, defs));
  }

  interfaceText(name: string, schema: Schema, where: string, defs: Record<string, Schema>): string {
    const required = new Set(schema.required ?? []);
    const body: string[] = [];
    for (const [prop, sub] of Object.entries(schema.properties ?? {})) {
      const type = this.typeOf(sub, name, prop, `${where}/${prop}`, defs);
      body.push(...jsdoc(this.input.docs ? sub.description : undefined, '  '));
      body.push(`  ${IDENTIFIER.test(prop) ? prop : JSON.stringify(prop)}${required.has(prop) ? '' : '?'}: ${type};`);
    }
    // The OCA schemas mark every closed object; the others (2.0.1's CustomDataType) take vendor extensions.
    if (schema.additionalProperties !== false) body.push('  [key: string]: unknown;');
    const head = jsdoc(this.input.docs ? schema.description : undefined, '');
    return [...head, body.length === 0 ? `export interface ${name} {}` : [`export interface ${name} {`, ...body, '}'].join('\n')].join('\n');
  }

  private typeOf(schema: Schema, owner: string, prop: string, where: string, defs: Record<string, Schema>): string {
    if (schema.$ref) {
      const name = schema.$ref.replace(/^#\/definitions\//, '');
      const def = defs[name];
      if (!def) throw new Error(`${this.input.schemaFile}: ${where} refers to a missing definition ${schema.$ref}`);
      return def.enum
        ? this.enumType(name, def, `${where} → ${name}`)
        : def.type === 'object'
          ? this.objectType(name, def, `${where} → ${name}`, defs)
          : this.typeOf(def, owner, prop, where, defs);
    }
    if (schema.enum) return this.enumType(this.nameFor(owner, prop, where), schema, where);
    switch (schema.type) {
      case 'string':
        return 'string';
      case 'integer':
      case 'number':
        return 'number';
      case 'boolean':
        return 'boolean';
      case 'array': {
        const item = schema.items ? this.typeOf(schema.items, owner, prop, `${where}[]`, defs) : 'unknown';
        return /^[A-Za-z0-9_$]+$/.test(item) ? `${item}[]` : `(${item})[]`;
      }
      case undefined:
        // No type: any JSON value (2.0.1 DataTransfer's data).
        return 'unknown';
      case 'object':
        if (!schema.properties) return 'Record<string, unknown>';
        return this.objectType(this.nameFor(owner, prop, where), schema, where, defs);
      default:
        throw new Error(`${this.input.schemaFile}: ${where} has a type the generator does not know: ${JSON.stringify(schema.type)}`);
    }
  }

  generate(schemas: Record<string, Schema>): string {
    const actions = [...new Set(Object.keys(schemas).map((k) => k.split('.')[0]!))].sort();
    const messages: string[] = [];
    for (const action of actions) {
      for (const [kind, suffix] of [
        ['req', 'Request'],
        ['conf', 'Response'],
      ] as const) {
        const schema = schemas[`${action}.${kind}`];
        if (!schema) throw new Error(`${this.input.schemaFile}: ${action}.${kind} is missing`);
        const name = `${action}${suffix}`;
        messages.push(`/** ${this.input.title} ${action} ${kind === 'req' ? 'request' : 'response'} (${action}.${kind}). */`);
        messages.push(this.interfaceText(name, { ...schema, description: undefined } as Schema, `${action}.${kind}`, schema.definitions ?? {}), '');
      }
    }
    const byName = [...this.named.entries()].sort(([a], [b]) => a.localeCompare(b));
    const enums = byName.filter(([, n]) => n.kind === 'enum');
    const objects = byName.filter(([, n]) => n.kind === 'object');
    const source = this.input.names ? `the names in scripts/ocpp-types/names16.ts` : `the schemas' definitions`;
    return [
      '/* eslint-disable */',
      `// Generated by scripts/gen-ocpp-types.ts from ${this.input.schemaFile} (the OCA ${this.input.title} JSON schemas), named after`,
      `// ${source}. Do not edit by hand: change the schemas or the names and run \`npm run gen:types\`.`,
      '',
      `// ── Enumerations (${enums.length}), each with a runtime list of its values ──`,
      '',
      ...enums.flatMap(([, n]) => [n.text, '']),
      `// ── Data types (${objects.length}) ──`,
      '',
      ...objects.flatMap(([, n]) => [n.text, '']),
      `// ── Messages (${actions.length} actions) ──`,
      '',
      ...messages,
      `/** Request payload type for each of the ${actions.length} ${this.input.title} actions. */`,
      'export interface OcppRequests {',
      ...actions.map((a) => `  ${a}: ${a}Request;`),
      '}',
      '',
      `/** Response (.conf) payload type for each of the ${actions.length} ${this.input.title} actions. */`,
      'export interface OcppResponses {',
      ...actions.map((a) => `  ${a}: ${a}Response;`),
      '}',
      '',
      `/** The ${actions.length} actions the schemas define, sorted. */`,
      `export const SCHEMA_ACTIONS = [\n${actions.map((a) => `  ${JSON.stringify(a)},`).join('\n')}\n] as const;`,
      '',
      "/** Every enumeration's values by type name (forms, filters, tests). */",
      `export const ENUM_VALUES = {\n${enums.map(([name]) => `  ${name}: ${name}Values,`).join('\n')}\n} as const;`,
      '',
    ].join('\n');
  }
}

/** The generated file for one version (from its schema file, or from the schemas given). */
export function generateVersion(input: VersionInput, root = process.cwd(), schemas?: Record<string, unknown>): { path: string; text: string } {
  const source = (schemas ?? JSON.parse(readFileSync(join(root, input.schemaFile), 'utf8'))) as Record<string, Schema>;
  return { path: input.outFile, text: new Generator(input).generate(source) };
}

export function generateAll(root = process.cwd()): Array<{ path: string; text: string }> {
  return VERSIONS.map((v) => generateVersion(v, root));
}
