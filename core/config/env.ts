/**
 * Environment variables (the seed's names where they exist): AMQP_URL, OCPP_MIDDLEWARE, CHARGEBENCH_DATA_DIR, and
 * the settings' overrides the settings schema names (OCPP_HEARTBEAT_INTERVAL, CHARGEBENCH_CONFORMANCE: see
 * docs/settings.md). Parsing only checks shape; middleware names are checked against the backend's catalog.
 */
import { ConfigError } from './errors.js';
import { redactUrl } from '../util/redactUrl.js';
import { SETTING_DEFS, findSetting, parseSettingEnv, type SettingDef } from './settingsSchema.js';

/** action → ordered list of middleware names (exactly the chain to run for that action). */
export type MiddlewareConfig = Record<string, string[]>;

export interface EnvConfig {
  amqpUrl?: string;
  /** Settings overridden by their environment variable, by dotted name (e.g. heartbeatInterval from OCPP_HEARTBEAT_INTERVAL). */
  settings: Record<string, unknown>;
  middleware?: MiddlewareConfig;
  dataDir?: string;
}

/** Parses OCPP_HEARTBEAT_INTERVAL: whole seconds, 1..2^31-1. */
export function parseHeartbeatInterval(text: string, source = 'OCPP_HEARTBEAT_INTERVAL'): number {
  return parseEnvSetting(findSetting('heartbeatInterval') as SettingDef, text, source) as number;
}

function parseEnvSetting(d: SettingDef, text: string, source?: string): unknown {
  try {
    return parseSettingEnv(d, text, source);
  } catch (err) {
    throw new ConfigError((err as Error).message);
  }
}

/** Parses OCPP_MIDDLEWARE: a JSON object mapping an action to an ordered array of middleware names. */
export function parseMiddlewareConfig(text: string, source = 'OCPP_MIDDLEWARE'): MiddlewareConfig {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new ConfigError(
      `${source} is not valid JSON (${(err as Error).message}). Expected e.g. {"StatusNotification":["AutoRemoteStart","StatusNotification"]}`,
    );
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ConfigError(`${source} must be a JSON object mapping an action to a list of middleware names, e.g. {"Heartbeat":["Heartbeat"]}`);
  }
  const out: MiddlewareConfig = {};
  for (const [action, names] of Object.entries(value as Record<string, unknown>)) {
    if (!Array.isArray(names) || names.some((n) => typeof n !== 'string' || n.length === 0)) {
      throw new ConfigError(`${source}: the value for "${action}" must be an array of middleware names (strings), got ${JSON.stringify(names)}`);
    }
    const list = names as string[];
    const dup = list.find((n, i) => list.indexOf(n) !== i);
    if (dup) throw new ConfigError(`${source}: middleware "${dup}" is listed twice for "${action}"`);
    out[action] = list;
  }
  return out;
}

/** Reads the environment variables ChargeBench understands; throws ConfigError naming the bad variable. */
export function readEnv(env: NodeJS.ProcessEnv = process.env): EnvConfig {
  const out: EnvConfig = { settings: {} };
  if (env.AMQP_URL && env.AMQP_URL.trim() !== '') {
    const url = env.AMQP_URL.trim();
    if (!/^amqps?:\/\//.test(url))
      throw new ConfigError(`AMQP_URL="${maskUrl(url)}" must start with amqp:// or amqps:// (e.g. amqp://guest:guest@127.0.0.1:5672)`);
    out.amqpUrl = url;
  }
  for (const d of SETTING_DEFS as readonly SettingDef[]) {
    const text = d.env ? env[d.env] : undefined;
    if (d.env && text !== undefined && text.trim() !== '') out.settings[d.name] = parseEnvSetting(d, text);
  }
  if (env.OCPP_MIDDLEWARE !== undefined && env.OCPP_MIDDLEWARE.trim() !== '') {
    out.middleware = parseMiddlewareConfig(env.OCPP_MIDDLEWARE);
  }
  if (env.CHARGEBENCH_DATA_DIR && env.CHARGEBENCH_DATA_DIR.trim() !== '') out.dataDir = env.CHARGEBENCH_DATA_DIR;
  return out;
}

/** A URL with its password replaced by ***, for logs and error messages (core/util/redactUrl.ts). */
export const maskUrl = redactUrl;
