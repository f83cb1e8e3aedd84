/**
 * Message-log export vs OCPP handling (issue 16, defect 3): a bench with a 1,000,000-frame log on disk exports the
 * whole log over the API while a charger in another process keeps sending Heartbeats (one every 10 ms after each
 * answer). Prints the longest event-loop stall of the bench process and the charger's Heartbeat round trips,
 * idle (the reference, same run) and during the export, and the export's rate. Before the fix one export held
 * the event loop for 12–13 s; the export now works in slices of a few milliseconds and yields in between.
 *
 *   EXPORT_BENCH_FRAMES=1000000 npm run bench export
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { request } from 'node:http';
import WebSocket from 'ws';
import { startBench } from '../core/app/bench.js';
import { openStore } from '../core/store/index.js';
import { bulkLoadFrames } from './lib/frameLog.js';

const SELF = fileURLToPath(import.meta.url);
const role = process.argv[2];

interface RttReport {
  heartbeats: number;
  p50: number;
  p99: number;
  max: number;
}

if (role === '--charger') await runCharger(process.argv[3] as string);
else if (role === '--download') await runDownload(process.argv[3] as string, process.argv[4] as string);
else await main();

async function main(): Promise<void> {
  const TOTAL = Number(process.env.EXPORT_BENCH_FRAMES ?? 1_000_000);
  const dir = mkdtempSync(join(tmpdir(), 'chargebench-exportbench-'));
  const seedStore = openStore({ dataDir: dir, statisticsIntervalMs: 0 });
  const load = bulkLoadFrames(seedStore.db, TOTAL, 1000);
  seedStore.close();
  console.log(`stored ${TOTAL.toLocaleString()} frames in ${(load.totalMs / 1000).toFixed(1)} s`);

  const bench = await startBench({ dataDir: dir, ocppPort: 0, uiPort: 0, rendererDir: null, env: {} });
  const charger = fork(SELF, ['--charger', `${bench.ocppUrl}/HB-0001`], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  await message(charger, 'ready');
  const eld = monitorEventLoopDelay({ resolution: 1 });
  eld.enable();

  // reference: the same charger, no export
  await new Promise((r) => setTimeout(r, 2000));
  const idleRtt = await report(charger);
  const idleStallMs = eld.max / 1e6;
  eld.reset();

  const expected = (bench.serve.backend.store.db.prepare('SELECT COUNT(*) AS n FROM frames').get() as { n: number }).n;
  const t0 = performance.now();
  const downloader = fork(SELF, ['--download', `${bench.apiUrl}/api/export/messages.ndjson`, bench.token], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const got = (await message(downloader, 'done')) as { lines: number; bytes: number };
  const exportMs = performance.now() - t0;
  // the export covers the log as it was when the request arrived (after the downloader process started)
  const atEnd = (bench.serve.backend.store.db.prepare('SELECT COUNT(*) AS n FROM frames').get() as { n: number }).n;
  const busyRtt = await report(charger);
  const busyStallMs = eld.max / 1e6;
  eld.disable();
  charger.kill();
  await bench.stop();
  rmSync(dir, { recursive: true, force: true });

  const row = (name: string, stall: number, r: RttReport): string =>
    `  ${name.padEnd(22)} ${stall.toFixed(1).padStart(8)} ms ${String(r.heartbeats).padStart(8)} ${r.p50.toFixed(1).padStart(8)} ${r.p99.toFixed(1).padStart(8)} ${r.max.toFixed(1).padStart(8)}`;
  console.log(`\n                     longest stall  heartbeats  RTT p50      p99      max (ms)`);
  console.log(row('idle (reference)', idleStallMs, idleRtt));
  console.log(row('during the export', busyStallMs, busyRtt));
  console.log(
    `export: ${got.lines.toLocaleString()} lines, ${(got.bytes / 1e6).toFixed(0)} MB in ${(exportMs / 1000).toFixed(1)} s (${Math.round(got.lines / (exportMs / 1000)).toLocaleString()} frames/s)`,
  );
  console.log(
    `longest stall during the export: ${busyStallMs.toFixed(1)} ms (${(busyStallMs / Math.max(1, idleStallMs)).toFixed(1)}× idle); worst Heartbeat round trip ${busyRtt.max.toFixed(1)} ms (${(busyRtt.max / Math.max(1, idleRtt.max)).toFixed(1)}× idle)`,
  );
  if (got.lines < expected || got.lines > atEnd) {
    console.error(`export returned ${got.lines} lines, expected ${expected}…${atEnd}`);
    process.exitCode = 1;
  }
}

function message(child: ChildProcess, type: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const onMessage = (m: { type: string; data?: unknown }): void => {
      if (m.type !== type) return;
      child.off('message', onMessage);
      resolve(m.data);
    };
    child.on('message', onMessage);
    child.once('exit', (code) => reject(new Error(`child exited (${code}) before "${type}"`)));
  });
}

async function report(charger: ChildProcess): Promise<RttReport> {
  const reply = message(charger, 'report');
  charger.send({ type: 'report' });
  return (await reply) as RttReport;
}

/** The charger: Heartbeat, wait for the answer, 10 ms, again; reports its round trips on request. */
async function runCharger(url: string): Promise<void> {
  const ws = new WebSocket(url, ['ocpp1.6']);
  await new Promise((r, j) => ws.once('open', r).once('error', j));
  let rtts: number[] = [];
  let waiting: { id: string; at: number; resolve: () => void } | null = null;
  ws.on('message', (d) => {
    const f = JSON.parse(String(d)) as unknown[];
    if (waiting && f[1] === waiting.id) {
      rtts.push(performance.now() - waiting.at);
      const w = waiting;
      waiting = null;
      w.resolve();
    }
  });
  let seq = 0;
  const call = (action: string, payload: object): Promise<void> =>
    new Promise((resolve) => {
      const id = `hb${++seq}`;
      waiting = { id, at: performance.now(), resolve };
      ws.send(JSON.stringify([2, id, action, payload]));
    });
  await call('BootNotification', { chargePointVendor: 'Bench', chargePointModel: 'Heartbeat' });
  rtts = [];
  process.on('message', (m: { type: string }) => {
    if (m.type !== 'report') return;
    const sorted = [...rtts].sort((a, b) => a - b);
    const at = (p: number): number => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
    process.send?.({ type: 'report', data: { heartbeats: sorted.length, p50: at(50), p99: at(99), max: sorted[sorted.length - 1] ?? 0 } satisfies RttReport });
    rtts = [];
  });
  process.send?.({ type: 'ready' });
  for (;;) {
    await call('Heartbeat', {});
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Reads the export as fast as it comes, counting lines. */
async function runDownload(url: string, token: string): Promise<void> {
  const result = await new Promise<{ lines: number; bytes: number }>((resolve, reject) => {
    const req = request(url, { headers: { authorization: `Bearer ${token}` } }, (res) => {
      let lines = 0;
      let bytes = 0;
      res.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
        for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines++;
      });
      res.on('end', () => resolve({ lines, bytes }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
  process.send?.({ type: 'done', data: result });
  process.disconnect?.();
}
