/**
 * WAL checkpoints off the committing thread. In WAL mode every COMMIT appends pages to the -wal file; a checkpoint
 * copies them back into the database file and fsyncs both. SQLite's automatic checkpoint runs inside the COMMIT
 * that crosses the threshold, on the thread that committed: for the bench that is the event loop, which then
 * waits for the copy and two fsyncs while a thousand chargers wait for their answers.
 *
 * Here a worker thread with its own connection runs a PASSIVE checkpoint every `intervalMs` (PASSIVE takes no
 * writer lock: commits go on while it copies). The committing connection keeps an automatic checkpoint at a higher
 * threshold as a backstop, so the WAL still gets reset when the worker cannot keep up (or is gone). Durability is
 * the same: a COMMIT is durable exactly as before (synchronous = NORMAL); only who pays for the copying changes.
 */
import { Worker } from 'node:worker_threads';
import { createRequire } from 'node:module';
import { createLogger } from '../util/log.js';

const log = createLogger('store');

/** The worker's code (CommonJS, evaluated: no loader or build step needed in any runtime the app has). */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path, { fileMustExist: true });
db.pragma('synchronous = NORMAL');
db.pragma('busy_timeout = 0');
let failedBefore = false;
const checkpoint = () => {
  try {
    const [r] = db.pragma('wal_checkpoint(PASSIVE)');
    parentPort.postMessage({ kind: 'checkpoint', walPages: r.log, copied: r.checkpointed });
    failedBefore = false;
  } catch (err) {
    // SQLITE_BUSY (a checkpoint of the committing connection is running) is normal; other errors are reported once.
    if (!failedBefore && err && err.code !== 'SQLITE_BUSY') parentPort.postMessage({ kind: 'error', message: String(err && err.message || err) });
    failedBefore = true;
  }
};
const timer = setInterval(checkpoint, workerData.intervalMs);
parentPort.on('message', (m) => {
  if (m === 'now') checkpoint();
  if (m === 'close') { clearInterval(timer); try { db.close(); } catch {} parentPort.close(); }
});
parentPort.postMessage({ kind: 'ready' });
`;

export interface CheckpointReport {
  /** Pages in the WAL at the last checkpoint, and how many of them are in the database file now. */
  walPages: number;
  copied: number;
}

export interface WalCheckpointer {
  /** Resolves when the worker's connection is open (or it failed to start: then the backstop alone checkpoints). */
  readonly ready: Promise<boolean>;
  /** The worker's latest checkpoint, null before the first. */
  readonly last: CheckpointReport | null;
  /** Runs a checkpoint now; resolves with its report (tests, diagnostics). */
  checkpointNow(): Promise<CheckpointReport>;
  /** Closes the worker's connection; the committing connection closes on its own. */
  close(): void;
}

/** Starts the checkpoint worker for the database at `path` (a file, never ':memory:'). */
export function startWalCheckpointer(path: string, intervalMs: number): WalCheckpointer {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { driver, path, intervalMs } });
  worker.unref();
  const waiting: Array<(r: CheckpointReport) => void> = [];
  let closed = false;
  let last: CheckpointReport | null = null;
  const ready = new Promise<boolean>((resolve) => {
    worker.on('message', (m: { kind: string; walPages?: number; copied?: number; message?: string }) => {
      if (m.kind === 'ready') resolve(true);
      else if (m.kind === 'checkpoint') {
        const report = { walPages: m.walPages ?? 0, copied: m.copied ?? 0 };
        last = report;
        for (const w of waiting.splice(0)) w(report);
      } else if (m.kind === 'error')
        log.warn({ path, error: m.message }, 'WAL checkpoint failed in the checkpoint worker; the committing thread checkpoints instead');
    });
    worker.on('error', (err) => {
      log.warn({ path, err }, 'the WAL checkpoint worker stopped; the committing thread checkpoints instead');
      resolve(false);
    });
    worker.on('exit', () => resolve(false));
  });
  return {
    ready,
    get last() {
      return last;
    },
    checkpointNow() {
      return new Promise<CheckpointReport>((resolve, reject) => {
        if (closed) return reject(new Error('the WAL checkpoint worker is closed'));
        waiting.push(resolve);
        worker.postMessage('now');
      });
    },
    close() {
      if (closed) return;
      closed = true;
      worker.postMessage('close');
    },
  };
}
