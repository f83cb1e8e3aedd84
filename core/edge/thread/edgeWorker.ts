/**
 * The edge thread: runs the websocket edge (startEdge) in a worker thread. Frames go to the backend through its
 * transport (relayed over a MessagePort to the main thread's in-process transport, or RabbitMQ straight from here);
 * connections, refusals, health and directory lookups are told to the main thread (see startEdgeThread.ts).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { createAmqpEdgeTransport } from '../../transport/amqp/index.js';
import { createPortEdgeTransport } from '../../transport/portRelay.js';
import type { EdgeTransport } from '../../transport/types.js';
import { errorMessage } from '../connection.js';
import type { ChargerDirectory, ChargerEntry } from '../chargerDirectory.js';
import { startEdge, type Edge } from '../edge.js';
import type { EdgeThreadInit, FromEdgeThread, ToEdgeThread } from './messages.js';

const init = workerData as EdgeThreadInit;
const control = parentPort!;
const tell = (m: FromEdgeThread) => control.postMessage(m);

/** Tells the main thread of each connection opening and closing (it keeps the list `connectedChargers()` reads). */
function watchConnections(inner: EdgeTransport): EdgeTransport {
  return {
    edgeId: inner.edgeId,
    start: (h) => inner.start(h),
    publish(event) {
      if (event.kind === 'connect' || event.kind === 'disconnect') {
        tell({ t: 'conn', chargePointId: event.chargePointId, connectionId: event.connectionId, open: event.kind === 'connect' });
      }
      return inner.publish(event);
    },
    onCommandsLost: (l) => inner.onCommandsLost?.(l),
    status: () => inner.status(),
    stop: () => inner.stop(),
  };
}

let lookupSeq = 0;
const lookups = new Map<number, { resolve(e: ChargerEntry | undefined): void; reject(err: Error): void }>();
const directory: ChargerDirectory | undefined = init.hasDirectory
  ? {
      lookup: (id) =>
        new Promise<ChargerEntry | undefined>((resolve, reject) => {
          const reqId = ++lookupSeq;
          lookups.set(reqId, { resolve, reject });
          tell({ t: 'lookup', reqId, id });
        }),
    }
  : undefined;

const base =
  init.transport.kind === 'port'
    ? createPortEdgeTransport(init.transport.port, init.edgeId, init.transport.status)
    : createAmqpEdgeTransport({ ...init.transport.settings, edgeId: init.edgeId });

let edge: Edge;
try {
  edge = await startEdge({ ...init.settings, transport: watchConnections(base), directory, onRefused: (refusal) => tell({ t: 'refused', refusal }) });
} catch (err) {
  tell({ t: 'failed', message: errorMessage(err) });
  process.exit(1);
}

// Health changes (transport up or down, held frames) reach the main thread within a quarter second.
let lastHealth = JSON.stringify(edge.health());
tell({ t: 'ready', url: edge.url, port: edge.port, health: edge.health() });
const healthTimer = setInterval(() => {
  const h = edge.health();
  const text = JSON.stringify(h);
  if (text !== lastHealth) {
    lastHealth = text;
    tell({ t: 'health', health: h });
  }
}, 250);

control.on('message', (m: ToEdgeThread) => {
  if (m.t === 'lookupReply') {
    const l = lookups.get(m.reqId);
    lookups.delete(m.reqId);
    if (m.error) l?.reject(new Error(m.error));
    else l?.resolve(m.entry);
  } else if (m.t === 'acceptUnknown') edge.setAcceptUnknownChargers(m.value);
  else if (m.t === 'disconnect') edge.disconnect(m.chargePointId, m.code, m.reason);
  else if (m.t === 'close') {
    clearInterval(healthTimer);
    void edge.close().finally(() => {
      tell({ t: 'closed' });
      control.close();
    });
  }
});
