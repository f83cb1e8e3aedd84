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

export function defaultSettings(): Settings {
  return {
    version: 1,
    validation: 'strict',
    heartbeatInterval: 3600,
    boot: { policy: 'Accepted', perCharger: {}, retryInterval: 60 },
    conformance: false,
    auth: { acceptUnknown: true, rejectConcurrentTx: false },
    autoRemoteStart: { delayMs: 1000, idTag: 'CHARGEBENCH' },
    calls: { timeoutMs: 30_000, safetyMarginMs: 5_000 },
    liveness: { missedHeartbeats: 3 },
    middleware: {},
  };
}

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
  if (env.heartbeatInterval !== undefined) {
    settings.heartbeatInterval = env.heartbeatInterval;
    envOverrides.push('heartbeatInterval (OCPP_HEARTBEAT_INTERVAL)');
  }
  if (env.conformance !== undefined) {
    settings.conformance = env.conformance;
    envOverrides.push('conformance (CHARGEBENCH_CONFORMANCE)');
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
// Validation: a settings document from disk or an update is checked field by field, with the path in the message.

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function pick<T>(src: Record<string, unknown>, key: string, def: T, where: string, check: (v: unknown) => v is T, expected: string): T {
  if (!(key in src) || src[key] === undefined) return def;
  const v = src[key];
  if (!check(v)) throw new ConfigError(`${where}: "${key}" must be ${expected}, got ${JSON.stringify(v)}`);
  return v;
}

const isBool = (v: unknown): v is boolean => typeof v === 'boolean';
const isStr = (v: unknown): v is string => typeof v === 'string' && v.length > 0;
const isIdTag = (v: unknown): v is string => isStr(v) && v.length <= 20;
const isNonNegInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;
const isPosInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= 2_147_483_647;
const isStrictness = (v: unknown): v is Strictness => v === 'strict' || v === 'warn' || v === 'off';
const isPolicy = (v: unknown): v is BootPolicy => v === 'Accepted' || v === 'Pending' || v === 'Rejected';
const isNameList = (v: unknown): v is string[] => Array.isArray(v) && v.every((n) => typeof n === 'string' && n.length > 0);

function section(src: Record<string, unknown>, key: string, where: string): Record<string, unknown> {
  const v = src[key];
  if (v === undefined) return {};
  if (!isObj(v)) throw new ConfigError(`${where}: "${key}" must be an object`);
  return v;
}

/** Fills defaults and checks every field; throws ConfigError naming the bad field. */
export function normalizeSettings(input: unknown, where: string): Settings {
  if (!isObj(input)) throw new ConfigError(`${where}: the settings document must be a JSON object`);
  const d = defaultSettings();
  const boot = section(input, 'boot', `${where}`);
  const auth = section(input, 'auth', where);
  const ars = section(input, 'autoRemoteStart', where);
  const calls = section(input, 'calls', where);
  const live = section(input, 'liveness', where);
  const mw = section(input, 'middleware', where);
  const perCharger = section(boot, 'perCharger', `${where} boot`);
  const out: Settings = {
    version: 1,
    validation: pick(input, 'validation', d.validation, where, isStrictness, '"strict", "warn" or "off"'),
    heartbeatInterval: pick(input, 'heartbeatInterval', d.heartbeatInterval, where, isPosInt, 'a whole number of seconds ≥ 1'),
    conformance: pick(input, 'conformance', d.conformance, where, isBool, 'true or false'),
    boot: {
      policy: pick(boot, 'policy', d.boot.policy, `${where} boot`, isPolicy, '"Accepted", "Pending" or "Rejected"'),
      perCharger: {},
      retryInterval: pick(boot, 'retryInterval', d.boot.retryInterval, `${where} boot`, isPosInt, 'a whole number of seconds ≥ 1'),
    },
    auth: {
      acceptUnknown: pick(auth, 'acceptUnknown', d.auth.acceptUnknown, `${where} auth`, isBool, 'true or false'),
      rejectConcurrentTx: pick(auth, 'rejectConcurrentTx', d.auth.rejectConcurrentTx, `${where} auth`, isBool, 'true or false'),
    },
    autoRemoteStart: {
      delayMs: pick(ars, 'delayMs', d.autoRemoteStart.delayMs, `${where} autoRemoteStart`, isNonNegInt, 'a whole number of milliseconds ≥ 0'),
      // "defaultIdTag" is the name settings files written before the free-vend tag used.
      idTag: pick(ars, 'idTag', pick(ars, 'defaultIdTag', d.autoRemoteStart.idTag, `${where} autoRemoteStart`, isIdTag, 'an id tag of 1..20 characters'), `${where} autoRemoteStart`, isIdTag, 'an id tag of 1..20 characters'),
    },
    calls: {
      timeoutMs: pick(calls, 'timeoutMs', d.calls.timeoutMs, `${where} calls`, isPosInt, 'a whole number of milliseconds ≥ 1'),
      safetyMarginMs: pick(calls, 'safetyMarginMs', d.calls.safetyMarginMs, `${where} calls`, isNonNegInt, 'a whole number of milliseconds ≥ 0'),
    },
    liveness: {
      missedHeartbeats: pick(live, 'missedHeartbeats', d.liveness.missedHeartbeats, `${where} liveness`, isPosInt, 'a whole number ≥ 1'),
    },
    middleware: {},
  };
  for (const [cp, policy] of Object.entries(perCharger)) {
    if (!isPolicy(policy)) throw new ConfigError(`${where} boot.perCharger: "${cp}" must be "Accepted", "Pending" or "Rejected", got ${JSON.stringify(policy)}`);
    out.boot.perCharger[cp] = policy;
  }
  for (const [chain, cfg] of Object.entries(mw)) {
    if (!isObj(cfg)) throw new ConfigError(`${where} middleware: "${chain}" must be {"order": [...], "disabled": [...]}`);
    const order = pick(cfg, 'order', [] as string[], `${where} middleware.${chain}`, isNameList, 'an array of middleware names');
    const disabled = pick(cfg, 'disabled', [] as string[], `${where} middleware.${chain}`, isNameList, 'an array of middleware names');
    out.middleware[chain] = { order: [...order], disabled: [...disabled] };
  }
  return out;
}
