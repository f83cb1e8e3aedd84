/**
 * Reads a scenario file (YAML or JSON — JSON is parsed as YAML 1.2 so both get line numbers), validates it
 * against scenario.schema.json and the rules a schema cannot express (charger references, CS→CP actions,
 * payloads against the OCPP schemas), and reports every problem with its line, column and path.
 */
import { readFile } from 'node:fs/promises';
import { Ajv, type ErrorObject } from 'ajv';
import { LineCounter, parseDocument, isMap, isNode, isPair, isScalar, type Document, type Node } from 'yaml';
import type { ProtocolVersion } from '../ocpp/protocol.js';
import { protocols } from '../ocpp/protocols.js';
import { ChargePointStatusValues, ReasonValues } from '../ocpp/v16/types.generated.js';
import { ConnectorStatusEnumTypeValues } from '../ocpp/v201/types.generated.js';
import { loadProfile } from '../simulator/profile.js';
import { loadProfile201 } from '../simulator/v201/profile.js';
import schema from './scenario.schema.json' with { type: 'json' };
import { durationMs } from './duration.js';
import { specProtocol, type Scenario, type SourcePosition, type Step } from './types.js';

export interface ScenarioIssue {
  /** 1-based line and column in the file (0 when unknown). */
  line: number;
  col: number;
  /** Where in the document, e.g. steps[3].kw ("" for the document itself). */
  path: string;
  message: string;
}

export class ScenarioError extends Error {
  constructor(
    readonly file: string,
    readonly issues: ScenarioIssue[],
  ) {
    super(`${file}: ${issues.length} problem${issues.length === 1 ? '' : 's'}\n${issues.map((i) => formatIssue(file, i)).join('\n')}`);
    this.name = 'ScenarioError';
  }
}

export function formatIssue(file: string, issue: ScenarioIssue): string {
  const where = issue.line > 0 ? `${file}:${issue.line}:${issue.col}` : file;
  return `${where}: ${issue.path ? `${issue.path}: ` : ''}${issue.message}`;
}

export interface ParsedScenario {
  file: string;
  scenario: Scenario;
  /** Line/column of each step, by index. */
  stepPositions: SourcePosition[];
}

const ajv = new Ajv({ allErrors: true, strict: false });
const validateSchema = ajv.compile(schema);

/** The published JSON Schema, e.g. for editors (yaml-language-server) and the GUI. */
export const scenarioSchema: object = schema;

type PathSeg = string | number;

export function displayPath(path: readonly PathSeg[]): string {
  let out = '';
  for (const seg of path) out += typeof seg === 'number' ? `[${seg}]` : out ? `.${seg}` : seg;
  return out;
}

function pointerToPath(pointer: string): PathSeg[] {
  if (!pointer) return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

class Locator {
  constructor(
    private readonly doc: Document,
    private readonly lines: LineCounter,
  ) {}

  private pos(offset: number | undefined): SourcePosition {
    if (offset === undefined) return { line: 0, col: 0 };
    const { line, col } = this.lines.linePos(offset);
    return { line, col };
  }

  /** The position of the node at path, or of its nearest existing ancestor. With key, the position of that key in the map. */
  at(path: readonly PathSeg[], key?: string): SourcePosition {
    for (let n = path.length; n >= 0; n--) {
      const node = n === 0 ? this.doc.contents : (this.doc.getIn(path.slice(0, n), true) as unknown);
      if (!isNode(node)) continue;
      if (key !== undefined && n === path.length && isMap(node)) {
        const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === key);
        if (pair && isNode(pair.key)) return this.pos((pair.key as Node).range?.[0]);
      }
      return this.pos((node as Node).range?.[0]);
    }
    return { line: 0, col: 0 };
  }
}

function describeAjvError(e: ErrorObject): { message: string; key?: string } {
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'additionalProperties':
      return { message: `unknown property "${String(p.additionalProperty)}"`, key: String(p.additionalProperty) };
    case 'required':
      return { message: `missing required property "${String(p.missingProperty)}"` };
    case 'enum':
      return { message: `must be one of: ${[...new Set((p.allowedValues as unknown[]).map((v) => String(v)))].join(', ')}` };
    default:
      return { message: e.message ?? 'is invalid' };
  }
}

/** Turns ajv's errors into one readable issue per problem (drops the if/then and oneOf-branch noise). */
function schemaIssues(errors: ErrorObject[], loc: Locator): ScenarioIssue[] {
  const oneOfPaths = new Map<string, ErrorObject>();
  for (const e of errors) if (e.keyword === 'oneOf') oneOfPaths.set(e.instancePath, e);
  const issues: ScenarioIssue[] = [];
  const seen = new Set<string>();
  for (const e of errors) {
    if (e.keyword === 'if') continue;
    let message: string;
    let key: string | undefined;
    const oneOf = oneOfPaths.get(e.instancePath);
    if (oneOf && e.schemaPath.startsWith(oneOf.schemaPath.replace(/\/oneOf$/, ''))) {
      if (e !== oneOf) continue;
      message = oneOf.schemaPath.includes('duration')
        ? 'must be a duration: a number of seconds or a string like "500ms", "30s", "5m", "2h"'
        : oneOfMessage(errors, oneOf);
    } else {
      ({ message, key } = describeAjvError(e));
    }
    const path = pointerToPath(e.instancePath);
    const shownPath = key ? [...path, key] : path;
    const dedupe = `${displayPath(shownPath)}|${message}`;
    if (seen.has(dedupe)) continue;
    seen.add(dedupe);
    issues.push({ ...loc.at(path, key), path: displayPath(shownPath), message });
  }
  return issues;
}

/** For "exactly one of these properties" rules: names the properties. */
function oneOfMessage(errors: ErrorObject[], oneOf: ErrorObject): string {
  const missing = errors
    .filter((e) => e.instancePath === oneOf.instancePath && e.keyword === 'required')
    .map((e) => `"${String((e.params as { missingProperty?: string }).missingProperty)}"`);
  if (missing.length > 1) return `needs exactly one of ${missing.join(' or ')}`;
  const passing = (oneOf.params as { passingSchemas?: number[] | null }).passingSchemas;
  if (passing && passing.length > 1) return 'has more than one of the alternatives; keep exactly one (e.g. "frame" or "status")';
  return oneOf.message ?? 'matches none of the alternatives';
}

const STATUSES_16: readonly string[] = ChargePointStatusValues;
const STATUSES_201: readonly string[] = ConnectorStatusEnumTypeValues;
const STOP_REASONS_16: readonly string[] = ReasonValues;

const PLACEHOLDER = /^\$\{transactionId(?::(\d+))?\}$/;

/** Checks a schema-valid scenario for what the schema cannot say. */
function semanticIssues(scenario: Scenario, loc: Locator): ScenarioIssue[] {
  const issues: ScenarioIssue[] = [];
  const add = (path: PathSeg[], message: string, key?: string) =>
    issues.push({ ...loc.at(path, key), path: displayPath(key ? [...path, key] : path), message });
  const ids = new Set<string>();
  const versionOf = new Map<string, ProtocolVersion>();
  scenario.chargers.forEach((c, i) => {
    if (ids.has(c.id)) add(['chargers', i, 'id'], `duplicate charger id "${c.id}"`);
    if (c.protocol !== undefined && c.ocpp !== undefined && specProtocol({ ocpp: c.ocpp }) !== c.protocol) {
      add(['chargers', i, 'ocpp'], `says ${String(c.ocpp)} but protocol says ${c.protocol}; give one of them`);
    }
    const version = specProtocol(c);
    if (c.profile !== undefined) {
      try {
        if (version === 'ocpp2.0.1') loadProfile201(c.profile);
        else loadProfile(c.profile);
      } catch (err) {
        add(['chargers', i, 'profile'], (err as Error).message);
      }
    }
    ids.add(c.id);
    versionOf.set(c.id, version);
  });
  const declared = [...new Set(versionOf.values())];
  /** The versions a step's actions are checked against: its charger's, else every declared one. */
  const versionsFor = (charger: string | undefined): ProtocolVersion[] => {
    const id = charger ?? (single ? scenario.chargers[0]?.id : undefined);
    const v = id !== undefined ? versionOf.get(id) : undefined;
    return v ? [v] : declared;
  };
  const label = (vs: ProtocolVersion[]) => vs.map((v) => protocols[v].title).join(' / ');
  const single = scenario.chargers.length === 1;
  const checkRef = (path: PathSeg[], id: string | undefined, required: boolean) => {
    if (id === undefined) {
      if (required && !single) add(path, `"charger" is required when the scenario has ${scenario.chargers.length} chargers (${[...ids].join(', ')})`);
      return;
    }
    if (!ids.has(id)) add([...path, 'charger'], `unknown charger "${id}"; declared: ${[...ids].join(', ')}`);
  };
  const stepsNeedingCharger = new Set([
    'connect',
    'disconnect',
    'boot',
    'plug',
    'unplug',
    'authorize',
    'start',
    'stop',
    'meter',
    'fault',
    'reboot',
    'send',
    'call',
    'expectTransaction',
  ]);
  scenario.steps.forEach((step: Step, i) => {
    const path: PathSeg[] = ['steps', i];
    checkRef(path, step.charger, stepsNeedingCharger.has(step.do));
    if (step.do === 'waitFor') {
      if (step.frame?.charger) checkRef([...path, 'frame'], step.frame.charger, false);
      if (step.status) checkRef([...path, 'status'], step.status.charger, true);
    }
    if (step.do === 'send') {
      const vs = versionsFor(step.charger);
      const p = protocols[vs[0] as ProtocolVersion];
      if (!p.isAction(step.action)) add([...path, 'action'], `unknown ${p.title} action "${step.action}"${unknownHint(step.action, vs[0] as ProtocolVersion)}`);
      else if (!p.isCentralSystemAction(step.action))
        add([...path, 'action'], `"${step.action}" is sent by chargers, not by the central system; use a charger step instead`);
      else {
        const payload = withPlaceholdersFilled(step.payload ?? {}, p.version === 'ocpp2.0.1' ? 'TX-1' : 1);
        const problem = p.validator.check(step.action, 'req', payload);
        if (problem)
          add([...path, 'payload'], `not a valid ${p.title} ${step.action} request: ${problem.errors.map((e) => e.message).join('; ') || problem.message}`);
      }
    }
    if (step.do === 'call') {
      const vs = versionsFor(step.charger);
      const p = protocols[vs[0] as ProtocolVersion];
      if (!p.isAction(step.action)) add([...path, 'action'], `unknown ${p.title} action "${step.action}"${unknownHint(step.action, vs[0] as ProtocolVersion)}`);
      else if (!p.isChargerAction(step.action)) add([...path, 'action'], `"${step.action}" is sent by the central system; use a send step instead`);
    }
    const matchAction = step.do === 'expectFrame' ? step.action : step.do === 'waitFor' ? step.frame?.action : undefined;
    const matchCharger = step.do === 'waitFor' ? step.frame?.charger : step.charger;
    if (matchAction !== undefined) {
      const vs = versionsFor(matchCharger);
      if (!vs.some((v) => protocols[v].isAction(matchAction)))
        add(
          step.do === 'waitFor' ? [...path, 'frame', 'action'] : [...path, 'action'],
          `unknown ${label(vs)} action "${matchAction}"${unknownHint(matchAction, vs[0] as ProtocolVersion)}`,
        );
    }
    if (step.do === 'waitFor' && step.status) {
      const [v] = versionsFor(step.status.charger);
      const known = v === 'ocpp2.0.1' ? STATUSES_201 : STATUSES_16;
      if (v && !known.includes(step.status.status))
        add([...path, 'status', 'status'], `"${step.status.status}" is not an ${protocols[v].title} connector status; one of: ${known.join(', ')}`);
    }
    if (step.do === 'stop' && step.reason !== undefined) {
      const [v] = versionsFor(step.charger);
      if (v === 'ocpp1.6' && !STOP_REASONS_16.includes(step.reason))
        add([...path, 'reason'], `"${step.reason}" is an OCPP 2.0.1 stop reason; a 1.6 charger stops with one of: ${STOP_REASONS_16.join(', ')}`);
    }
    if (step.do === 'expectTransaction' && step.energyWh) {
      const { min, max } = step.energyWh;
      if (min !== undefined && max !== undefined && min > max) add([...path, 'energyWh'], `min (${min}) is greater than max (${max})`);
    }
  });
  try {
    durationMs(scenario.timeout);
  } catch (err) {
    add(['timeout'], (err as Error).message);
  }
  return issues;
}

/** " (an OCPP 2.0.1 action: declare the charger with protocol: ocpp2.0.1)" when the other version has it. */
function unknownHint(action: string, version: ProtocolVersion): string {
  const other: ProtocolVersion = version === 'ocpp1.6' ? 'ocpp2.0.1' : 'ocpp1.6';
  return protocols[other].isAction(action) ? ` (an ${protocols[other].title} action: declare the charger with protocol: ${other})` : '';
}

/** Replaces "${transactionId}" placeholders with a sample id (1.6: a number, 2.0.1: a string) so the payload can be schema-checked before the run. */
function withPlaceholdersFilled(value: unknown, sample: number | string): unknown {
  if (typeof value === 'string' && PLACEHOLDER.test(value)) return sample;
  if (Array.isArray(value)) return value.map((v) => withPlaceholdersFilled(v, sample));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withPlaceholdersFilled(v, sample)]));
  return value;
}

/** Parses and validates scenario text. Throws ScenarioError listing every problem with its line and path. */
export function parseScenario(text: string, file = '<scenario>'): ParsedScenario {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new ScenarioError(
      file,
      doc.errors.map((e) => {
        const pos = lines.linePos(e.pos[0]);
        return { line: pos.line, col: pos.col, path: '', message: `${/json$/i.test(file) ? 'JSON' : 'YAML'} syntax: ${e.message.split('\n')[0]}` };
      }),
    );
  }
  const loc = new Locator(doc, lines);
  const value: unknown = doc.toJS({ maxAliasCount: 100 });
  if (!validateSchema(value)) throw new ScenarioError(file, schemaIssues(validateSchema.errors ?? [], loc));
  const scenario = value as unknown as Scenario;
  const issues = semanticIssues(scenario, loc);
  if (issues.length > 0) throw new ScenarioError(file, issues);
  return { file, scenario, stepPositions: scenario.steps.map((_, i) => loc.at(['steps', i])) };
}

export async function loadScenarioFile(file: string): Promise<ParsedScenario> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new ScenarioError(file, [{ line: 0, col: 0, path: '', message: `cannot read file: ${(err as Error).message}` }]);
  }
  return parseScenario(text, file);
}

export { PLACEHOLDER as TRANSACTION_ID_PLACEHOLDER };
