/**
 * RPC throughput and latency, in one run:
 *  1. bare amqplib RPC round trips/s (the reference: classic RPC pattern, replyTo + correlationId, noDelay),
 *  2. OCPP CALL→CALLRESULT through websocket edge + RabbitMQ + backend + SQLite store, 1 and 1,000 chargers,
 *  3. the same through the in-process transport,
 * plus the transport alone (edge + RabbitMQ + a trivial answering backend) to separate transport cost from backend cost.
 * Each charger is a plain websocket client (in this process) with at most one CALL outstanding, like a real charger.
 * "max" cases: every charger sends its next CALL as soon as the previous is answered (throughput; with N chargers
 * the latency is then mostly queueing, N / throughput). "paced" cases: each of the N chargers sends one CALL every
 * BENCH_INTERVAL_MS (default 5000, i.e. N/5 CALLs/s in total; real chargers send a few per minute): latency under load.
 * Env: AMQP_URL (default amqp://guest:guest@127.0.0.1:5672), BENCH_SECONDS per case (default 3), BENCH_CHARGERS (1000).
 * The clients share this process with the server; wire.bench.ts puts them in a separate process (the targets' figures).
 */
import { connect } from 'amqplib';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebSocket } from 'ws';
import { startBackendService, startEdgeService, startServe } from '../core/app/services.js';
import { createAmqpBackendTransport, createAmqpEdgeTransport } from '../core/transport/amqp/index.js';
import { brokerUp, deleteTopology } from './support/broker.js';
import { startEdge } from '../core/edge/index.js';
import { startScriptedBackend } from '../core/transport/testing/scriptedBackend.js';

const AMQP_URL = process.env.AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672';
const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const MANY = Number(process.env.BENCH_CHARGERS ?? 1000);
const INTERVAL_MS = Number(process.env.BENCH_INTERVAL_MS ?? 5000);

interface Result {
  name: string;
  perSec: number;
  p50: number;
  p99: number;
  count: number;
  errors: number;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function summarize(name: string, latencies: number[], elapsedMs: number, errors: number): Result {
  const sorted = latencies.slice().sort((a, b) => a - b);
  return { name, perSec: (latencies.length / elapsedMs) * 1000, p50: percentile(sorted, 50), p99: percentile(sorted, 99), count: latencies.length, errors };
}

function print(r: Result, reference?: number): void {
  const pct = reference ? `  (${((r.perSec / reference) * 100).toFixed(0)}% of bare amqplib)` : '';
  console.log(
    `${r.name.padEnd(52)} ${r.perSec.toFixed(0).padStart(7)} /s   p50 ${r.p50.toFixed(2).padStart(6)} ms   p99 ${r.p99.toFixed(2).padStart(7)} ms   n=${r.count}${r.errors ? ` errors=${r.errors}` : ''}${pct}`,
  );
}

/** Runs `workers` loops of `once()` for SECONDS after a short warm-up; returns latencies (ms). */
async function drive(workers: number, once: (w: number) => Promise<boolean>, paceMs = 0): Promise<{ latencies: number[]; elapsedMs: number; errors: number }> {
  const latencies: number[] = [];
  let errors = 0;
  let measuring = false;
  let running = true;
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  const loops = Array.from({ length: workers }, async (_, w) => {
    if (paceMs) await sleep(Math.random() * paceMs); // spread the chargers over the interval
    while (running) {
      const t0 = performance.now();
      const ok = await once(w).catch(() => false);
      const t1 = performance.now();
      if (measuring) {
        if (ok) latencies.push(t1 - t0);
        else errors++;
      }
      if (paceMs && running) await sleep(Math.max(0, paceMs - (t1 - t0)));
    }
  });
  await sleep(paceMs ? Math.min(paceMs, 2000) : 500); // warm-up
  measuring = true;
  const start = performance.now();
  await new Promise((r) => setTimeout(r, SECONDS * 1000));
  const elapsedMs = performance.now() - start;
  measuring = false;
  running = false;
  await Promise.all(loops);
  return { latencies, elapsedMs, errors };
}

/**
 * Bare amqplib RPC. `durable` gives it the guarantees ChargeBench's transport keeps (durable queue, persistent
 * messages, publisher confirms, ack after handling), so the gap between the two references is what durability
 * costs at the broker, and the gap to the OCPP path is what ChargeBench adds.
 */
async function bareAmqp(workers: number, durable = false): Promise<Result> {
  const prefix = `cbbench-${randomBytes(4).toString('hex')}`;
  const server = await connect(AMQP_URL, { noDelay: true });
  const client = await connect(AMQP_URL, { noDelay: true });
  try {
    const sch = await server.createChannel();
    const queue = `${prefix}.rpc`;
    await sch.assertQueue(queue, durable ? { durable: true, autoDelete: true } : { exclusive: true, autoDelete: true });
    await sch.consume(
      queue,
      (m) => {
        if (!m) return;
        sch.sendToQueue(m.properties.replyTo as string, m.content, { correlationId: m.properties.correlationId as string });
        if (durable) sch.ack(m);
      },
      { noAck: !durable },
    );
    const cch = durable ? await client.createConfirmChannel() : await client.createChannel();
    const { queue: replyQueue } = await cch.assertQueue('', { exclusive: true, autoDelete: true });
    const pending = new Map<string, () => void>();
    await cch.consume(
      replyQueue,
      (m) => {
        const id = m?.properties.correlationId as string | undefined;
        const done = id ? pending.get(id) : undefined;
        if (id && done) {
          pending.delete(id);
          done();
        }
      },
      { noAck: true },
    );
    let n = 0;
    const body = Buffer.from('[2,"x","Heartbeat",{}]');
    const r = await drive(
      workers,
      () =>
        new Promise<boolean>((resolve) => {
          const id = String(++n);
          pending.set(id, () => resolve(true));
          cch.sendToQueue(queue, body, { replyTo: replyQueue, correlationId: id, persistent: durable });
        }),
    );
    const label = durable ? 'bare amqplib RPC durable+persistent+confirms' : 'bare amqplib RPC';
    return summarize(`${label}, ${workers} concurrent`, r.latencies, r.elapsedMs, r.errors);
  } finally {
    await client.close().catch(() => {});
    await server.close().catch(() => {});
  }
}

/** N websocket chargers each keeping one Heartbeat CALL outstanding. */
async function ocppClients(baseUrl: string, n: number, label: string, paceMs = 0): Promise<Result> {
  const sockets: WebSocket[] = [];
  const waiting: Array<((text: string) => void) | null> = [];
  const run = randomBytes(3).toString('hex');
  for (let i = 0; i < n; i += 100) {
    await Promise.all(
      Array.from({ length: Math.min(100, n - i) }, (_, k) => {
        const idx = i + k;
        const ws = new WebSocket(`${baseUrl}/B${run}-${idx}`, ['ocpp1.6']);
        sockets[idx] = ws;
        waiting[idx] = null;
        ws.on('message', (d) => {
          const w = waiting[idx];
          waiting[idx] = null;
          w?.(d.toString());
        });
        return new Promise<void>((resolve, reject) => {
          ws.once('open', () => resolve());
          ws.once('error', reject);
        });
      }),
    );
  }
  let seq = 0;
  const r = await drive(
    n,
    (w) =>
      new Promise<boolean>((resolve) => {
        const id = `h${++seq}`;
        waiting[w] = (text) => resolve(text.startsWith(`[3,"${id}"`));
        sockets[w]!.send(`[2,"${id}","Heartbeat",{}]`);
      }),
    paceMs,
  );
  await Promise.all(
    sockets.map(
      (ws) =>
        new Promise<void>((resolve) => {
          ws.once('close', () => resolve());
          ws.close();
        }),
    ),
  );
  return summarize(label, r.latencies, r.elapsedMs, r.errors);
}

async function viaRabbit(n: number, paceMs = 0): Promise<Result> {
  const prefix = `cbbench-${randomBytes(4).toString('hex')}`;
  const dataDir = await mkdtemp(join(tmpdir(), 'cb-bench-'));
  const backend = await startBackendService({ amqp: { url: AMQP_URL, prefix }, dataDir, env: {} });
  const edge = await startEdgeService({ amqp: { url: AMQP_URL, prefix }, ocppPort: 0, edge: { pingIntervalSec: 0 }, env: {} });
  try {
    return await ocppClients(edge.ocppUrl, n, `OCPP via RabbitMQ, ${n} charger${n > 1 ? 's' : ''} ${paceMs ? `paced 1/${paceMs / 1000}s` : 'max'}`, paceMs);
  } finally {
    await edge.stop();
    await backend.stop();
    await deleteTopology(AMQP_URL, prefix).catch(() => {});
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** The transport alone: edge + RabbitMQ + a trivial backend that answers every CALL (no validation, no store). */
async function transportOnly(n: number): Promise<Result> {
  const prefix = `cbbench-${randomBytes(4).toString('hex')}`;
  const bt = createAmqpBackendTransport({ url: AMQP_URL, prefix });
  await startScriptedBackend(bt);
  const edge = await startEdge({ transport: createAmqpEdgeTransport({ url: AMQP_URL, prefix, edgeId: `${prefix}-edge` }), port: 0, pingIntervalSec: 0 });
  try {
    return await ocppClients(`${edge.url}/ocpp`, n, `transport only (edge+RabbitMQ, no store), ${n} charger${n > 1 ? 's' : ''} max`);
  } finally {
    await edge.close();
    await bt.stop();
    await deleteTopology(AMQP_URL, prefix).catch(() => {});
  }
}

async function inProcess(n: number, paceMs = 0): Promise<Result> {
  const dataDir = await mkdtemp(join(tmpdir(), 'cb-bench-'));
  const serve = await startServe({ dataDir, ocppPort: 0, edge: { pingIntervalSec: 0 }, env: {} });
  try {
    return await ocppClients(serve.ocppUrl, n, `OCPP in-process, ${n} charger${n > 1 ? 's' : ''} ${paceMs ? `paced 1/${paceMs / 1000}s` : 'max'}`, paceMs);
  } finally {
    await serve.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

const load = (await import('node:os')).loadavg()[0]!.toFixed(1);
console.log(`rpc bench: ${SECONDS} s per case, 1 and ${MANY} chargers (edge, backend, SQLite store and clients in this process; load average ${load})`);
console.log('OCPP path = websocket edge -> transport -> backend (validation, middleware, SQLite) -> edge -> websocket');
if (await brokerUp(AMQP_URL)) {
  const bare1 = await bareAmqp(1);
  print(bare1);
  const bareN = await bareAmqp(MANY);
  print(bareN);
  const durable1 = await bareAmqp(1, true);
  print(durable1, bare1.perSec);
  const durableN = await bareAmqp(MANY, true);
  print(durableN, bareN.perSec);
  print(await transportOnly(1), bare1.perSec);
  print(await transportOnly(MANY), bareN.perSec);
  const r1 = await viaRabbit(1);
  print(r1, bare1.perSec);
  const rN = await viaRabbit(MANY);
  print(rN, bareN.perSec);
  const rPaced = await viaRabbit(MANY, INTERVAL_MS);
  print(rPaced);
  console.log(
    `targets: >= 50% of bare amqplib through RabbitMQ (1 charger: ${((r1.perSec / bare1.perSec) * 100).toFixed(0)}%, ${MANY}: ${((rN.perSec / bareN.perSec) * 100).toFixed(0)}%); ` +
      `p99 < 50 ms at ${MANY} chargers (paced: ${rPaced.p99.toFixed(1)} ms)`,
  );
  console.log(
    `against bare amqplib with the same durability (durable queue, persistent, confirms): 1 charger ${((r1.perSec / durable1.perSec) * 100).toFixed(0)}%, ` +
      `${MANY}: ${((rN.perSec / durableN.perSec) * 100).toFixed(0)}%`,
  );
}
print(await inProcess(1));
print(await inProcess(MANY));
print(await inProcess(MANY, INTERVAL_MS));
