/**
 * An edge transport carried over a MessagePort, so the websocket edge can run in a worker thread while its real
 * transport (the in-process one, joined to the backend) stays on the main thread.
 *
 *   worker: edge ─▶ createPortEdgeTransport(port) ══ MessagePort ══ relayEdgeTransport(port, inner) ─▶ inner (main)
 *
 * - Each side batches what it posts within one turn of its event loop (one postMessage per batch, not per frame).
 * - `publish` resolves when the inner transport's publish resolves (the backend handled and stored the event) and
 *   rejects with its message when that rejects, exactly as if the edge held the inner transport itself.
 * - Commands, the inner transport's status and "commands lost" travel the other way.
 * - If the port closes without a stop (the worker died), the inner transport keeps running until its owner calls
 *   `stopInner()`, so the owner can first report the dead thread's connections through it.
 */
import type { MessagePort } from 'node:worker_threads';
import type { EdgeCommand, EdgeEvent, EdgeTransport, TransportStatus } from './types.js';

/** Worker → main. */
type Upstream = { t: 'start' } | { t: 'stop' } | { t: 'pub'; id: number; event: EdgeEvent };
/** Main → worker. */
type Downstream =
  | { t: 'started'; error?: string }
  | { t: 'stopped' }
  | { t: 'ack'; id: number }
  | { t: 'nack'; id: number; message: string }
  | { t: 'cmd'; command: EdgeCommand }
  | { t: 'lost' };

interface Batch<M> {
  status?: TransportStatus;
  msgs: M[];
}

/** Posts messages in one batch per event-loop turn. */
function batcher<M>(port: MessagePort, status?: () => TransportStatus): (msg: M) => void {
  let msgs: M[] = [];
  let scheduled = false;
  const flush = () => {
    scheduled = false;
    const batch: Batch<M> = status ? { status: status(), msgs } : { msgs };
    msgs = [];
    port.postMessage(batch);
  };
  return (msg) => {
    msgs.push(msg);
    if (!scheduled) {
      scheduled = true;
      setImmediate(flush);
    }
  };
}

/** The edge's transport in the worker: everything is forwarded to the relay on the other end of `port`. */
export function createPortEdgeTransport(port: MessagePort, edgeId: string, initial: TransportStatus): EdgeTransport {
  const post = batcher<Upstream>(port);
  const pending = new Map<number, { resolve(): void; reject(err: Error): void }>();
  let nextId = 0;
  let status = initial;
  let onCommand: ((command: EdgeCommand) => void) | null = null;
  let lostListener: (() => void) | null = null;
  let started: { resolve(): void; reject(err: Error): void } | null = null;
  let stopped: (() => void) | null = null;

  port.on('message', (batch: Batch<Downstream>) => {
    if (batch.status) status = batch.status;
    for (const m of batch.msgs) {
      if (m.t === 'ack') {
        pending.get(m.id)?.resolve();
        pending.delete(m.id);
      } else if (m.t === 'nack') {
        pending.get(m.id)?.reject(new Error(m.message));
        pending.delete(m.id);
      } else if (m.t === 'cmd') onCommand?.(m.command);
      else if (m.t === 'lost') lostListener?.();
      else if (m.t === 'started') {
        if (m.error) started?.reject(new Error(m.error));
        else started?.resolve();
        started = null;
      } else if (m.t === 'stopped') stopped?.();
    }
  });
  port.on('close', () => {
    for (const p of pending.values()) p.reject(new Error('The edge thread lost its transport (the main thread closed the port)'));
    pending.clear();
    status = { ...status, connected: false };
    stopped?.();
  });

  return {
    edgeId,
    start(handler) {
      onCommand = handler;
      return new Promise<void>((resolve, reject) => {
        started = { resolve, reject };
        post({ t: 'start' });
      });
    },
    publish(event) {
      const id = ++nextId;
      return new Promise<void>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        post({ t: 'pub', id, event });
      });
    },
    onCommandsLost(listener) {
      lostListener = listener;
    },
    status: () => status,
    stop() {
      return new Promise<void>((resolve) => {
        stopped = () => {
          port.close();
          resolve();
        };
        post({ t: 'stop' });
      });
    },
  };
}

/** The main thread's end: runs `inner` on behalf of the edge at the other end of `port`. */
export function relayEdgeTransport(port: MessagePort, inner: EdgeTransport): { stopInner(): Promise<void> } {
  const post = batcher<Downstream>(port, () => inner.status());
  let running = false;
  const stopInner = async () => {
    if (!running) return;
    running = false;
    await inner.stop();
  };
  inner.onCommandsLost?.(() => post({ t: 'lost' }));
  port.on('message', (batch: Batch<Upstream>) => {
    for (const m of batch.msgs) {
      if (m.t === 'pub') {
        inner.publish(m.event).then(
          () => post({ t: 'ack', id: m.id }),
          (err: Error) => post({ t: 'nack', id: m.id, message: err.message }),
        );
      } else if (m.t === 'start') {
        inner
          .start((command) => post({ t: 'cmd', command }))
          .then(
            () => {
              running = true;
              post({ t: 'started' });
            },
            (err: Error) => post({ t: 'started', error: err.message }),
          );
      } else {
        void stopInner().finally(() => post({ t: 'stopped' }));
      }
    }
  });
  return { stopInner };
}
