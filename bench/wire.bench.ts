/**
 * Close to the wire: ChargeBench's central system against bare references, all taking the same load from a
 * SEPARATE PROCESS (bench/support/fleetProcess.ts: N websocket chargers, one CALL outstanding each, as a real
 * fleet): measured in one run, ratios printed.
 *
 *  in-process:  bare `ws` server (parse CALL, answer CALLRESULT)  vs  `chargebench serve` (startBench: edge + in-process
 *               transport + backend: validation, middleware, every frame in SQLite on disk, ack after COMMIT; + bench API);
 *  RabbitMQ:    ws + bare amqplib with the same durability (durable queue, persistent, publisher confirms, ack after
 *               answering)  vs  `chargebench serve --amqp` (edge and backend over the broker).
 *
 * "max": every charger sends its next CALL when the previous is answered (throughput; latency is then queueing).
 * "paced": each charger sends one CALL every BENCH_INTERVAL_MS (default 5000): latency under a realistic load.
 * Targets (issue 13): in-process ≥ 25% of bare ws at N chargers, no drop from 1 to N chargers, p99 < 25 ms paced;
 * RabbitMQ ≥ 50% of durable bare amqplib at N chargers.
 * "server cpu" is the bench process (edge + backend + references) — the load-independent figure is µs per CALL;
 * "main thread" is how busy the process's main thread was (the backend's; the edge has a thread of its own, as in
 * `chargebench serve`, unless BENCH_EDGE_THREAD=0, as `serve --single-thread`), and its time per CALL.
 *
 * "2.0.1": the same fleet speaking ocpp2.0.1 (its Heartbeat / MeterValues through the 2.0.1 central system), beside
 * the 1.6 figure of the same run.
 *
 * Env: BENCH_SECONDS per case (default 4), BENCH_CHARGERS (1000), BENCH_INTERVAL_MS (5000), BENCH_ROUNDS (1; the
 * summary takes the median), BENCH_ACTION (Heartbeat | MeterValues), BENCH_EDGE_THREAD (1; 0 = the edge on the main thread), AMQP_URL, BENCH_CASES (comma list of case keys:
 * ws,edge,cb1,cbN,cb201,cbPaced,amqp,rmqN,rmq201,rmqPaced — e.g. to profile one case with node --cpu-prof).
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import type { EventLoopUtilization } from 'node:perf_hooks';
import { join } from 'node:path';
import { startBench } from '../core/app/bench.js';
import { startEdge } from '../core/edge/index.js';
import { createInProcessTransport } from '../core/transport/inProcess.js';
import { startScriptedBackend } from '../core/transport/testing/scriptedBackend.js';
import { brokerUp, deleteTopology } from './support/broker.js';
import { startFleet, type FleetAction, type RunResult } from './support/fleet.js';
import { bareAmqpServer, bareWsServer, type ReferenceServer } from './support/referenceServers.js';

const AMQP_URL = process.env.AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672';
const SECONDS = Number(process.env.BENCH_SECONDS ?? 4);
const MANY = Number(process.env.BENCH_CHARGERS ?? 1000);
const INTERVAL_MS = Number(process.env.BENCH_INTERVAL_MS ?? 5000);
const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 1));
const ACTION = (process.env.BENCH_ACTION ?? 'Heartbeat') as FleetAction;
/** As `chargebench serve` runs it: the websocket edge in its own thread (BENCH_EDGE_THREAD=0: on the backend's thread, as --single-thread). */
const EDGE_THREAD = process.env.BENCH_EDGE_THREAD !== '0';
const CASES = process.env.BENCH_CASES ? new Set(process.env.BENCH_CASES.split(',').map((c) => c.trim())) : null;

interface Figure {
  perSec: number;
  p50: number;
  p99: number;
  count: number;
  errors: number;
  /** Bench process CPU per answered CALL (µs). */
  cpuUsPerCall: number;
  /** How busy this process's main thread (the backend's, and the edge's with --single-thread) was, and its time per CALL (µs). */
  mainBusyPct: number;
  mainUsPerCall: number;
  serverCpuPct: number;
  fleetCpuPct: number;
  load: number;
}

interface Target {
  baseUrl: string;
  close(): Promise<void>;
}

async function measure(
  label: string,
  start: () => Promise<Target>,
  chargers: number,
  paceMs = 0,
  protocol: 'ocpp1.6' | 'ocpp2.0.1' = 'ocpp1.6',
): Promise<Figure> {
  const load = loadavg()[0]!;
  const target = await start();
  const fleet = startFleet();
  let r: RunResult;
  let cpu: NodeJS.CpuUsage;
  let wallMs: number;
  let elu: EventLoopUtilization;
  try {
    await fleet.connect(target.baseUrl, chargers, { idPrefix: `W${randomBytes(2).toString('hex')}-`, protocol });
    const cpu0 = process.cpuUsage();
    const elu0 = performance.eventLoopUtilization();
    const t0 = performance.now();
    r = await fleet.run({ seconds: SECONDS, warmupMs: paceMs ? Math.min(paceMs, 2000) : 500, paceMs, action: ACTION });
    wallMs = performance.now() - t0;
    cpu = process.cpuUsage(cpu0);
    elu = performance.eventLoopUtilization(elu0);
  } finally {
    await fleet.close();
    await target.close();
  }
  const perSec = (r.count / r.elapsedMs) * 1000;
  const cpuMs = (cpu.user + cpu.system) / 1000;
  const f: Figure = {
    perSec,
    p50: r.p50,
    p99: r.p99,
    count: r.count,
    errors: r.errors,
    cpuUsPerCall: (cpuMs * 1000) / Math.max(1, perSec * (wallMs / 1000)),
    mainBusyPct: elu.utilization * 100,
    mainUsPerCall: (elu.active * 1000) / Math.max(1, perSec * (wallMs / 1000)),
    serverCpuPct: (cpuMs / wallMs) * 100,
    fleetCpuPct: (r.cpuMs / r.elapsedMs) * 100,
    load,
  };
  console.log(
    `${label.padEnd(50)} ${f.perSec.toFixed(0).padStart(6)} /s  p50 ${f.p50.toFixed(2).padStart(7)} ms  p99 ${f.p99.toFixed(2).padStart(7)} ms  ` +
      `server cpu ${f.serverCpuPct.toFixed(0).padStart(3)}% ${f.cpuUsPerCall.toFixed(0).padStart(4)} µs/call  main thread ${f.mainBusyPct.toFixed(0).padStart(3)}% ${f.mainUsPerCall.toFixed(0).padStart(4)} µs/call  fleet cpu ${f.fleetCpuPct.toFixed(0).padStart(3)}%  load ${load.toFixed(1)}` +
      (f.errors ? `  errors ${f.errors}` : ''),
  );
  return f;
}

async function chargebench(amqp: boolean): Promise<Target> {
  const dataDir = await mkdtemp(join(tmpdir(), 'cb-wire-'));
  const prefix = `cbbench-${randomBytes(4).toString('hex')}`;
  // What `chargebench serve` runs: edge + transport + backend + store, and the bench API (no UI client connected).
  const serve = await startBench({
    dataDir,
    ocppPort: 0,
    rendererDir: null,
    edge: { pingIntervalSec: 0 },
    edgeThread: EDGE_THREAD,
    env: {},
    ...(amqp ? { amqp: { url: AMQP_URL, prefix } } : {}),
  });
  return {
    baseUrl: serve.ocppUrl,
    async close() {
      await serve.stop();
      if (amqp) await deleteTopology(AMQP_URL, prefix).catch(() => {});
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** The edge and the in-process transport with a trivial answering backend (no validation, no store): what the wire path costs. */
async function edgeOnly(): Promise<Target> {
  const t = createInProcessTransport();
  await startScriptedBackend(t.backend);
  const edge = await startEdge({ transport: t.createEdgeTransport('bench-edge'), port: 0, pingIntervalSec: 0 });
  return {
    baseUrl: `${edge.url}/ocpp`,
    async close() {
      await edge.close();
      await t.backend.stop();
    },
  };
}

const median = (xs: number[]): number => {
  const s = xs.filter((x) => !Number.isNaN(x)).sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

console.log(
  `wire bench: ${ACTION}, ${SECONDS} s per case, ${ROUNDS} round(s); load from a separate process (1 and ${MANY} websocket chargers, one CALL outstanding each); ` +
    `server in this process; load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
);
const AMQP_CASES = ['amqp', 'rmqN', 'rmq201', 'rmqPaced'];
const wanted = (key: string) => !CASES || CASES.has(key);
const withAmqp = AMQP_CASES.some(wanted) && (await brokerUp(AMQP_URL));
const rows = new Map<string, Figure[]>();
const ws: () => Promise<ReferenceServer> = bareWsServer;
const cases: Array<[key: string, label: string, start: () => Promise<Target>, chargers: number, paceMs: number, protocol?: 'ocpp2.0.1']> = [
  ['ws', `bare ws server, ${MANY} chargers max`, ws, MANY, 0],
  ['edge', `edge + in-process transport, no store, ${MANY} max`, edgeOnly, MANY, 0],
  ['cb1', `ChargeBench in-process, 1 charger max`, () => chargebench(false), 1, 0],
  ['cbN', `ChargeBench in-process, ${MANY} chargers max`, () => chargebench(false), MANY, 0],
  ['cb201', `ChargeBench in-process, ${MANY} OCPP 2.0.1 chargers max`, () => chargebench(false), MANY, 0, 'ocpp2.0.1'],
  ['cbPaced', `ChargeBench in-process, ${MANY} chargers paced 1/${INTERVAL_MS / 1000}s`, () => chargebench(false), MANY, INTERVAL_MS],
  ['amqp', `ws + bare amqplib durable, ${MANY} chargers max`, () => bareAmqpServer(AMQP_URL), MANY, 0],
  ['rmqN', `ChargeBench via RabbitMQ, ${MANY} chargers max`, () => chargebench(true), MANY, 0],
  ['rmq201', `ChargeBench via RabbitMQ, ${MANY} OCPP 2.0.1 chargers max`, () => chargebench(true), MANY, 0, 'ocpp2.0.1'],
  ['rmqPaced', `ChargeBench via RabbitMQ, ${MANY} chargers paced 1/${INTERVAL_MS / 1000}s`, () => chargebench(true), MANY, INTERVAL_MS],
];
for (let round = 1; round <= ROUNDS; round++) {
  if (ROUNDS > 1) console.log(`-- round ${round}`);
  for (const [key, label, start, chargers, paceMs, protocol] of cases) {
    if (!wanted(key) || (AMQP_CASES.includes(key) && !withAmqp)) continue;
    rows.set(key, [...(rows.get(key) ?? []), await measure(label, start, chargers, paceMs, protocol)]);
  }
}

const m = (key: string, field: keyof Figure) => median((rows.get(key) ?? []).map((f) => f[field]));
/** The ratio a/b within each round (measured one after the other, under the same load), then the median. */
const ratio = (a: string, b: string) => median((rows.get(a) ?? []).map((f, i) => f.perSec / (rows.get(b)?.[i]?.perSec ?? NaN)));
const pctOf = (r: number) => `${(r * 100).toFixed(0)}%`;
const has = (...keys: string[]) => keys.every((k) => rows.has(k));
console.log(
  `\nsummary (${ROUNDS > 1 ? `median of ${ROUNDS} rounds, ratios taken within each round` : 'one round'}; load average now ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')})`,
);
if (has('ws', 'cbN')) {
  console.log(
    `  in-process: ${m('cbN', 'perSec').toFixed(0)}/s at ${MANY} chargers = ${pctOf(ratio('cbN', 'ws'))} of bare ws (${m('ws', 'perSec').toFixed(0)}/s) [target >= 25%]; ${m('cbN', 'cpuUsPerCall').toFixed(0)} µs CPU per CALL (bare ws ${m('ws', 'cpuUsPerCall').toFixed(0)}); ` +
      `the backend's thread ${m('cbN', 'mainBusyPct').toFixed(0)}% busy, ${m('cbN', 'mainUsPerCall').toFixed(0)} µs per CALL (edge ${EDGE_THREAD ? 'in its own thread' : 'on the same thread'})`,
  );
}
if (has('cb1', 'cbN'))
  console.log(
    `  in-process, 1 -> ${MANY} chargers: ${m('cb1', 'perSec').toFixed(0)}/s -> ${m('cbN', 'perSec').toFixed(0)}/s (x${ratio('cbN', 'cb1').toFixed(1)}) [target: no drop]`,
  );
if (has('cbPaced'))
  console.log(
    `  in-process, ${MANY} chargers paced 1/${INTERVAL_MS / 1000}s: p50 ${m('cbPaced', 'p50').toFixed(1)} ms, p99 ${m('cbPaced', 'p99').toFixed(1)} ms [target p99 < 25 ms]`,
  );
if (has('amqp', 'rmqN')) {
  console.log(
    `  RabbitMQ:   ${m('rmqN', 'perSec').toFixed(0)}/s at ${MANY} chargers = ${pctOf(ratio('rmqN', 'amqp'))} of durable bare amqplib (${m('amqp', 'perSec').toFixed(0)}/s) [target >= 50%]; ${m('rmqN', 'cpuUsPerCall').toFixed(0)} µs CPU per CALL (reference ${m('amqp', 'cpuUsPerCall').toFixed(0)})`,
  );
}
if (has('rmqPaced'))
  console.log(
    `  RabbitMQ, ${MANY} chargers paced 1/${INTERVAL_MS / 1000}s: p50 ${m('rmqPaced', 'p50').toFixed(1)} ms, p99 ${m('rmqPaced', 'p99').toFixed(1)} ms`,
  );
if (has('cbN', 'cb201'))
  console.log(
    `  OCPP 2.0.1 in-process: ${m('cb201', 'perSec').toFixed(0)}/s at ${MANY} chargers = ${pctOf(ratio('cb201', 'cbN'))} of 1.6 (${m('cbN', 'perSec').toFixed(0)}/s, same run); ${m('cb201', 'cpuUsPerCall').toFixed(0)} µs CPU per CALL (1.6 ${m('cbN', 'cpuUsPerCall').toFixed(0)})`,
  );
if (has('rmqN', 'rmq201'))
  console.log(
    `  OCPP 2.0.1 via RabbitMQ: ${m('rmq201', 'perSec').toFixed(0)}/s at ${MANY} chargers = ${pctOf(ratio('rmq201', 'rmqN'))} of 1.6 (${m('rmqN', 'perSec').toFixed(0)}/s, same run)`,
  );
