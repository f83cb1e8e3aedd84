/**
 * Memory: BENCH_MEMORY_CHARGERS (default 10,000) websocket chargers connected through ONE edge to the backend
 * (`chargebench serve`: edge + in-process transport + backend + SQLite + bench API in this process, edge defaults: pings on).
 * The chargers run in a separate process (bench/support/fleetProcess.ts): each connects, boots (BootNotification),
 * then sends a Heartbeat every BENCH_MEMORY_INTERVAL_MS (default 30 s, spread) for BENCH_SECONDS (default 10).
 * Prints the RSS of edge + backend before and after (after a full GC of the main thread; the edge thread's heap is
 * counted as it stands), per charger, against the 500 MB target. "heap" is the main thread's.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBench } from '../core/app/bench.js';
import { startFleet } from './support/fleet.js';

const CHARGERS = Number(process.env.BENCH_MEMORY_CHARGERS ?? 10_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const INTERVAL_MS = Number(process.env.BENCH_MEMORY_INTERVAL_MS ?? 30_000);
const TARGET_MB = 500;

const gc = (globalThis as { gc?: () => void }).gc;
const mb = (bytes: number) => bytes / (1024 * 1024);
async function settledMemory(): Promise<NodeJS.MemoryUsage> {
  for (let i = 0; i < 3; i++) {
    gc?.();
    await new Promise((r) => setTimeout(r, 100));
  }
  return process.memoryUsage();
}
const show = (m: NodeJS.MemoryUsage) => `rss ${mb(m.rss).toFixed(0)} MB (heap used ${mb(m.heapUsed).toFixed(0)} MB, external ${mb(m.external).toFixed(0)} MB)`;

console.log(
  `memory bench: ${CHARGERS.toLocaleString()} chargers through one edge (in-process backend, SQLite on disk); chargers in a separate process; load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}${gc ? '' : ' (run with --expose-gc for settled figures)'}`,
);
const dataDir = await mkdtemp(join(tmpdir(), 'cb-memory-'));
// what `chargebench serve` runs: the edge in a thread of its own (BENCH_EDGE_THREAD=0: on the main thread, as --single-thread)
const bench = await startBench({ dataDir, ocppPort: 0, rendererDir: null, env: {}, edgeThread: process.env.BENCH_EDGE_THREAD !== '0' });
const serve = bench.serve;
const fleet = startFleet();
try {
  const before = await settledMemory();
  console.log(`edge + backend started:           ${show(before)}`);
  const c = await fleet.connect(serve.ocppUrl, CHARGERS, { idPrefix: 'MEM-', boot: true });
  const connected = serve.edge.health().connections;
  console.log(
    `${c.count.toLocaleString()} chargers connected and booted in ${(c.ms / 1000).toFixed(1)} s (edge reports ${connected.toLocaleString()} connections)`,
  );
  const r = await fleet.run({ seconds: SECONDS, warmupMs: 1000, paceMs: INTERVAL_MS });
  console.log(
    `heartbeats every ${INTERVAL_MS / 1000} s for ${SECONDS} s: ${((r.count / r.elapsedMs) * 1000).toFixed(0)} calls/s, p50 ${r.p50.toFixed(2)} ms, p99 ${r.p99.toFixed(2)} ms${r.errors ? `, errors ${r.errors}` : ''}`,
  );
  const after = await settledMemory();
  const perCharger = (after.rss - before.rss) / CHARGERS;
  console.log(`with ${CHARGERS.toLocaleString()} chargers connected:  ${show(after)}`);
  console.log(
    `RSS per charger ${(perCharger / 1024).toFixed(1)} KiB (heap ${((after.heapUsed - before.heapUsed) / CHARGERS / 1024).toFixed(1)} KiB); ` +
      `edge + backend ${mb(after.rss).toFixed(0)} MB [target < ${TARGET_MB} MB: ${mb(after.rss) < TARGET_MB ? 'OK' : 'OVER'}]; load average ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}`,
  );
} finally {
  await fleet.close();
  await bench.stop();
  await rm(dataDir, { recursive: true, force: true });
}
