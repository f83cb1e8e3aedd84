/**
 * Charger profiles: data files in core/simulator/profiles (*.yaml, *.yml, *.json), validated with ajv against
 * PROFILE_SCHEMA. A profile sets identity, connectors, power, meter measurands, intervals and firmware quirks.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import { parse as parseYaml } from 'yaml';
import { quirkLabels, QUIRKS_SCHEMA, type Quirks } from './quirks/catalog.js';

export const PROFILES_DIR = fileURLToPath(new URL('./profiles/', import.meta.url));

/** Firmware quirks: each flag changes what the charger puts on the wire, as real firmware did in the field (quirks/). */
export type { Quirks } from './quirks/catalog.js';

/** How the simulated EV drivers at this charger start their sessions (automatic sessions). */
export interface DriverDefaults {
  /**
   * Share (0..1) of drivers who start from an app or a free-vend setup: they plug in and wait for the central
   * system's RemoteStartTransaction. The others present a card (local Authorize, then StartTransaction).
   */
  remoteStartShare: number;
  /** How long a driver waiting for a remote start waits (s) before presenting a card after all. */
  remoteStartWaitS: number;
}

export interface EvDefaults {
  /** Battery capacity in Wh. */
  capacityWh: number;
  /** The EV's own maximum charging power in W. */
  maxPowerW: number;
  /** State of charge on arrival, a random value in [min, max] (0..100). */
  arrivalSoc: [number, number];
  /** The EV stops drawing power at this SoC (0..100). */
  targetSoc: number;
}

export interface Profile {
  name: string;
  description: string;
  vendor: string;
  model: string;
  firmwareVersion: string;
  meterType?: string;
  /** Number of connectors (1..n). */
  connectors: number;
  /** Maximum power per connector in W. */
  maxPowerW: number;
  /** AC phases (1 or 3); DC chargers use 1 with a DC voltage. */
  phases: number;
  /** Nominal voltage in V (per phase for AC). */
  voltage: number;
  ev: EvDefaults;
  driver: DriverDefaults;
  /** Supported feature profiles (SupportedFeatureProfiles). */
  features: string[];
  /** Configuration key values (overriding the built-in defaults). */
  configuration: Record<string, string | number | boolean>;
  timing: {
    /** How long the charger waits for the answer to its own CALL before giving up (s). */
    callTimeoutS: number;
    /** Reconnect backoff: first delay and cap (s); doubles with jitter in between. */
    reconnectMinS: number;
    reconnectMaxS: number;
    /** Retry delay after a Pending/Rejected BootNotification whose interval is 0 (s). */
    bootRetryS: number;
    /** Time from Reset/power-on to the new websocket connection (s). */
    rebootS: number;
  };
  quirks: Quirks;
}

export const PROFILE_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'description', 'vendor', 'model', 'firmwareVersion', 'connectors', 'maxPowerW', 'phases', 'voltage'],
  properties: {
    name: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]*$' },
    description: { type: 'string', minLength: 1 },
    vendor: { type: 'string', minLength: 1, maxLength: 20 },
    model: { type: 'string', minLength: 1, maxLength: 20 },
    firmwareVersion: { type: 'string', maxLength: 50 },
    meterType: { type: 'string', maxLength: 25 },
    connectors: { type: 'integer', minimum: 1, maximum: 32 },
    maxPowerW: { type: 'number', exclusiveMinimum: 0 },
    phases: { type: 'integer', enum: [1, 3] },
    voltage: { type: 'number', exclusiveMinimum: 0 },
    ev: {
      type: 'object',
      additionalProperties: false,
      properties: {
        capacityWh: { type: 'number', exclusiveMinimum: 0 },
        maxPowerW: { type: 'number', exclusiveMinimum: 0 },
        arrivalSoc: { type: 'array', items: { type: 'number', minimum: 0, maximum: 100 }, minItems: 2, maxItems: 2 },
        targetSoc: { type: 'number', minimum: 1, maximum: 100 },
      },
    },
    driver: {
      type: 'object',
      additionalProperties: false,
      properties: {
        remoteStartShare: { type: 'number', minimum: 0, maximum: 1 },
        remoteStartWaitS: { type: 'number', exclusiveMinimum: 0 },
      },
    },
    features: {
      type: 'array',
      items: { enum: ['Core', 'FirmwareManagement', 'LocalAuthListManagement', 'Reservation', 'SmartCharging', 'RemoteTrigger'] },
      uniqueItems: true,
    },
    configuration: { type: 'object', additionalProperties: { type: ['string', 'number', 'boolean'] } },
    timing: {
      type: 'object',
      additionalProperties: false,
      properties: {
        callTimeoutS: { type: 'number', exclusiveMinimum: 0 },
        reconnectMinS: { type: 'number', minimum: 0 },
        reconnectMaxS: { type: 'number', minimum: 0 },
        bootRetryS: { type: 'number', exclusiveMinimum: 0 },
        rebootS: { type: 'number', minimum: 0 },
      },
    },
    quirks: QUIRKS_SCHEMA,
  },
} as const;

const ajv = new Ajv({ allErrors: true, strict: false });
const validateProfileSchema = ajv.compile(PROFILE_SCHEMA);

const DEFAULT_EV: EvDefaults = { capacityWh: 60_000, maxPowerW: 11_000, arrivalSoc: [20, 60], targetSoc: 100 };
/** About a third of public AC sessions start from an app rather than a card; drivers give an app a minute. */
const DEFAULT_DRIVER: DriverDefaults = { remoteStartShare: 0.35, remoteStartWaitS: 60 };
const DEFAULT_TIMING: Profile['timing'] = { callTimeoutS: 30, reconnectMinS: 1, reconnectMaxS: 60, bootRetryS: 30, rebootS: 2 };
const ALL_FEATURES = ['Core', 'FirmwareManagement', 'LocalAuthListManagement', 'Reservation', 'SmartCharging', 'RemoteTrigger'];

export class ProfileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProfileError';
  }
}

/** Validates raw profile data (parsed YAML/JSON) and fills defaults. `source` names the file in error messages. */
export function parseProfile(data: unknown, source = 'profile'): Profile {
  if (!validateProfileSchema(data)) {
    const problems = (validateProfileSchema.errors ?? []).map(
      (e) =>
        `${e.instancePath || '(root)'} ${e.message ?? 'is invalid'}${e.keyword === 'additionalProperties' ? ` ("${String((e.params as { additionalProperty?: string }).additionalProperty)}")` : ''}`,
    );
    throw new ProfileError(`${source}: invalid charger profile: ${problems.join('; ')}`);
  }
  const d = data as Partial<Profile> &
    Pick<Profile, 'name' | 'description' | 'vendor' | 'model' | 'firmwareVersion' | 'connectors' | 'maxPowerW' | 'phases' | 'voltage'>;
  const ev = { ...DEFAULT_EV, ...d.ev };
  if (ev.arrivalSoc[0] > ev.arrivalSoc[1]) throw new ProfileError(`${source}: ev.arrivalSoc must be [min, max] with min <= max`);
  const timing = { ...DEFAULT_TIMING, ...d.timing };
  if (timing.reconnectMaxS < timing.reconnectMinS) throw new ProfileError(`${source}: timing.reconnectMaxS must be >= reconnectMinS`);
  const features = d.features ?? ALL_FEATURES;
  if (!features.includes('Core')) throw new ProfileError(`${source}: features must include "Core"`);
  return {
    ...d,
    ev,
    driver: { ...DEFAULT_DRIVER, ...d.driver },
    timing,
    features,
    configuration: d.configuration ?? {},
    quirks: d.quirks ?? {},
  };
}

function profileFiles(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const f of readdirSync(dir).sort()) {
    const ext = extname(f);
    if (ext === '.yaml' || ext === '.yml' || ext === '.json') files.set(basename(f, ext), join(dir, f));
  }
  return files;
}

export function loadProfileFile(path: string): Profile {
  const text = readFileSync(path, 'utf8');
  let data: unknown;
  try {
    data = extname(path) === '.json' ? JSON.parse(text) : parseYaml(text);
  } catch (err) {
    throw new ProfileError(`${path}: not valid ${extname(path) === '.json' ? 'JSON' : 'YAML'}: ${(err as Error).message}`);
  }
  const profile = parseProfile(data, path);
  const stem = basename(path, extname(path));
  if (profile.name !== stem) throw new ProfileError(`${path}: profile name "${profile.name}" must match the file name "${stem}"`);
  return profile;
}

const cache = new Map<string, Profile>();

/** Loads a shipped profile by name, or a profile file by path (anything containing a slash or an extension). */
export function loadProfile(nameOrPath: string, dir = PROFILES_DIR): Profile {
  if (/[/\\]/.test(nameOrPath) || /\.(ya?ml|json)$/.test(nameOrPath)) return loadProfileFile(nameOrPath);
  const key = `${dir}\0${nameOrPath}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const files = profileFiles(dir);
  const path = files.get(nameOrPath);
  if (!path)
    throw new ProfileError(`Unknown charger profile "${nameOrPath}". Available: ${[...files.keys()].join(', ')} (or pass a path to a .yaml/.json file)`);
  const profile = loadProfileFile(path);
  cache.set(key, profile);
  return profile;
}

export interface ProfileSummary {
  name: string;
  description: string;
  vendor: string;
  model: string;
  connectors: number;
  maxPowerW: number;
  quirks: string[];
}

/** Every shipped profile, validated (an invalid file throws with its path). */
export function listProfiles(dir = PROFILES_DIR): ProfileSummary[] {
  return [...profileFiles(dir).keys()].map((name) => {
    const p = loadProfile(name, dir);
    const quirks = quirkLabels(p.quirks);
    return { name: p.name, description: p.description, vendor: p.vendor, model: p.model, connectors: p.connectors, maxPowerW: p.maxPowerW, quirks };
  });
}
