/**
 * Settings: a small JSON document (lowdb, written atomically via a temp file + rename) holding the middleware
 * configuration and the backend's policies. Environment variables override the file at open time (in memory);
 * any later update writes the whole in-memory document back.
 */
import { join } from 'node:path';
import { Low, Memory } from 'lowdb';
import { TextFile } from 'lowdb/node';
import type { Strictness } from '../ocpp/validation.js';
import { RegistrationStatusValues, type RegistrationStatus } from '../ocpp/v16/types.generated.js';
import { ConfigError } from './errors.js';
import { readEnv, type EnvConfig } from './env.js';
import { SETTING_DEFS, findSetting, setValueAt, valueAt, type SettingDef } from './settingsSchema.js';
import { settingProblem } from './settingsValidation.js';

/** What BootNotification answers: the protocol's registration statuses. */
export type BootPolicy = RegistrationStatus;
export const BOOT_POLICIES: readonly BootPolicy[] = RegistrationStatusValues;

/** One chain's configuration: `order` lists middleware names in run order; `disabled` those switched off. */
export interface ChainSettings {
  order: string[];
  disabled: string[];
}

export interface Settings {
  version: 1;
  /** Payload validation of inbound and outbound frames. */
  validation: Strictness;
  /** Heartbeat interval (s) sent in BootNotification.conf; OCPP_HEARTBEAT_INTERVAL overrides. */
  heartbeatInterval: number;
  boot: {
    /** Answer for chargers without a per-charger policy. */
    policy: BootPolicy;
    perCharger: Record<string, BootPolicy>;
    /** Interval (s) sent with Pending/Rejected: when the charger should retry its BootNotification. */
    retryInterval: number;
  };
  /**
   * OCA conformance mode: the central system behaves as the OCPP 1.6 test cases expect, whatever the bench
   * settings below say: unknown id tags are Invalid, and it sends no CALL the charger did not ask for
   * (AutoRemoteStart sends nothing). Off by default: the bench stays permissive.
   */
  conformance: boolean;
  auth: {
    /** Tags not in the id-tag list are Accepted (the seed's behaviour) instead of Invalid (always Invalid in conformance mode). */
    acceptUnknown: boolean;
    /** A tag already in an active transaction on another connector gets ConcurrentTx. */
    rejectConcurrentTx: boolean;
  };
  autoRemoteStart: {
    /**
     * How long a connector must stay Preparing (no Authorize, no StartTransaction, no other status) before
     * RemoteStartTransaction is sent; the decision is taken when it expires (also the Grizzl-E workaround).
     */
    delayMs: number;
    /**
     * The free-vend id tag RemoteStartTransaction carries. Always this one (never a tag remembered from another
     * connector or session); Accepted by this central system unless the id-tag list says otherwise.
     */
    idTag: string;
  };
  calls: {
    /** How long the edge waits for a charger's reply to a server CALL. */
    timeoutMs: number;
    /** Extra time the backend's own safety timer allows beyond the edge's timeout. */
    safetyMarginMs: number;
  };
  liveness: {
    /** A charger silent for this many heartbeat intervals is marked offline. */
    missedHeartbeats: number;
  };
  /** Per chain (action name, or "<Action>.reply" for replies to server CALLs). Absent = default chain. */
  middleware: Record<string, ChainSettings>;
}

/** The defaults: every setting's schema default (core/config/settingsSchema.ts), no per-charger policies, default chains. */
export function defaultSettings(): Settings {
  const out: Record<string, unknown> = { version: 1, boot: { perCharger: {} }, middleware: {} };
  for (const d of STORED_SETTINGS) setValueAt(out, d.name, structuredClone(d.default));
  return out as unknown as Settings;
}

/** The settings kept in settings.json (the others belong to the edge). */
export const STORED_SETTINGS: readonly SettingDef[] = (SETTING_DEFS as readonly SettingDef[]).filter((d) => d.owner === 'settings.json');

export type SettingsListener = (settings: Readonly<Settings>) => void;

export interface SettingsStore {
  /** The current settings (do not mutate; use update). */
  get(): Readonly<Settings>;
  /** Applies a change, validates it, writes the file atomically, notifies listeners. Invalid changes throw ConfigError. */
  update(mutate: (draft: Settings) => void): Promise<Readonly<Settings>>;
  onChange(listener: SettingsListener): () => void;
  /** The settings file, or null for an in-memory store. */
  readonly path: string | null;
  /** Which settings came from environment variables. */
  readonly envOverrides: readonly string[];
}

export interface OpenSettingsOptions {
  /** Directory holding settings.json. */
  dataDir?: string;
  /** Keep settings in memory only (tests). */
  memory?: boolean;
  /** Environment to read overrides from (default process.env); pass {} to ignore the environment. */
  env?: NodeJS.ProcessEnv;
  /** Already-parsed environment (e.g. the CLI parsed it to report errors early). */
  envConfig?: EnvConfig;
  /** Initial values for an in-memory store. */
  initial?: Partial<Settings>;
}

export const SETTINGS_FILE = 'settings.json';

export async function openSettings(opts: OpenSettingsOptions): Promise<SettingsStore> {
  const env = opts.envConfig ?? readEnv(opts.env ?? process.env);
  let path: string | null = null;
  let db: Low<string>;
  if (opts.memory || !opts.dataDir) {
    if (!opts.memory) throw new ConfigError('openSettings needs either dataDir or memory: true');
    db = new Low<string>(new Memory<string>(), '');
  } else {
    path = join(opts.dataDir, SETTINGS_FILE);
    db = new Low<string>(new TextFile(path), '');
  }
  await db.read();
  let settings: Settings;
  if (db.data) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(db.data);
    } catch (err) {
      throw new ConfigError(`Settings file ${path} is not valid JSON (${(err as Error).message}). Fix it, or delete it to start from the defaults.`);
    }
    settings = normalizeSettings(parsed, path ?? 'settings');
  } else {
    settings = normalizeSettings({ ...defaultSettings(), ...opts.initial }, 'initial settings');
  }
  const envOverrides: string[] = [];
  for (const d of STORED_SETTINGS) {
    if (!d.env || !(d.name in env.settings)) continue;
    setValueAt(settings as unknown as Record<string, unknown>, d.name, env.settings[d.name]);
    envOverrides.push(`${d.name} (${d.env})`);
  }
  if (env.middleware) {
    for (const [chain, names] of Object.entries(env.middleware)) settings.middleware[chain] = { order: [...names], disabled: [] };
    envOverrides.push('middleware (OCPP_MIDDLEWARE)');
  }
  const listeners = new Set<SettingsListener>();
  let writing: Promise<unknown> = Promise.resolve();

  return {
    path,
    envOverrides,
    get: () => settings,
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async update(mutate) {
      const draft = structuredClone(settings);
      mutate(draft);
      const next = normalizeSettings(draft, 'settings update');
      settings = next;
      const text = JSON.stringify(next, null, 2) + '\n';
      // Writes are chained so the file always ends with the latest document.
      writing = writing.then(() => {
        db.data = text;
        return db.write();
      });
      await writing;
      for (const l of listeners) l(next);
      return next;
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Validation: a settings document from disk or an update is checked setting by setting against the one schema,
// the dotted name and the limits in the message. Older names (aliases) are read when the name itself is absent.

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const isNameList = (v: unknown): v is string[] => Array.isArray(v) && v.every((n) => typeof n === 'string' && n.length > 0);
const BOOT_POLICY = findSetting('boot.policy') as SettingDef;

/** The stored value of a setting: its own path, else the first alias path present; a non-object section is an error. */
function storedValue(input: Record<string, unknown>, d: SettingDef, where: string): unknown {
  for (const path of [d.name, ...d.aliases]) {
    const parts = path.split('.');
    for (let i = 1; i < parts.length; i++) {
      const section = valueAt(input, parts.slice(0, i).join('.'));
      if (section !== undefined && !isObj(section)) throw new ConfigError(`${where}: "${parts.slice(0, i).join('.')}" must be an object`);
    }
    const v = valueAt(input, path);
    if (v !== undefined) return v;
  }
  return undefined;
}

/** Fills defaults and checks every setting; throws ConfigError naming the bad one. */
export function normalizeSettings(input: unknown, where: string): Settings {
  if (!isObj(input)) throw new ConfigError(`${where}: the settings document must be a JSON object`);
  const out = defaultSettings();
  for (const d of STORED_SETTINGS) {
    const v = storedValue(input, d, where);
    if (v === undefined) continue;
    const problem = settingProblem(d, v);
    if (problem) throw new ConfigError(`${where}: ${problem}`);
    setValueAt(out as unknown as Record<string, unknown>, d.name, v);
  }
  const perCharger = valueAt(input, 'boot.perCharger') ?? {};
  if (!isObj(perCharger)) throw new ConfigError(`${where}: "boot.perCharger" must be an object`);
  for (const [cp, policy] of Object.entries(perCharger)) {
    if (settingProblem(BOOT_POLICY, policy))
      throw new ConfigError(`${where}: "boot.perCharger.${cp}" must be ${BOOT_POLICY.expected}, got ${JSON.stringify(policy)}`);
    out.boot.perCharger[cp] = policy as BootPolicy;
  }
  const mw = input.middleware ?? {};
  if (!isObj(mw)) throw new ConfigError(`${where}: "middleware" must be an object`);
  for (const [chain, cfg] of Object.entries(mw)) {
    if (!isObj(cfg)) throw new ConfigError(`${where}: "middleware.${chain}" must be {"order": [...], "disabled": [...]}`);
    const list = (key: 'order' | 'disabled'): string[] => {
      const v = cfg[key] ?? [];
      if (!isNameList(v)) throw new ConfigError(`${where}: "middleware.${chain}.${key}" must be an array of middleware names, got ${JSON.stringify(v)}`);
      return [...v];
    };
    out.middleware[chain] = { order: list('order'), disabled: list('disabled') };
  }
  return out;
}
