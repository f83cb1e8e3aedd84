/**
 * In-process transport: edge(s) and backend in one Node process, no broker (the embedded default).
 *
 * - Events of one charger reach the backend handler strictly in order (a promise chain per charger);
 *   different chargers are handled concurrently.
 * - `publish` resolves once the backend handler has handled (and stored) the event, and rejects when the
 *   handler throws, so the edge can answer the charger with a CALLERROR instead of losing the frame.
 * - Events published before the backend started are held and handled, in order, once it starts.
 * - Commands go to the edge that saw the charger's latest connect; none → NoRouteError.
 */
import { NoRouteError, type BackendTransport, type EdgeCommand, type EdgeEvent, type EdgeTransport, type TransportStatus } from './types.js';
import { createLogger } from '../util/log.js';
import { KeyedSerializer } from '../util/serial.js';

const log = createLogger('transport', { transport: 'in-process' });

export interface InProcessTransport {
  readonly backend: BackendTransport;
  /** The edge side for one edge; several edges may share one backend (used by tests). */
  createEdgeTransport(edgeId: string): EdgeTransport;
}

interface Route {
  edgeId: string;
  connectionId: string;
}

export function createInProcessTransport(): InProcessTransport {
  let handler: ((event: EdgeEvent) => Promise<void>) | null = null;
  let markStarted: () => void = () => {};
  let started = new Promise<void>((resolve) => (markStarted = resolve));
  let isStarted = false;
  let stopped = false;
  const perCharger = new KeyedSerializer();
  const routes = new Map<string, Route>();
  const edges = new Map<string, (command: EdgeCommand) => void>();

  function learnRoute(event: EdgeEvent): void {
    if (event.kind === 'connect') {
      routes.set(event.chargePointId, { edgeId: event.edgeId, connectionId: event.connectionId });
    } else if (event.kind === 'disconnect') {
      const route = routes.get(event.chargePointId);
      if (route && route.connectionId === event.connectionId) routes.delete(event.chargePointId);
    }
  }

  function deliver(event: EdgeEvent): Promise<void> {
    if (stopped) return Promise.reject(new Error('In-process transport is stopped; the event was not handled'));
    learnRoute(event);
    // One charger's events in order; a failed event is reported to its publisher, later ones still run.
    return perCharger.run(event.chargePointId, async () => {
      if (!isStarted) await started;
      if (!handler) throw new Error('Backend stopped before the event could be handled');
      return handler(event);
    });
  }

  const backend: BackendTransport = {
    // Each event is handed to the handler once; a failure goes back to its publisher, never round again.
    redelivers: false,
    async start(h) {
      handler = h;
      stopped = false;
      isStarted = true;
      markStarted();
    },
    async send(command) {
      const route = routes.get(command.chargePointId);
      const edge = route ? edges.get(route.edgeId) : undefined;
      if (!route || !edge) throw new NoRouteError(command.chargePointId, 'no edge holds a connection for it');
      edge(command);
    },
    status(): TransportStatus {
      return { kind: 'in-process', connected: handler !== null && !stopped };
    },
    async stop() {
      stopped = true;
      await perCharger.idle();
      handler = null;
      isStarted = false;
      started = new Promise<void>((resolve) => (markStarted = resolve));
    },
  };

  return {
    backend,
    createEdgeTransport(edgeId: string): EdgeTransport {
      let running = false;
      return {
        edgeId,
        async start(h) {
          edges.set(edgeId, (command) => {
            try {
              h(command);
            } catch (err) {
              log.error({ err, edgeId, chargePointId: command.chargePointId }, 'edge command handler threw');
            }
          });
          running = true;
        },
        publish(event) {
          if (!running) return Promise.reject(new Error(`Edge ${edgeId} transport is not started`));
          return deliver(event);
        },
        status(): TransportStatus {
          return { kind: 'in-process', connected: running && !stopped };
        },
        async stop() {
          running = false;
          edges.delete(edgeId);
          for (const [cp, route] of routes) if (route.edgeId === edgeId) routes.delete(cp);
        },
      };
    },
  };
}
