/**
 * Command-line flags shared by `serve`, `backend` and `edge` (parsing only), and the Ctrl-C/SIGTERM shutdown.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { checkPreference, loadChargerDirectoryFile, type EdgeOptions } from '../edge/index.js';
import { PROTOCOL_VERSIONS, isProtocolVersion } from '../ocpp/protocol.js';
import type { AmqpSettings, EdgeServiceSettings } from '../app/services.js';

import { UsageError } from './usageError.js';

export { UsageError };

export const EDGE_FLAGS = {
  host: { type: 'string' },
  'ocpp-port': { type: 'string' },
  chargers: { type: 'string' },
  'refuse-unknown': { type: 'boolean' },
  'basic-auth': { type: 'boolean' },
  'strict-subprotocol': { type: 'boolean' },
  'ocpp-versions': { type: 'string' },
  'default-ocpp-version': { type: 'string' },
  ping: { type: 'string' },
  'max-frame-bytes': { type: 'string' },
  'tls-cert': { type: 'string' },
  'tls-key': { type: 'string' },
  'tls-ca': { type: 'string' },
  'tls-client-ca': { type: 'string' },
} as const satisfies ParseArgsConfig['options'];

export const AMQP_FLAGS = {
  amqp: { type: 'string' },
  'amqp-prefix': { type: 'string' },
  shards: { type: 'string' },
} as const satisfies ParseArgsConfig['options'];

export const EDGE_HELP = `Edge options:
  --host ADDR              listen address (default 127.0.0.1; 0.0.0.0 for chargers on other machines)
  --ocpp-port N            websocket port (default 9000; 0 = any free port)
  --chargers FILE          JSON/YAML { chargers: { ID: { passwordHash?, pingIntervalSec?, protocol? } } }
                           (hash passwords with: chargebench edge --hash-password; protocol pins
                           the OCPP version of a charger that offers no subprotocol)
  --refuse-unknown         refuse charge point ids that are not known (default: accept them)
  --basic-auth             require HTTP Basic auth from every charger (security profile 1)
  --strict-subprotocol     refuse handshakes without Sec-WebSocket-Protocol unless the charger is pinned
                           (default: accept, Grizzl-E sends none)
  --ocpp-versions LIST     versions chargers may use, preferred first (default ocpp1.6,ocpp2.0.1)
  --default-ocpp-version V version of a charger that offers no subprotocol (default ocpp1.6)
  --ping SEC               websocket ping interval, 0 = off (default 60)
  --max-frame-bytes N      largest accepted frame (default 1048576)
  --tls-cert F --tls-key F [--tls-ca F]   serve wss:// with your certificate (security profile 2)
  --tls-client-ca F        with --tls-cert: require client certificates signed by this CA whose CN or a
                           subjectAltName is the charge point id (security profile 3, mutual TLS)`;

export const AMQP_HELP = `RabbitMQ options:
  --amqp URL               broker URL (default AMQP_URL, else amqp://guest:guest@localhost:5672/%2F)
  --amqp-prefix P          queue/exchange name prefix (default chargebench)
  --shards N               request queues chargers are spread over (default 1; same on all edges and backends)`;

export function parseFlags<O extends NonNullable<ParseArgsConfig['options']>>(argv: string[], options: O) {
  try {
    return parseArgs({ args: argv, options: { ...options, help: { type: 'boolean', short: 'h' } }, allowPositionals: false, strict: true }).values;
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

export function intFlag(name: string, v: unknown, min: number, max: number): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (typeof v !== 'string' || !Number.isInteger(n) || n < min || n > max)
    throw new UsageError(`--${name} must be an integer from ${min} to ${max}, got "${String(v)}"`);
  return n;
}

export function numberFlag(name: string, v: unknown, min: number): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (typeof v !== 'string' || !Number.isFinite(n) || n < min) throw new UsageError(`--${name} must be a number >= ${min}, got "${String(v)}"`);
  return n;
}

type Values = Record<string, string | boolean | (string | boolean)[] | undefined>;

export async function edgeSettings(v: Values): Promise<{ host: string | undefined; port: number | undefined; edge: EdgeServiceSettings }> {
  const edge: EdgeServiceSettings = {};
  if (typeof v.chargers === 'string') edge.directory = await loadChargerDirectoryFile(v.chargers);
  if (v['refuse-unknown']) edge.acceptUnknownChargers = false;
  if (v['basic-auth']) edge.requireBasicAuth = true;
  if (v['strict-subprotocol']) edge.requireSubprotocol = true;
  if (typeof v['ocpp-versions'] === 'string') {
    try {
      edge.protocols = checkPreference(
        v['ocpp-versions']
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean),
      );
    } catch (err) {
      throw new UsageError(`--ocpp-versions: ${(err as Error).message}`);
    }
  }
  const defaultVersion = v['default-ocpp-version'];
  if (defaultVersion !== undefined) {
    if (!isProtocolVersion(defaultVersion))
      throw new UsageError(`--default-ocpp-version must be one of ${PROTOCOL_VERSIONS.join(', ')}, got "${String(defaultVersion)}"`);
    edge.noSubprotocolVersion = defaultVersion;
  }
  const ping = numberFlag('ping', v.ping, 0);
  if (ping !== undefined) edge.pingIntervalSec = ping;
  const maxFrame = intFlag('max-frame-bytes', v['max-frame-bytes'], 1024, 64 * 1024 * 1024);
  if (maxFrame !== undefined) edge.maxFrameBytes = maxFrame;
  const cert = v['tls-cert'];
  const key = v['tls-key'];
  if ((cert === undefined) !== (key === undefined)) throw new UsageError('--tls-cert and --tls-key go together (PEM files)');
  if (typeof cert === 'string' && typeof key === 'string') {
    const tls: NonNullable<EdgeOptions['tls']> = { certFile: cert, keyFile: key };
    if (typeof v['tls-ca'] === 'string') tls.caFile = v['tls-ca'];
    if (typeof v['tls-client-ca'] === 'string') tls.clientCaFile = v['tls-client-ca'];
    edge.tls = tls;
  } else if (v['tls-client-ca'] !== undefined) {
    throw new UsageError('--tls-client-ca needs --tls-cert and --tls-key (mutual TLS runs over wss://)');
  }
  return { host: typeof v.host === 'string' ? v.host : undefined, port: intFlag('ocpp-port', v['ocpp-port'], 0, 65535), edge };
}

export function amqpSettings(v: Values): Partial<AmqpSettings> {
  const out: Partial<AmqpSettings> = {};
  if (typeof v.amqp === 'string') {
    if (!/^amqps?:\/\//.test(v.amqp)) throw new UsageError(`--amqp must be an amqp:// or amqps:// URL, got "${v.amqp}"`);
    out.url = v.amqp;
  }
  if (typeof v['amqp-prefix'] === 'string') {
    if (!/^[A-Za-z0-9._-]{1,100}$/.test(v['amqp-prefix'])) throw new UsageError('--amqp-prefix may contain letters, digits, . _ - (at most 100)');
    out.prefix = v['amqp-prefix'];
  }
  const shards = intFlag('shards', v.shards, 1, 256);
  if (shards !== undefined) out.shards = shards;
  return out;
}

/** Resolves on the first Ctrl-C or SIGTERM, then runs `stop`; a second signal exits at once. */
export function untilSignal(stop: () => Promise<void>, log: (msg: string) => void = (m) => console.error(m)): Promise<void> {
  return new Promise((resolve, reject) => {
    let stopping = false;
    const onSignal = (signal: NodeJS.Signals): void => {
      if (stopping) {
        log(`${signal} again: exiting now`);
        process.exit(130);
      }
      stopping = true;
      log(`${signal}: shutting down`);
      stop().then(() => {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
        resolve();
      }, reject);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}

/** Runs a command body, turning usage and startup errors into messages and exit codes (2 usage, 1 failure). */
export async function runCommand(help: string, body: () => Promise<number | void>): Promise<number> {
  try {
    const code = await body();
    return typeof code === 'number' ? code : 0;
  } catch (err) {
    if (err instanceof UsageError) {
      console.error(`${err.message}\n\n${help}`);
      return 2;
    }
    console.error(`error: ${(err as Error).message}`);
    return 1;
  }
}
