/**
 * Backend throughput: CALL → CALLRESULT handled per second through backend.handle (validation, middleware
 * chain, SQLite WAL store on disk, reply frame stored) — no websocket. 1 charger sequential, 100 concurrent.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../core/store/index.js';
import { openSettings } from '../core/config/index.js';
import { createBackend } from '../core/backend/index.js';
import type { BackendTransport, EdgeCommand, EdgeEvent } from '../core/transport/types.js';

const waiters = new Map<string, (c: EdgeCommand) => void>();
const transport: BackendTransport & { handler?: (e: EdgeEvent) => Promise<void> } = {
  async start(h) {
    transport.handler = h;
  },
  async send(c) {
    if (c.kind === 'send') {
      const id = (JSON.parse(c.text) as unknown[])[1] as string;
      waiters.get(`${c.chargePointId}/${id}`)?.(c);
    }
  },
  status: () => ({ kind: 'in-process', connected: true }),
  async stop() {},
};

const dir = mkdtempSync(join(tmpdir(), 'cb-bench-backend-'));
const store = process.env.BENCH_MEMORY ? openStore({ memory: true }) : openStore({ dataDir: dir });
const settings = await openSettings({ memory: true, env: {} });
const backend = await createBackend({ store, settings, transport });
await backend.start();

let seq = 0;
async function roundTrip(cpId: string, action: string, payload: object): Promise<number> {
  const id = `m${++seq}`;
  const t0 = performance.now();
  const got = new Promise<EdgeCommand>((r) => waiters.set(`${cpId}/${id}`, r));
  await backend.handle({ kind: 'frame', chargePointId: cpId, edgeId: 'bench', connectionId: `c-${cpId}`, eventId: `bench:${seq}`, at: new Date().toISOString(), text: JSON.stringify([2, id, action, payload]) });
  const reply = await got;
  waiters.delete(`${cpId}/${id}`);
  if (reply.kind !== 'send' || !reply.text.startsWith('[3,')) throw new Error(`unexpected reply ${JSON.stringify(reply)}`);
  return performance.now() - t0;
}

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

const meter = (i: number) => ({
  connectorId: 1,
  meterValue: [{ timestamp: new Date().toISOString(), sampledValue: [{ value: String(i * 10), unit: 'Wh' }, { value: '16.1', measurand: 'Current.Import', phase: 'L1', unit: 'A' }, { value: '230', measurand: 'Voltage', phase: 'L1-N', unit: 'V' }, { value: '3700', measurand: 'Power.Active.Import', unit: 'W' }] }],
});

async function run(label: string, chargers: number, perCharger: number, action: string, payload: (i: number) => object): Promise<void> {
  for (let c = 0; c < chargers; c++) {
    await backend.handle({ kind: 'connect', chargePointId: `B${c}`, edgeId: 'bench', connectionId: `c-B${c}`, eventId: `bench:${++seq}`, at: new Date().toISOString(), remoteAddress: '127.0.0.1', subprotocol: 'ocpp1.6' });
  }
  const lat: number[] = [];
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: chargers }, async (_, c) => {
      for (let i = 0; i < perCharger; i++) lat.push(await roundTrip(`B${c}`, action, payload(i)));
    }),
  );
  const secs = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  lat.sort((a, b) => a - b);
  const n = chargers * perCharger;
  console.log(`${label.padEnd(44)} ${String(n).padStart(6)} calls  ${(n / secs).toFixed(0).padStart(6)} calls/s  p50 ${pct(lat, 50).toFixed(2)} ms  p99 ${pct(lat, 99).toFixed(2)} ms  cpu ${((cpu.user + cpu.system) / n).toFixed(0)} µs/call`);
}

console.log(`backend.handle + SQLite (WAL, ${process.env.BENCH_MEMORY ? 'in memory' : `file in ${dir}`}); node ${process.version}; load average ${(await import('node:os')).loadavg()[0]!.toFixed(1)} (figures on a shared box are load-bound; cpu µs/call is the load-independent one)`);
await run('warm-up', 1, 300, 'Heartbeat', () => ({}));
await run('Heartbeat, 1 charger sequential', 1, 3000, 'Heartbeat', () => ({}));
await run('Heartbeat, 100 chargers concurrent', 100, 50, 'Heartbeat', () => ({}));
await run('MeterValues (4 samples), 1 charger sequential', 1, 3000, 'MeterValues', meter);
await run('MeterValues (4 samples), 100 chargers concurrent', 100, 50, 'MeterValues', meter);
console.log(`frames stored: ${store.frames.list({ count: true, limit: 1 }).total}, samples stored: ${store.db.prepare('SELECT COUNT(*) AS n FROM meter_samples').get() ? (store.db.prepare('SELECT COUNT(*) AS n FROM meter_samples').get() as { n: number }).n : 0}`);
await backend.stop();
store.close();
rmSync(dir, { recursive: true, force: true });
