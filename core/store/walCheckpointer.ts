/**
 * WAL checkpoints on a worker thread. SQLite copies committed pages from the WAL back into the database file
 * ("checkpoint") in whichever connection commits past `wal_autocheckpoint` — here the event-loop thread, which
 * then also waits for the fsync of both files. Under load that was a tenth of the backend's time and its longest
 * pauses. A second connection on its own thread runs PASSIVE checkpoints every `intervalMs` instead: it never
 * blocks the writer (PASSIVE takes no lock the writer needs), so commits only append to the WAL.
 *
 * The main connection keeps its own auto-checkpoint as a backstop (it then finds the pages already copied and
 * lets the WAL start over). Durability is unchanged: a commit is in the WAL before its promise resolves, and a
 * checkpoint only copies what is committed. When the worker cannot start, checkpoints stay on the main thread.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

export interface WalCheckpointer {
  /** Stops checkpointing; the worker closes its connection (the last one to close checkpoints and removes the WAL). */
  stop(): void;
}

// Plain CommonJS, evaluated in the worker: no TypeScript loader needed there.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path, { fileMustExist: true });
db.pragma('synchronous = NORMAL');
let failures = 0;
const timer = setInterval(() => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
    failures = 0;
  } catch (err) {
    if (++failures === 1) parentPort.postMessage({ error: String((err && err.message) || err) });
  }
}, workerData.intervalMs);
parentPort.on('message', (m) => {
  if (m !== 'stop') return;
  clearInterval(timer);
  try { db.close(); } catch {}
  parentPort.close();
});
`;

export function startWalCheckpointer(path: string, opts: { intervalMs?: number; onError?: (message: string) => void } = {}): WalCheckpointer | null {
  let worker: Worker;
  try {
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { path, driver, intervalMs: opts.intervalMs ?? 100 } });
  } catch (err) {
    opts.onError?.(`WAL checkpoints stay on the main thread: ${(err as Error).message}`);
    return null;
  }
  worker.unref();
  worker.on('message', (m: { error?: string }) => {
    if (m?.error) opts.onError?.(`WAL checkpoint failed (the main connection's auto-checkpoint still runs): ${m.error}`);
  });
  worker.on('error', (err) => opts.onError?.(`WAL checkpointer stopped; checkpoints stay on the main thread: ${err.message}`));
  let stopped = false;
  return {
    stop() {
      if (stopped) return;
      stopped = true;
      worker.postMessage('stop');
    },
  };
}
