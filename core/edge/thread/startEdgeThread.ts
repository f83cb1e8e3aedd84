/**
 * `startEdgeThread`: the websocket edge in a worker thread of its own, so parsing and writing websocket frames runs
 * beside the backend instead of taking turns with it on one event loop. Returns the same `Edge` as startEdge.
 *
 * - In-process: the edge's transport is relayed over a MessagePort (core/transport/portRelay.ts) to `inner`, the
 *   main thread's in-process edge transport; RabbitMQ: the thread opens its own AMQP edge transport.
 * - The main thread keeps what `Edge` answers synchronously: the connected chargers (told on each connect and
 *   close), the accept-unknown switch, and the edge's health (told within 250 ms of a change).
 * - Directory lookups and refusals are answered and recorded on the main thread (the store lives there).
 * - If the thread dies, the chargers it held are gone: they are reported disconnected to the backend (in-process),
 *   health turns not ok and the error is logged.
 */
import { MessageChannel, Worker } from 'node:worker_threads';
import { relayEdgeTransport } from '../../transport/portRelay.js';
import type { EdgeTransport } from '../../transport/types.js';
import { createLogger } from '../../util/log.js';
import type { ChargerDirectory } from '../chargerDirectory.js';
import type { Edge, EdgeHealth } from '../edge.js';
import type { EdgeRefusal } from '../options.js';
import type { EdgeThreadInit, EdgeThreadSettings, FromEdgeThread, ToEdgeThread } from './messages.js';

export interface EdgeThreadOptions {
  edgeId: string;
  settings: EdgeThreadSettings;
  /** In-process: the main thread's edge transport the thread's frames are relayed to. RabbitMQ: settings for the thread's own. */
  transport: { kind: 'relay'; inner: EdgeTransport } | Extract<EdgeThreadInit['transport'], { kind: 'amqp' }>;
  directory?: ChargerDirectory;
  onRefused?: (refusal: EdgeRefusal) => void;
}

/** The edge thread as the main thread holds it. */
export interface EdgeThread extends Edge {
  /** Stops the thread at once, without closing its chargers' connections first: what a crash looks like. */
  terminate(): Promise<void>;
}

const BOOTSTRAP = new URL('./bootstrap.mjs', import.meta.url);
const ENTRY = new URL(`./edgeWorker${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url).href;

export async function startEdgeThread(options: EdgeThreadOptions): Promise<EdgeThread> {
  const { edgeId } = options;
  const log = createLogger('edge', { edgeId, thread: 'edge' });
  let transport: EdgeThreadInit['transport'];
  const transferList = [];
  let relay: { stopInner(): Promise<void> } | null = null;
  if (options.transport.kind === 'relay') {
    const channel = new MessageChannel();
    relay = relayEdgeTransport(channel.port2, options.transport.inner);
    transport = { kind: 'port', port: channel.port1, status: options.transport.inner.status() };
    transferList.push(channel.port1);
  } else {
    transport = options.transport;
  }
  const init: EdgeThreadInit = { edgeId, settings: options.settings, hasDirectory: Boolean(options.directory), transport, entry: ENTRY };
  const worker = new Worker(BOOTSTRAP, { workerData: init, transferList, name: `chargebench edge ${edgeId}` });
  const tell = (m: ToEdgeThread) => worker.postMessage(m);

  const connections = new Map<string, string>();
  let acceptUnknown = options.settings.acceptUnknownChargers ?? true;
  let health: EdgeHealth | null = null;
  let alive = true;
  let closing: Promise<void> | null = null;
  let closed: () => void = () => {};
  const ready = new Promise<{ url: string; port: number }>((resolve, reject) => {
    worker.on('message', (m: FromEdgeThread) => {
      if (m.t === 'ready') {
        health = m.health;
        resolve({ url: m.url, port: m.port });
      } else if (m.t === 'failed') reject(new Error(m.message));
      else if (m.t === 'conn') {
        if (m.open) connections.set(m.chargePointId, m.connectionId);
        else if (connections.get(m.chargePointId) === m.connectionId) connections.delete(m.chargePointId);
      } else if (m.t === 'health') health = m.health;
      else if (m.t === 'refused') options.onRefused?.(m.refusal);
      else if (m.t === 'lookup') answerLookup(m.reqId, m.id);
      else closed();
    });
    worker.on('error', (err) => {
      log.error({ err }, 'the edge thread failed; restart the bench (or run with --single-thread)');
      reject(err);
    });
    worker.on('exit', (code) => {
      alive = false;
      closed();
      reject(new Error(`The edge thread exited (code ${code}) before it was ready`));
      if (!closing) void lostThread(code);
    });
  });

  function answerLookup(reqId: number, id: string): void {
    Promise.resolve(options.directory?.lookup(id)).then(
      (entry) => tell({ t: 'lookupReply', reqId, entry }),
      (err: Error) => tell({ t: 'lookupReply', reqId, entry: undefined, error: err.message }),
    );
  }

  /** The thread died: its chargers' sockets died with it. */
  async function lostThread(code: number): Promise<void> {
    log.error({ code, chargers: connections.size }, 'the edge thread stopped: its chargers were disconnected; restart the bench');
    if (options.transport.kind !== 'relay') return;
    const inner = options.transport.inner;
    let n = 0;
    for (const [chargePointId, connectionId] of connections) {
      const at = new Date().toISOString();
      const event = {
        kind: 'disconnect' as const,
        chargePointId,
        connectionId,
        edgeId,
        eventId: `${edgeId}:lost-${++n}`,
        at,
        code: 1006,
        reason: 'The edge thread stopped',
      };
      await inner.publish(event).catch((err: Error) => log.warn({ err: err.message, chargePointId }, 'could not report a lost connection'));
    }
    connections.clear();
    await relay?.stopInner();
  }

  let where: { url: string; port: number };
  try {
    where = await ready;
  } catch (err) {
    await worker.terminate();
    throw err;
  }

  return {
    edgeId,
    url: where.url,
    port: where.port,
    threadId: worker.threadId,
    connectedChargers: () => [...connections.keys()],
    health(): EdgeHealth {
      const h = health!;
      const t = options.transport.kind === 'relay' ? options.transport.inner.status() : h.transport;
      return { ...h, ok: alive && !closing && h.ok && t.connected, connections: connections.size, transport: t };
    },
    acceptsUnknownChargers: () => acceptUnknown,
    setAcceptUnknownChargers(accept) {
      acceptUnknown = accept;
      tell({ t: 'acceptUnknown', value: accept });
    },
    disconnect(chargePointId, code = 1000, reason = 'Disconnected by the central system') {
      if (!connections.has(chargePointId)) return false;
      tell({ t: 'disconnect', chargePointId, code, reason });
      return true;
    },
    async terminate() {
      await worker.terminate();
    },
    close() {
      closing ??= (async () => {
        if (!alive) return;
        const done = new Promise<void>((resolve) => (closed = resolve));
        tell({ t: 'close' });
        // The edge gives each charger 2 s to close; beyond that the thread is stopped.
        const timer = setTimeout(() => void worker.terminate(), 10_000);
        await done;
        clearTimeout(timer);
        await worker.terminate();
        // stopped already when the thread stopped its transport; not when it had to be cut off
        await relay?.stopInner();
      })();
      return closing;
    },
  };
}
