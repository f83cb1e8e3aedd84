/**
 * The flag definitions `serve`, `backend` and `edge` share (edge, RabbitMQ, data folder; parsed by flags.ts), their
 * settings, and the Ctrl-C/SIGTERM shutdown.
 */
import { checkPreference, loadChargerDirectoryFile, type EdgeOptions } from '../edge/index.js';
import { PROTOCOL_VERSIONS, isProtocolVersion } from '../ocpp/protocol.js';
import type { AmqpSettings, EdgeServiceSettings } from '../app/services.js';
import { UsageError, flagHelp, intFlag, numberFlag, type FlagDefs } from './flags.js';

export { UsageError, parseFlags } from './flags.js';

export const EDGE_FLAGS = {
  host: { type: 'string', arg: 'ADDR', defaultText: '127.0.0.1; 0.0.0.0 for chargers on other machines', help: 'listen address' },
  'ocpp-port': { type: 'string', arg: 'N', defaultText: '9000; 0 = any free port', help: 'websocket port' },
  chargers: {
    type: 'string',
    arg: 'FILE',
    help:
      'JSON/YAML { chargers: { ID: { passwordHash?, pingIntervalSec?, protocol? } } }\n' +
      '(hash passwords with: chargebench edge --hash-password; protocol pins\n' +
      'the OCPP version of a charger that offers no subprotocol)',
  },
  'refuse-unknown': { type: 'boolean', help: 'refuse charge point ids that are not known (default: accept them)' },
  'basic-auth': { type: 'boolean', help: 'require HTTP Basic auth from every charger (security profile 1)' },
  'strict-subprotocol': {
    type: 'boolean',
    help: 'refuse handshakes without Sec-WebSocket-Protocol unless the charger is pinned\n(default: accept, Grizzl-E sends none)',
  },
  'ocpp-versions': { type: 'string', arg: 'LIST', defaultText: 'ocpp1.6,ocpp2.0.1', help: 'versions chargers may use, preferred first' },
  'default-ocpp-version': { type: 'string', arg: 'V', defaultText: 'ocpp1.6', help: 'version of a charger that offers no subprotocol' },
  ping: { type: 'string', arg: 'SEC', defaultText: '60', help: 'websocket ping interval, 0 = off' },
  'max-frame-bytes': { type: 'string', arg: 'N', defaultText: '1048576', help: 'largest accepted frame' },
  'tls-cert': { type: 'string', arg: 'F', help: 'with --tls-key: serve wss:// with your certificate (security profile 2)' },
  'tls-key': { type: 'string', arg: 'F', help: "the certificate's private key (PEM)" },
  'tls-ca': { type: 'string', arg: 'F', help: 'with --tls-cert: CA chain sent along with the certificate' },
  'tls-client-ca': {
    type: 'string',
    arg: 'F',
    help:
      'with --tls-cert: require client certificates signed by this CA whose CN or a\n' +
      'subjectAltName is the charge point id (security profile 3, mutual TLS)',
  },
} as const satisfies FlagDefs;

export const AMQP_FLAGS = {
  amqp: { type: 'string', arg: 'URL', env: 'AMQP_URL', defaultText: 'amqp://guest:guest@localhost:5672/%2F', help: 'broker URL' },
  'amqp-prefix': { type: 'string', arg: 'P', defaultText: 'chargebench', help: 'queue/exchange name prefix' },
  shards: { type: 'string', arg: 'N', defaultText: '1; same on all edges and backends', help: 'request queues chargers are spread over' },
} as const satisfies FlagDefs;

/** Where a service keeps its database and settings (serve, backend). */
export const DATA_DIR_FLAG = {
  'data-dir': { type: 'string', arg: 'DIR', env: 'CHARGEBENCH_DATA_DIR', defaultText: 'the app data folder', help: 'where the database and settings live' },
} as const satisfies FlagDefs;

export const EDGE_HELP = `Edge options:\n${flagHelp(EDGE_FLAGS)}`;

export const AMQP_HELP = `RabbitMQ options:\n${flagHelp(AMQP_FLAGS)}`;

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
