/**
 * `startBench(opts)`: everything the app needs in one process — backend + edge + transport (startServe), the
 * simulator fleet, and the bench API serving the built renderer. Used by `chargebench serve`, `npm start`,
 * the Electron main process and the e2e tests.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startApiServer, type ApiServer } from '../api/server.js';
import type { LiveStreamOptions } from '../api/liveStream.js';
import { Fleet } from '../simulator/index.js';
import { createLogger } from '../util/log.js';
import { createBenchApiServices } from './benchApiServices.js';
import { startServe, type AmqpSettings, type EdgeServiceSettings, type ServeHandle } from './services.js';
import { createSimBridge } from './simBridge.js';
import { RefusalLog } from './api/refusalLog.js';
import { sharedScenarioRuns } from '../scenario/library.js';
import { sharedBrokerJobs } from '../docker/index.js';

const log = createLogger('bench');

/** renderer/dist next to the sources (and next to electron/dist in a bundled build: both are two levels down). */
export const DEFAULT_RENDERER_DIR = fileURLToPath(new URL('../../renderer/dist/', import.meta.url));

export interface BenchOptions {
  dataDir?: string;
  /** Keep store and settings in memory (tests). */
  memory?: boolean;
  /** Where chargers connect (default 9000; 0 = a free port). */
  ocppPort?: number;
  /** Address the OCPP edge listens on (default 127.0.0.1; 0.0.0.0 lets chargers on the LAN connect). */
  host?: string;
  /** The UI/API port (default 0 = a free port). */
  uiPort?: number;
  /** RabbitMQ between edge and backend (else AMQP_URL, else in-process). */
  amqp?: AmqpSettings;
  edge?: EdgeServiceSettings;
  /** The websocket edge in a worker thread of its own (see ServeOptions.edgeThread; `chargebench serve` and `npm start` set it). */
  edgeThread?: boolean;
  /** The built renderer (default renderer/dist); null serves the API only. */
  rendererDir?: string | null;
  /** Fixed token (default: CHARGEBENCH_TOKEN, else random per launch). */
  token?: string;
  /** Check every API response against its contract (tests; a mismatch answers 500). */
  checkResponses?: boolean;
  /** Extra origins allowed to call the API (e.g. the Vite dev server). */
  extraOrigins?: string[];
  live?: LiveStreamOptions;
  env?: NodeJS.ProcessEnv;
}

export interface BenchHandle {
  /** Open this in a browser: http://127.0.0.1:PORT/#token=… */
  uiUrl: string;
  /** http://127.0.0.1:PORT (send the token as `Authorization: Bearer`). */
  apiUrl: string;
  token: string;
  /** ws://HOST:PORT/ocpp — chargers append /{chargePointId}. */
  ocppUrl: string;
  dataDir: string | null;
  transport: 'in-process' | 'amqp';
  serve: ServeHandle;
  fleet: Fleet;
  api: ApiServer;
  /** Whether the built renderer was found (else the UI URL shows how to build it). */
  rendererBuilt: boolean;
  /** Stops the simulated chargers only. */
  stopChargers(): Promise<void>;
  /** Stops chargers, API, edge, backend and store, in that order. Safe to call twice. */
  stop(): Promise<void>;
}

/** A fixed token must be safe in a URL fragment and long enough not to be guessed. */
export const TOKEN_RULE = /^[A-Za-z0-9._~-]{16,256}$/;

/** The token given (option, else CHARGEBENCH_TOKEN), checked; undefined: a random one per launch. */
export function tokenFrom(given: string | undefined, env: NodeJS.ProcessEnv): string | undefined {
  const token = given ?? (env.CHARGEBENCH_TOKEN || undefined);
  if (token !== undefined && !TOKEN_RULE.test(token)) {
    throw new Error(`The bench token (${given !== undefined ? '--token' : 'CHARGEBENCH_TOKEN'}) must be 16-256 characters of letters, digits and . _ ~ -`);
  }
  return token;
}

export async function startBench(opts: BenchOptions = {}): Promise<BenchHandle> {
  const env = opts.env ?? process.env;
  const token = tokenFrom(opts.token, env);
  const refusals = new RefusalLog();
  const edge = {
    ...opts.edge,
    onRefused: (r: Parameters<NonNullable<NonNullable<BenchOptions['edge']>['onRefused']>>[0]) => {
      refusals.record(r);
      opts.edge?.onRefused?.(r);
    },
  };
  const serve = await startServe({
    dataDir: opts.dataDir,
    memory: opts.memory,
    ocppPort: opts.ocppPort ?? 9000,
    ...(opts.host ? { host: opts.host } : {}),
    amqp: opts.amqp,
    edge,
    edgeThread: opts.edgeThread,
    env: opts.env,
  });
  const fleet = new Fleet();
  const sim = createSimBridge(fleet, serve.ocppUrl);
  const services = createBenchApiServices({
    backend: serve.backend,
    sim,
    transportStatus: () => serve.edge.health().transport,
    ocppBaseUrl: serve.ocppUrl,
    dataDir: serve.dataDir ?? '(in memory)',
    disconnectCharger: async (id) => {
      if (!serve.edge.disconnect(id, 1000, 'disconnected from the bench UI')) throw new Error(`Charger "${id}" is not connected`);
    },
    unknownChargers: {
      get: () => (serve.edge.acceptsUnknownChargers() ? 'accept' : 'refuse'),
      set: (v) => serve.edge.setAcceptUnknownChargers(v === 'accept'),
    },
    refusals,
    // the same registries the scenario and broker routes read
    jobs: [sharedScenarioRuns(), sharedBrokerJobs()],
  });
  const rendererDir = opts.rendererDir === undefined ? DEFAULT_RENDERER_DIR : opts.rendererDir;
  let api: ApiServer;
  try {
    api = await startApiServer({
      services,
      port: opts.uiPort ?? 0,
      token,
      staticDir: rendererDir,
      extraOrigins: opts.extraOrigins,
      live: opts.live,
      checkResponses: opts.checkResponses ?? env.CHARGEBENCH_CHECK_RESPONSES === '1',
    });
  } catch (err) {
    services.close();
    await serve.stop();
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'EADDRINUSE') throw new Error(`The UI port ${opts.uiPort} is in use: choose another with --ui-port (0 picks a free one)`, { cause: err });
    throw err;
  }
  const rendererBuilt = rendererDir !== null && existsSync(`${rendererDir}/index.html`);
  if (!rendererBuilt) log.warn({ rendererDir }, 'the renderer is not built: run `npm run build:renderer`');
  let stopping: Promise<void> | null = null;
  return {
    uiUrl: api.uiUrl,
    apiUrl: api.baseUrl,
    token: api.token,
    ocppUrl: serve.ocppUrl,
    dataDir: serve.dataDir,
    transport: serve.transport,
    serve,
    fleet,
    api,
    rendererBuilt,
    stopChargers: () => sim.stopAll(),
    stop() {
      stopping ??= (async () => {
        await sim.stopAll().catch((err: Error) => log.warn({ err: err.message }, 'stopping simulated chargers failed'));
        await api.close();
        services.close();
        await serve.stop();
      })();
      return stopping;
    },
  };
}
