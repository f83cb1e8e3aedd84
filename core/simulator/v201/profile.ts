/**
 * OCPP 2.0.1 station profiles: data files in core/simulator/v201/profiles (*.yaml), each naming a `base` 1.6
 * profile (core/simulator/profiles) for identity, power, EV, drivers and timing — the same hardware and EV model for
 * both versions — and adding what 2.0.1 has of its own: EVSEs with their connectors and device-model values.
 * Any 1.6 profile without a 2.0.1 file is usable too: one EVSE per connector, the default device model.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import { parse as parseYaml } from 'yaml';
import { loadProfile, parseProfile, ProfileError, type Profile } from '../profile.js';

export const PROFILES_201_DIR = fileURLToPath(new URL('./profiles/', import.meta.url));

export interface Profile201 {
  name: string;
  description: string;
  /** Identity, power, EV, drivers, timing: a 1.6 profile's (with this file's overrides). */
  hardware: Profile;
  /** Connectors per EVSE (EVSE ids 1..n, connector ids 1..m within each). */
  evses: number[];
  /** Device-model values, "Component.Variable" or "Component.Variable[instance]" → value. */
  variables: Record<string, string | number | boolean>;
}

const HARDWARE_KEYS = ['vendor', 'model', 'firmwareVersion', 'maxPowerW', 'phases', 'voltage', 'ev', 'driver', 'timing'] as const;

const SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'base', 'description'],
  properties: {
    name: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]*$' },
    base: { type: 'string', minLength: 1 },
    description: { type: 'string', minLength: 1 },
    evses: {
      type: 'array',
      minItems: 1,
      maxItems: 32,
      items: { type: 'integer', minimum: 1, maximum: 8 },
    },
    variables: {
      type: 'object',
      propertyNames: {
        pattern: '^[A-Za-z0-9_]+\\.[A-Za-z0-9_]+(\\[[A-Za-z0-9_]+\\])?$',
      },
      additionalProperties: { type: ['string', 'number', 'boolean'] },
    },
    vendor: {},
    model: {},
    firmwareVersion: {},
    maxPowerW: {},
    phases: {},
    voltage: {},
    ev: {},
    driver: {},
    timing: {},
  },
} as const;

const validate = new Ajv({ allErrors: true, strict: false }).compile(SCHEMA);

/** A 2.0.1 profile from raw data (parsed YAML); hardware overrides are validated by the 1.6 profile rules. */
export function parseProfile201(data: unknown, source = 'profile'): Profile201 {
  if (!validate(data)) {
    const problems = (validate.errors ?? []).map((e) => `${e.instancePath || '(root)'} ${e.message ?? 'is invalid'}`);
    throw new ProfileError(`${source}: invalid OCPP 2.0.1 station profile: ${problems.join('; ')}`);
  }
  const d = data as Record<string, unknown> & {
    name: string;
    base: string;
    description: string;
    evses?: number[];
    variables?: Profile201['variables'];
  };
  const base = loadProfile(d.base);
  const overrides = Object.fromEntries(HARDWARE_KEYS.filter((k) => d[k] !== undefined).map((k) => [k, d[k]]));
  const hardware = Object.keys(overrides).length
    ? parseProfile(
        {
          ...base,
          ...overrides,
          ev: { ...base.ev, ...(overrides.ev as object) },
          timing: { ...base.timing, ...(overrides.timing as object) },
        },
        source,
      )
    : base;
  return {
    name: d.name,
    description: d.description,
    hardware,
    evses: d.evses ?? Array.from({ length: base.connectors }, () => 1),
    variables: d.variables ?? {},
  };
}

/** A station built from a 1.6 profile alone: one EVSE with one connector per 1.6 connector, default device model. */
export function profile201From(p: Profile): Profile201 {
  return {
    name: p.name,
    description: p.description,
    hardware: p,
    evses: Array.from({ length: p.connectors }, () => 1),
    variables: {},
  };
}

const cache = new Map<string, Profile201>();

/** A shipped 2.0.1 profile by name, else the 1.6 profile of that name (or file path) as a 2.0.1 station. */
export function loadProfile201(nameOrPath: string, dir = PROFILES_201_DIR): Profile201 {
  const hit = cache.get(`${dir}\0${nameOrPath}`);
  if (hit) return hit;
  const file = join(dir, `${nameOrPath}.yaml`);
  let profile: Profile201;
  if (/^[a-z0-9][a-z0-9-]*$/.test(nameOrPath) && existsSync(file)) {
    let data: unknown;
    try {
      data = parseYaml(readFileSync(file, 'utf8'));
    } catch (err) {
      throw new ProfileError(`${file}: not valid YAML: ${(err as Error).message}`);
    }
    profile = parseProfile201(data, file);
    if (profile.name !== nameOrPath) throw new ProfileError(`${file}: profile name "${profile.name}" must match the file name "${nameOrPath}"`);
  } else {
    profile = profile201From(loadProfile(nameOrPath));
  }
  cache.set(`${dir}\0${nameOrPath}`, profile);
  return profile;
}

/** Names of the shipped 2.0.1 station profiles. */
export function listProfiles201(dir = PROFILES_201_DIR): string[] {
  return readdirSync(dir)
    .filter((f) => extname(f) === '.yaml')
    .map((f) => basename(f, '.yaml'))
    .sort();
}
