/**
 * Backend throughput: CALL → CALLRESULT handled per second through backend.handle (validation, middleware
 * chain, SQLite WAL store on disk, reply frame stored) — no websocket. 1 charger sequential, 100 concurrent; the same
 * for OCPP 2.0.1 chargers (its Heartbeat, MeterValues and TransactionEvent through the 2.0.1 central system), with
 * the 2.0.1 / 1.6 ratio of the same run.
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
  await backend.handle({
    kind: 'frame',
    chargePointId: cpId,
    edgeId: 'bench',
    connectionId: `c-${cpId}`,
    eventId: `bench:${seq}`,
    at: new Date().toISOString(),
    text: JSON.stringify([2, id, action, payload]),
  });
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
  meterValue: [
    {
      timestamp: new Date().toISOString(),
      sampledValue: [
        { value: String(i * 10), unit: 'Wh' },
        { value: '16.1', measurand: 'Current.Import', phase: 'L1', unit: 'A' },
        { value: '230', measurand: 'Voltage', phase: 'L1-N', unit: 'V' },
        { value: '3700', measurand: 'Power.Active.Import', unit: 'W' },
      ],
    },
  ],
});

const meter201 = (i: number) => ({
  evseId: 1,
  meterValue: [
    {
      timestamp: new Date().toISOString(),
      sampledValue: [
        { value: i * 10 },
        { value: 16.1, measurand: 'Current.Import', phase: 'L1' },
        { value: 230, measurand: 'Voltage', phase: 'L1-N' },
        { value: 3700, measurand: 'Power.Active.Import' },
      ],
    },
  ],
});

/** TransactionEvent Updated with the same four samples, on a transaction the charger (prefix + c) started. */
const txUpdate201 = (cp: string) => (i: number) => ({
  eventType: 'Updated',
  timestamp: new Date().toISOString(),
  triggerReason: 'MeterValuePeriodic',
  seqNo: i + 1,
  transactionInfo: { transactionId: `${cp}-TX`, chargingState: 'Charging' },
  meterValue: meter201(i).meterValue,
});

async function run(
  label: string,
  chargers: number,
  perCharger: number,
  action: string,
  payload: (i: number, cp: string) => object,
  protocol: 'ocpp1.6' | 'ocpp2.0.1' = 'ocpp1.6',
  prefix = 'B',
): Promise<number> {
  for (let c = 0; c < chargers; c++) {
    await backend.handle({
      kind: 'connect',
      chargePointId: `${prefix}${c}`,
      edgeId: 'bench',
      connectionId: `c-${prefix}${c}`,
      eventId: `bench:${++seq}`,
      at: new Date().toISOString(),
      remoteAddress: '127.0.0.1',
      subprotocol: protocol,
      protocol,
    });
  }
  const lat: number[] = [];
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: chargers }, async (_, c) => {
      for (let i = 0; i < perCharger; i++) lat.push(await roundTrip(`${prefix}${c}`, action, payload(i, `${prefix}${c}`)));
    }),
  );
  const secs = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  lat.sort((a, b) => a - b);
  const n = chargers * perCharger;
  console.log(
    `${label.padEnd(58)} ${String(n).padStart(6)} calls  ${(n / secs).toFixed(0).padStart(6)} calls/s  p50 ${pct(lat, 50).toFixed(2)} ms  p99 ${pct(lat, 99).toFixed(2)} ms  cpu ${((cpu.user + cpu.system) / n).toFixed(0)} µs/call`,
  );
  return n / secs;
}

console.log(
  `backend.handle + SQLite (WAL, ${process.env.BENCH_MEMORY ? 'in memory' : `file in ${dir}`}); node ${process.version}; load average ${(await import('node:os')).loadavg()[0]!.toFixed(1)} (figures on a shared box are load-bound; cpu µs/call is the load-independent one)`,
);
await run('warm-up', 1, 300, 'Heartbeat', () => ({}));
await run('warm-up 2.0.1', 1, 300, 'Heartbeat', () => ({}), 'ocpp2.0.1', 'W');
const f: Record<string, number> = {};
f.hb1 = await run('Heartbeat, 1 charger sequential', 1, 3000, 'Heartbeat', () => ({}));
f.hb201_1 = await run('2.0.1 Heartbeat, 1 charger sequential', 1, 3000, 'Heartbeat', () => ({}), 'ocpp2.0.1', 'H');
f.hbN = await run('Heartbeat, 100 chargers concurrent', 100, 50, 'Heartbeat', () => ({}));
f.hb201N = await run('2.0.1 Heartbeat, 100 chargers concurrent', 100, 50, 'Heartbeat', () => ({}), 'ocpp2.0.1', 'H');
f.mv1 = await run('MeterValues (4 samples), 1 charger sequential', 1, 3000, 'MeterValues', meter);
f.mv201_1 = await run('2.0.1 MeterValues (4 samples), 1 charger sequential', 1, 3000, 'MeterValues', meter201, 'ocpp2.0.1', 'M');
f.mvN = await run('MeterValues (4 samples), 100 chargers concurrent', 100, 50, 'MeterValues', meter);
f.mv201N = await run('2.0.1 MeterValues (4 samples), 100 chargers concurrent', 100, 50, 'MeterValues', meter201, 'ocpp2.0.1', 'M');
// 2.0.1 transactions: each charger starts one, then sends Updated events with the four samples
const started = (cp: string) => ({
  eventType: 'Started',
  timestamp: new Date().toISOString(),
  triggerReason: 'Authorized',
  seqNo: 0,
  transactionInfo: { transactionId: `${cp}-TX` },
  evse: { id: 1, connectorId: 1 },
  idToken: { idToken: 'BENCH', type: 'ISO14443' },
});
await run('2.0.1 TransactionEvent Started, 100 chargers', 100, 1, 'TransactionEvent', (_i, cp) => started(cp), 'ocpp2.0.1', 'T');
f.tx201N = await run(
  '2.0.1 TransactionEvent Updated (4 samples), 100 concurrent',
  100,
  50,
  'TransactionEvent',
  (i, cp) => txUpdate201(cp)(i),
  'ocpp2.0.1',
  'T',
);
const r = (a: number, b: number) => `${((a / b) * 100).toFixed(0)}%`;
console.log(
  `\n2.0.1 beside 1.6 (same run): Heartbeat ${r(f.hb201N!, f.hbN!)} of 1.6 at 100 chargers (${r(f.hb201_1!, f.hb1!)} at 1); MeterValues ${r(f.mv201N!, f.mvN!)} (${r(f.mv201_1!, f.mv1!)} at 1); TransactionEvent Updated ${r(f.tx201N!, f.mvN!)} of 1.6 MeterValues at 100 chargers`,
);
console.log(
  `frames stored: ${store.frames.list({ count: true, limit: 1 }).total}, samples stored: ${store.db.prepare('SELECT COUNT(*) AS n FROM meter_samples').get() ? (store.db.prepare('SELECT COUNT(*) AS n FROM meter_samples').get() as { n: number }).n : 0}`,
);
await backend.stop();
store.close();
rmSync(dir, { recursive: true, force: true });
