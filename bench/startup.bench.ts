/**
 * What a user waits for: the core (backend + edge + simulator fleet + bench API/UI, i.e. what `npm start`
 * and the desktop app run) from start to a served UI page, and from Ctrl-C/quit to everything closed; plus how
 * long the Docker helper takes to say "Docker is not available" when there is no engine.
 * Env: BENCH_RUNS (default 5).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBench } from '../core/app/bench.js';
import { createDockerClient, detectDocker } from '../core/docker/index.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
}

const start: number[] = [];
const firstPage: number[] = [];
const stop: number[] = [];
for (let i = 0; i < RUNS; i++) {
  const dir = await mkdtemp(join(tmpdir(), 'cb-bench-startup-'));
  const t0 = performance.now();
  const bench = await startBench({ dataDir: dir, ocppPort: 0, uiPort: 0, env: {} });
  const t1 = performance.now();
  const res = await fetch(bench.apiUrl + '/');
  await res.text();
  const t2 = performance.now();
  await bench.stop();
  const t3 = performance.now();
  start.push(t1 - t0);
  firstPage.push(t2 - t1);
  stop.push(t3 - t2);
  await rm(dir, { recursive: true, force: true });
}
const fmt = (xs: number[]) => `p50 ${pct(xs, 50).toFixed(0)} ms, max ${Math.max(...xs).toFixed(0)} ms`;
console.log(`core start (startBench, fresh data dir), ${RUNS} runs: ${fmt(start)}`);
console.log(`first UI page served:                        ${fmt(firstPage)}`);
console.log(`clean stop (chargers, API, edge, backend, store): ${fmt(stop)}`);

const d0 = performance.now();
const detection = await detectDocker(createDockerClient(), 5_000);
console.log(`Docker detection: ${detection.available ? `engine ${detection.version}` : `"${detection.message}"`} in ${(performance.now() - d0).toFixed(0)} ms`);
