/**
 * Starting and stopping ChargeBench's headless services (wiring only; the logic lives in the rooms):
 * - startServe: backend + store + edge in one process, in-process transport unless an AMQP URL is given;
 * - startBackendService: the backend consuming from RabbitMQ (`chargebench backend`);
 * - startEdgeService: a websocket edge publishing to RabbitMQ (`chargebench edge`); run several against one backend.
 */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { createBackend, type Backend } from '../backend/index.js';
import { openStore, type Store } from '../store/index.js';
import { ensureDataDir, openSettings, readEnv, type SettingsStore } from '../config/index.js';
import { startEdgeThread } from '../edge/thread/startEdgeThread.js';
import { startEdge, type ChargerDirectory, type ChargerEntry, type Edge, type EdgeOptions } from '../edge/index.js';
import { createInProcessTransport, type InProcessTransport } from '../transport/inProcess.js';
import { createLogger } from '../util/log.js';
import { createAmqpBackendTransport, createAmqpEdgeTransport, DEFAULT_AMQP_URL } from '../transport/amqp/index.js';
import type { BackendTransport, EdgeTransport } from '../transport/types.js';
import { systemClock, type Clock } from '../util/clock.js';

/** Edge settings a service passes through (everything but the wiring). */
export type EdgeServiceSettings = Partial<Omit<EdgeOptions, 'transport' | 'host' | 'port' | 'clock'>>;

export interface AmqpSettings {
  url: string;
  /** Queue/exchange name prefix (default "chargebench"). */
  prefix?: string;
  /** Request queue shards (default 1); edges and backends must agree. */
  shards?: number;
}

export interface ServeOptions {
  host?: string;
  /** 0 picks a free port (default 9000). */
  ocppPort?: number;
  /** Data directory (else CHARGEBENCH_DATA_DIR, else the per-user app data folder). */
  dataDir?: string;
  /** Keep store and settings in memory (tests, benchmarks). */
  memory?: boolean;
  /** RabbitMQ between edge and backend; when absent, AMQP_URL from env; else the in-process transport. */
  amqp?: AmqpSettings;
  edge?: EdgeServiceSettings;
  /**
   * Run the websocket edge in a worker thread of its own (core/edge/thread), beside the backend's event loop:
   * what `chargebench serve` and `npm start` do. Not with a test clock, which cannot cross threads. Default false.
   */
  edgeThread?: boolean;
  clock?: Clock;
  env?: NodeJS.ProcessEnv;
}

export interface ServeHandle {
  /** Base URL chargers connect to: append /{chargePointId}. */
  ocppUrl: string;
  backend: Backend;
  edge: Edge;
  store: Store;
  settings: SettingsStore;
  dataDir: string | null;
  transport: 'in-process' | 'amqp';
  /** Closes chargers' connections, stops the backend and closes the store. Safe to call twice. */
  stop(): Promise<void>;
}

const log = createLogger('serve');

export function newEdgeId(): string {
  return `edge-${
    hostname()
      .replace(/[^A-Za-z0-9-]/g, '')
      .slice(0, 20) || 'host'
  }-${process.pid}-${randomBytes(3).toString('hex')}`;
}

async function openState(opts: { dataDir?: string; memory?: boolean; env?: NodeJS.ProcessEnv; clock: Clock }) {
  const env = opts.env ?? process.env;
  const envConfig = readEnv(env);
  if (opts.memory) {
    return { dataDir: null, store: openStore({ memory: true }), settings: await openSettings({ memory: true, envConfig }), envConfig };
  }
  const dataDir = ensureDataDir({ dataDir: opts.dataDir, env });
  const store = openStore({ dataDir, now: () => new Date(opts.clock.now()).toISOString() });
  try {
    return { dataDir, store, settings: await openSettings({ dataDir, envConfig }), envConfig };
  } catch (err) {
    store.close();
    throw err;
  }
}

/**
 * Chargers the edge knows: the configured directory (--chargers) first, else the registry: any charge point in
 * the store (registered through the API or seen before) that was not removed, with its Basic-auth password hash.
 * Only consulted for passwords/ping and when unknown ids are refused.
 */
function storeBackedDirectory(store: Store, primary: ChargerDirectory | undefined): ChargerDirectory {
  return {
    async lookup(id): Promise<ChargerEntry | undefined> {
      const entry = primary ? await primary.lookup(id) : undefined;
      if (entry) return entry;
      const row = store.registry.get(id);
      if (!row || row.removedAt) return undefined;
      return row.passwordHash ? { passwordHash: row.passwordHash } : {};
    },
  };
}

/** The edge a charger was last connected to, from the store (lets a restarted backend reach connected chargers). */
function routeFromStore(store: Store) {
  return (chargePointId: string) => {
    const row = store.chargePoints.get(chargePointId);
    return row?.online && row.edgeId && row.connectionId ? { edgeId: row.edgeId, connectionId: row.connectionId } : undefined;
  };
}

export async function startServe(opts: ServeOptions = {}): Promise<ServeHandle> {
  const clock = opts.clock ?? systemClock;
  const state = await openState({ ...opts, clock });
  const amqpUrl = opts.amqp?.url ?? state.envConfig.amqpUrl;
  let backendTransport: BackendTransport;
  let edgeTransport: EdgeTransport | null = null;
  const edgeId = newEdgeId();
  const topo = amqpUrl ? { url: amqpUrl, prefix: opts.amqp?.prefix, shards: opts.amqp?.shards } : null;
  const threaded = Boolean(opts.edgeThread) && !opts.clock;
  let inProcess: InProcessTransport | null = null;
  if (topo) {
    backendTransport = createAmqpBackendTransport({ ...topo, routeHint: routeFromStore(state.store) });
    if (!threaded) edgeTransport = createAmqpEdgeTransport({ ...topo, edgeId });
  } else {
    inProcess = createInProcessTransport();
    backendTransport = inProcess.backend;
    edgeTransport = inProcess.createEdgeTransport(edgeId);
  }
  let backend: Backend | null = null;
  let edge: Edge;
  try {
    backend = await createBackend({ store: state.store, settings: state.settings, transport: backendTransport, clock });
    await backend.start();
    const { directory, onRefused, ...edgeSettings } = opts.edge ?? {};
    const where = { host: opts.host ?? '127.0.0.1', port: opts.ocppPort ?? 9000 };
    const chargers = storeBackedDirectory(state.store, directory);
    const onMainThread = (transport: EdgeTransport) => startEdge({ ...edgeSettings, onRefused, directory: chargers, transport, ...where, clock });
    if (!threaded) edge = await onMainThread(edgeTransport!);
    else {
      try {
        edge = await startEdgeThread({
          edgeId,
          settings: { ...edgeSettings, ...where },
          transport: edgeTransport ? { kind: 'relay', inner: edgeTransport } : { kind: 'amqp', settings: topo! },
          directory: chargers,
          onRefused,
        });
      } catch (err) {
        // Whatever stopped the thread (its code could not load, or the port is taken) the main thread meets again,
        // with a fresh transport: it either works there or fails with the full error (e.g. EADDRINUSE and its code).
        log.warn({ err: (err as Error).message }, 'the edge thread did not start; running the edge on the main thread');
        const id = newEdgeId();
        edge = await onMainThread(edgeTransport ? inProcess!.createEdgeTransport(id) : createAmqpEdgeTransport({ ...topo!, edgeId: id }));
      }
    }
  } catch (err) {
    await backend?.stop().catch(() => {});
    state.store.close();
    throw err;
  }
  const b: Backend = backend;
  const e = edge;
  let stopping: Promise<void> | null = null;
  return {
    ocppUrl: `${e.url}/ocpp`,
    backend: b,
    edge: e,
    store: state.store,
    settings: state.settings,
    dataDir: state.dataDir,
    transport: amqpUrl ? 'amqp' : 'in-process',
    stop() {
      stopping ??= (async () => {
        await e.close();
        await b.stop();
        state.store.close();
      })();
      return stopping;
    },
  };
}

export interface BackendServiceOptions {
  amqp?: Partial<AmqpSettings>;
  dataDir?: string;
  memory?: boolean;
  clock?: Clock;
  env?: NodeJS.ProcessEnv;
}

export interface BackendServiceHandle {
  backend: Backend;
  store: Store;
  settings: SettingsStore;
  dataDir: string | null;
  /** The broker URL (password masked by the transport's status). */
  amqpUrl: string;
  stop(): Promise<void>;
}

export async function startBackendService(opts: BackendServiceOptions = {}): Promise<BackendServiceHandle> {
  const clock = opts.clock ?? systemClock;
  const state = await openState({ ...opts, clock });
  const amqpUrl = opts.amqp?.url ?? state.envConfig.amqpUrl ?? DEFAULT_AMQP_URL;
  const transport = createAmqpBackendTransport({ url: amqpUrl, prefix: opts.amqp?.prefix, shards: opts.amqp?.shards, routeHint: routeFromStore(state.store) });
  let backend: Backend;
  try {
    backend = await createBackend({ store: state.store, settings: state.settings, transport, clock });
    await backend.start();
  } catch (err) {
    await transport.stop().catch(() => {});
    state.store.close();
    throw err;
  }
  let stopping: Promise<void> | null = null;
  return {
    backend,
    store: state.store,
    settings: state.settings,
    dataDir: state.dataDir,
    amqpUrl,
    stop() {
      stopping ??= (async () => {
        await backend.stop();
        state.store.close();
      })();
      return stopping;
    },
  };
}

export interface EdgeServiceOptions {
  amqp?: Partial<AmqpSettings>;
  host?: string;
  ocppPort?: number;
  edgeId?: string;
  /** Events held while the broker is away before CALLs are refused with CALLERROR (default 10,000). */
  maxHeldEvents?: number;
  edge?: EdgeServiceSettings;
  clock?: Clock;
  env?: NodeJS.ProcessEnv;
}

export interface EdgeServiceHandle {
  edge: Edge;
  ocppUrl: string;
  amqpUrl: string;
  stop(): Promise<void>;
}

export async function startEdgeService(opts: EdgeServiceOptions = {}): Promise<EdgeServiceHandle> {
  const env = readEnv(opts.env ?? process.env);
  const amqpUrl = opts.amqp?.url ?? env.amqpUrl ?? DEFAULT_AMQP_URL;
  const transport = createAmqpEdgeTransport({
    url: amqpUrl,
    prefix: opts.amqp?.prefix,
    shards: opts.amqp?.shards,
    edgeId: opts.edgeId ?? newEdgeId(),
    maxHeldEvents: opts.maxHeldEvents,
  });
  const edge = await startEdge({ ...opts.edge, transport, host: opts.host ?? '127.0.0.1', port: opts.ocppPort ?? 9000, clock: opts.clock });
  return { edge, ocppUrl: `${edge.url}/ocpp`, amqpUrl, stop: () => edge.close() };
}
