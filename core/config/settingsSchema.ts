/**
 * The one description of every bench setting (Node-free: the renderer's Settings screen renders from it).
 * Each setting has one dotted name — the same in settings.json (its path there), the API (GET/PATCH /api/settings),
 * scenarios (`backend.settings`, `do: setting`), the Settings screen and docs/settings.md (generated from this
 * file: `npm run gen:settings-docs`) — its type and limits (a TypeBox schema, checked with ajv by
 * core/config/settingsValidation.ts and by the API's contracts), its default, the error text naming its limits,
 * older names still accepted, its environment override, and the screen's label and help.
 */
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { RegistrationStatusValues } from '../ocpp/v16/types.generated.js';

export interface SettingField {
  /** The Settings screen's label (also the accessible name tests find it by). */
  label: string;
  /** One or two sentences shown under the field. */
  help: string;
}

export interface SettingDef<N extends string = string, S extends TSchema = TSchema> {
  /** Dotted name: the path in settings.json, the key in the API and scenarios. */
  readonly name: N;
  /** Type and limits; `errorMessage` is the API's 400 text. No `default` keyword: the API's ajv fills defaults in, and a
   * PATCH must change only the keys it names. */
  readonly schema: S;
  readonly default: Static<S>;
  /** What a value must be, naming the limits ("a whole number of seconds from 1 to 2147483647"). */
  readonly expected: string;
  /** Older names still accepted (API fields and settings.json paths from before the one schema). */
  readonly aliases: readonly string[];
  /** Environment variable overriding settings.json at start (in memory only). */
  readonly env?: string;
  /** settings.json (the backend's) or the edge (runtime policy of the process running the edge; not saved). */
  readonly owner: 'settings.json' | 'edge';
  readonly field: SettingField;
  /** Options of an enum setting, in display order (undefined for other kinds). */
  readonly options?: readonly string[];
  readonly kind: 'integer' | 'enum' | 'boolean' | 'text';
  readonly unit?: 's' | 'ms';
  readonly minimum?: number;
  readonly maximum?: number;
}

const INT32_MAX = 2_147_483_647;
const UNIT_WORDS = { s: 'seconds', ms: 'milliseconds' } as const;

interface Common<N extends string> {
  name: N;
  aliases?: readonly string[];
  env?: string;
  owner?: 'settings.json' | 'edge';
  label: string;
  help: string;
}

function mustBe(name: string, expected: string): string {
  return `"${name}" must be ${expected}, got {value}`;
}

function integer<const N extends string>(c: Common<N> & { default: number; minimum: number; maximum: number; unit?: 's' | 'ms' }) {
  const what = c.unit ? `a whole number of ${UNIT_WORDS[c.unit]}` : 'a whole number';
  const expected = `${what} from ${c.minimum} to ${c.maximum}`;
  const schema = Type.Integer({
    minimum: c.minimum,
    maximum: c.maximum,
    description: c.help,
    errorMessage: mustBe(c.name, expected),
  });
  return def(c, schema, c.default, expected, {
    kind: 'integer',
    minimum: c.minimum,
    maximum: c.maximum,
    ...(c.unit ? { unit: c.unit } : {}),
  });
}

function oneOf<const N extends string, const V extends readonly string[]>(c: Common<N> & { values: V; default: V[number] }) {
  const quoted = c.values.map((v) => `"${v}"`);
  const expected = quoted.length > 1 ? `${quoted.slice(0, -1).join(', ')} or ${quoted[quoted.length - 1]}` : String(quoted[0]);
  const schema = Type.Unsafe<V[number]>({
    type: 'string',
    enum: [...c.values],
    description: c.help,
    errorMessage: mustBe(c.name, expected),
  });
  return def(c, schema, c.default, expected, { kind: 'enum', options: c.values });
}

function boolean<const N extends string>(c: Common<N> & { default: boolean }) {
  const schema = Type.Boolean({ description: c.help, errorMessage: mustBe(c.name, 'true or false') });
  return def(c, schema, c.default, 'true or false', { kind: 'boolean' });
}

/** OCPP IdToken: 1-20 printable ASCII characters. */
function idTag<const N extends string>(c: Common<N> & { default: string }) {
  const expected = 'an id tag of 1 to 20 printable ASCII characters';
  const schema = Type.String({
    pattern: '^[\\x21-\\x7e]{1,20}$',
    description: c.help,
    errorMessage: mustBe(c.name, expected),
  });
  return def(c, schema, c.default, expected, { kind: 'text' });
}

function def<const N extends string, S extends TSchema>(
  c: Common<N>,
  schema: S,
  dflt: Static<S>,
  expected: string,
  extra: Pick<SettingDef, 'kind' | 'options' | 'unit' | 'minimum' | 'maximum'>,
): SettingDef<N, S> {
  return {
    name: c.name,
    schema,
    default: dflt,
    expected,
    aliases: c.aliases ?? [],
    ...(c.env ? { env: c.env } : {}),
    owner: c.owner ?? 'settings.json',
    field: { label: c.label, help: c.help },
    ...extra,
  };
}

/** Every setting, in the Settings screen's order. */
export const SETTING_DEFS = [
  integer({
    name: 'heartbeatInterval',
    env: 'OCPP_HEARTBEAT_INTERVAL',
    default: 3600,
    minimum: 1,
    maximum: INT32_MAX,
    unit: 's',
    label: 'Heartbeat interval (s)',
    help: 'Sent to chargers in the BootNotification reply.',
  }),
  oneOf({
    name: 'boot.policy',
    aliases: ['bootPolicy'],
    values: RegistrationStatusValues,
    default: 'Accepted',
    label: 'Boot policy',
    help: 'How BootNotifications are answered for chargers without a policy of their own (registry).',
  }),
  integer({
    name: 'boot.retryInterval',
    default: 60,
    minimum: 1,
    maximum: INT32_MAX,
    unit: 's',
    label: 'Boot retry interval (s)',
    help: 'Sent with Pending/Rejected: when the charger should retry its BootNotification.',
  }),
  oneOf({
    name: 'validation',
    aliases: ['strictness'],
    values: ['strict', 'warn', 'off'] as const,
    default: 'strict',
    label: 'Validation strictness',
    help: 'strict rejects invalid payloads with a CALLERROR; warn logs and accepts; off skips validation.',
  }),
  oneOf({
    name: 'edge.unknownChargers',
    aliases: ['unknownChargers'],
    owner: 'edge',
    values: ['accept', 'refuse'] as const,
    default: 'accept',
    label: 'Unknown chargers',
    help: 'Whether chargers that were never registered may connect.',
  }),
  boolean({
    name: 'conformance',
    env: 'CHARGEBENCH_CONFORMANCE',
    default: false,
    label: 'OCA conformance mode',
    help: 'Behave as the OCPP 1.6 test cases expect: unknown id tags are Invalid and the central system sends no CALL the charger did not ask for (AutoRemoteStart sends nothing).',
  }),
  boolean({
    name: 'auth.acceptUnknown',
    aliases: ['acceptUnknownTags'],
    default: true,
    label: 'Accept unknown id tags',
    help: 'Authorize tags that are not in the id-tag list (never in conformance mode).',
  }),
  boolean({
    name: 'auth.rejectConcurrentTx',
    default: false,
    label: 'Reject concurrent transactions',
    help: 'A tag already in an active transaction on another connector gets ConcurrentTx.',
  }),
  integer({
    name: 'autoRemoteStart.delayMs',
    aliases: ['autoRemoteStartDelayMs'],
    default: 1000,
    minimum: 0,
    maximum: 600_000,
    unit: 'ms',
    label: 'AutoRemoteStart delay (ms)',
    help: 'How long a connector must stay Preparing, with no card or StartTransaction, before RemoteStartTransaction is sent (Grizzl-E needs ~1 s).',
  }),
  idTag({
    name: 'autoRemoteStart.idTag',
    aliases: ['autoRemoteStartIdTag', 'autoRemoteStart.defaultIdTag'],
    default: 'CHARGEBENCH',
    label: 'AutoRemoteStart id tag',
    help: 'The free-vend id tag RemoteStartTransaction carries (this central system accepts it).',
  }),
  integer({
    name: 'calls.timeoutMs',
    aliases: ['callTimeoutMs'],
    default: 30_000,
    minimum: 1,
    maximum: INT32_MAX,
    unit: 'ms',
    label: 'Command timeout (ms)',
    help: 'How long a server CALL waits for the charger’s reply.',
  }),
  integer({
    name: 'calls.safetyMarginMs',
    default: 5_000,
    minimum: 0,
    maximum: INT32_MAX,
    unit: 'ms',
    label: 'Command safety margin (ms)',
    help: 'Extra time the backend’s own safety timer allows beyond the command timeout.',
  }),
  integer({
    name: 'liveness.missedHeartbeats',
    default: 3,
    minimum: 1,
    maximum: INT32_MAX,
    label: 'Missed heartbeats before offline',
    help: 'A charger silent for this many heartbeat intervals is marked offline.',
  }),
] as const;

type Defs = (typeof SETTING_DEFS)[number];
export type SettingName = Defs['name'];
/** Every setting's value by dotted name (what GET /api/settings returns besides the read-only facts). */
export type SettingValues = { -readonly [D in Defs as D['name']]: Static<D['schema']> };

const BY_NAME = new Map<string, SettingDef>();
for (const d of SETTING_DEFS as readonly SettingDef[]) {
  BY_NAME.set(d.name, d);
  for (const a of d.aliases) BY_NAME.set(a, d);
}

export const SETTING_NAMES: readonly SettingName[] = SETTING_DEFS.map((d) => d.name);

/** The setting a name (or an older alias) stands for; undefined when there is none. */
export function findSetting(name: string): SettingDef | undefined {
  return BY_NAME.get(name);
}

/** The schema properties of every setting by dotted name (the API's settings object). */
export function settingProperties(): { [D in Defs as D['name']]: D['schema'] } {
  return Object.fromEntries(SETTING_DEFS.map((d) => [d.name, d.schema])) as never;
}

/** The default of every setting by dotted name. */
export function settingDefaults(): SettingValues {
  return Object.fromEntries(SETTING_DEFS.map((d) => [d.name, d.default])) as SettingValues;
}

/** The error text for a bad value (without the "where" prefix). */
export function settingProblemText(d: SettingDef, value: unknown): string {
  return `"${d.name}" must be ${d.expected}, got ${JSON.stringify(value) ?? String(value)}`;
}

/** Reads the value at a dotted path of a nested document (undefined when a section or the key is missing). */
export function valueAt(doc: unknown, path: string): unknown {
  let cur: unknown = doc;
  for (const p of path.split('.')) {
    if (typeof cur !== 'object' || cur === null || Array.isArray(cur)) return undefined;
    cur = (cur as Record<string, unknown>)[p];
  }
  return cur;
}

/** Writes a value at a dotted path, creating sections on the way. */
export function setValueAt(doc: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.split('.');
  let cur = doc;
  for (const p of parts.slice(0, -1)) {
    const next = cur[p];
    if (typeof next !== 'object' || next === null || Array.isArray(next)) cur[p] = {};
    cur = cur[p] as Record<string, unknown>;
  }
  cur[parts[parts.length - 1] as string] = value;
}

/**
 * Parses an environment variable's text for a setting; returns the value or throws Error naming the variable and
 * what it must be (1/0, true/false, on/off for booleans; whole numbers within the limits).
 */
export function parseSettingEnv(d: SettingDef, text: string, source = d.env ?? d.name): unknown {
  const trimmed = text.trim();
  if (d.kind === 'boolean') {
    const t = trimmed.toLowerCase();
    if (t === '1' || t === 'true' || t === 'on') return true;
    if (t === '0' || t === 'false' || t === 'off') return false;
    throw new Error(`${source}="${text}" must be 1 or 0 (true/false)`);
  }
  if (d.kind === 'integer') {
    const unit = d.unit ? UNIT_WORDS[d.unit] : '';
    if (!/^\d+$/.test(trimmed)) throw new Error(`${source}="${text}" is not a whole number${unit ? ` of ${unit}` : ''} (e.g. ${source}=${String(d.default)})`);
    const n = Number(trimmed);
    if (n < (d.minimum ?? 0) || n > (d.maximum ?? INT32_MAX))
      throw new Error(`${source}=${text} is out of range: use ${d.minimum}..${d.maximum}${unit ? ` ${unit}` : ''}`);
    return n;
  }
  if (d.options && !d.options.includes(trimmed)) throw new Error(`${source}="${text}" must be ${d.expected}`);
  return trimmed;
}
