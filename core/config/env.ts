/**
 * Environment variables (the seed's names where they exist): AMQP_URL, OCPP_HEARTBEAT_INTERVAL, OCPP_MIDDLEWARE,
 * CHARGEBENCH_DATA_DIR, CHARGEBENCH_CONFORMANCE. Parsing only checks shape; middleware names are checked against the backend's catalog.
 */
import { ConfigError } from './errors.js';

/** action → ordered list of middleware names (exactly the chain to run for that action). */
export type MiddlewareConfig = Record<string, string[]>;

export interface EnvConfig {
  amqpUrl?: string;
  heartbeatInterval?: number;
  middleware?: MiddlewareConfig;
  dataDir?: string;
  /** CHARGEBENCH_CONFORMANCE: OCA conformance mode on (1/true) or off (0/false) for this run. */
  conformance?: boolean;
}

/** Parses OCPP_HEARTBEAT_INTERVAL: whole seconds, 1..2^31-1. */
export function parseHeartbeatInterval(text: string, source = 'OCPP_HEARTBEAT_INTERVAL'): number {
  const trimmed = text.trim();
  if (!/^\d+$/.test(trimmed)) throw new ConfigError(`${source}="${text}" is not a whole number of seconds (e.g. ${source}=3600)`);
  const n = Number(trimmed);
  if (n < 1 || n > 2_147_483_647) throw new ConfigError(`${source}=${text} is out of range: use 1..2147483647 seconds`);
  return n;
}

/** Parses OCPP_MIDDLEWARE: a JSON object mapping an action to an ordered array of middleware names. */
export function parseMiddlewareConfig(text: string, source = 'OCPP_MIDDLEWARE'): MiddlewareConfig {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new ConfigError(`${source} is not valid JSON (${(err as Error).message}). Expected e.g. {"StatusNotification":["AutoRemoteStart","StatusNotification"]}`);
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
  const out: EnvConfig = {};
  if (env.AMQP_URL && env.AMQP_URL.trim() !== '') {
    const url = env.AMQP_URL.trim();
    if (!/^amqps?:\/\//.test(url)) throw new ConfigError(`AMQP_URL="${maskUrl(url)}" must start with amqp:// or amqps:// (e.g. amqp://guest:guest@127.0.0.1:5672)`);
    out.amqpUrl = url;
  }
  if (env.OCPP_HEARTBEAT_INTERVAL !== undefined && env.OCPP_HEARTBEAT_INTERVAL.trim() !== '') {
    out.heartbeatInterval = parseHeartbeatInterval(env.OCPP_HEARTBEAT_INTERVAL);
  }
  if (env.OCPP_MIDDLEWARE !== undefined && env.OCPP_MIDDLEWARE.trim() !== '') {
    out.middleware = parseMiddlewareConfig(env.OCPP_MIDDLEWARE);
  }
  if (env.CHARGEBENCH_DATA_DIR && env.CHARGEBENCH_DATA_DIR.trim() !== '') out.dataDir = env.CHARGEBENCH_DATA_DIR;
  const conf = env.CHARGEBENCH_CONFORMANCE?.trim().toLowerCase();
  if (conf !== undefined && conf !== '') {
    if (conf === '1' || conf === 'true' || conf === 'on') out.conformance = true;
    else if (conf === '0' || conf === 'false' || conf === 'off') out.conformance = false;
    else throw new ConfigError(`CHARGEBENCH_CONFORMANCE="${env.CHARGEBENCH_CONFORMANCE}" must be 1 or 0 (true/false)`);
  }
  return out;
}

/** A URL with its password replaced by ***, for logs and error messages. */
export function maskUrl(url: string): string {
  return url.replace(/^(\w+:\/\/[^:/@]*:)[^@]*@/, '$1***@');
}
