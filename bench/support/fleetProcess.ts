/**
 * The load of the wire and memory benches, in a process of its own (as a real fleet is): N bare websocket
 * chargers, each with at most one CALL outstanding, like real chargers. Driven by bench/support/fleet.ts over IPC:
 *
 *   { type: 'connect', baseUrl, count, idPrefix, boot, protocol }  → { type: 'connected', count, ms }
 *   { type: 'run', seconds, warmupMs, paceMs, action }   → { type: 'result', ... }   (latencies of the measured window)
 *   { type: 'close' }                                    → closes every socket, then exits
 *
 * paceMs 0 = flat out (every charger sends its next CALL when the previous is answered); otherwise each charger
 * sends one CALL every paceMs, spread evenly over the interval.
 */
import { WebSocket } from 'ws';

export interface ConnectRequest {
  type: 'connect';
  baseUrl: string;
  count: number;
  idPrefix: string;
  /** Send a BootNotification on each connection and wait for its answer (the charger is then "registered"). */
  boot: boolean;
  /** The OCPP version the chargers speak (default ocpp1.6): their subprotocol and payloads. */
  protocol?: 'ocpp1.6' | 'ocpp2.0.1';
}

export type FleetAction = 'Heartbeat' | 'MeterValues';

export interface RunRequest {
  type: 'run';
  seconds: number;
  warmupMs: number;
  paceMs: number;
  action: FleetAction;
}

export interface RunResult {
  type: 'result';
  count: number;
  errors: number;
  elapsedMs: number;
  p50: number;
  p99: number;
  max: number;
  /** CPU this load generator used in the measured window (ms), to tell a saturated generator from a slow server. */
  cpuMs: number;
}

export type FleetRequest = ConnectRequest | RunRequest | { type: 'close' };
export type FleetReply = { type: 'connected'; count: number; ms: number } | RunResult | { type: 'error'; message: string };

interface Charger {
  ws: WebSocket;
  /** Called with the text of the next frame received. */
  waiting: ((text: string) => void) | null;
}

const chargers: Charger[] = [];
let seq = 0;
let protocol: 'ocpp1.6' | 'ocpp2.0.1' = 'ocpp1.6';

function reply(m: FleetReply): void {
  process.send?.(m);
}

function request(c: Charger, action: string, payload: string): Promise<boolean> {
  const id = `m${++seq}`;
  const expect = `[3,"${id}"`;
  return new Promise<boolean>((resolve) => {
    c.waiting = (text) => resolve(text.startsWith(expect));
    c.ws.send(`[2,"${id}","${action}",${payload}]`);
  });
}

function payloadOf(action: FleetAction, n: number): string {
  if (action === 'Heartbeat') return '{}';
  const ts = new Date().toISOString();
  if (protocol === 'ocpp2.0.1') {
    return `{"evseId":1,"meterValue":[{"timestamp":"${ts}","sampledValue":[{"value":${n * 10}},{"value":16.1,"measurand":"Current.Import","phase":"L1"},{"value":230,"measurand":"Voltage","phase":"L1-N"},{"value":3700,"measurand":"Power.Active.Import"}]}]}`;
  }
  return `{"connectorId":1,"meterValue":[{"timestamp":"${ts}","sampledValue":[{"value":"${n * 10}","unit":"Wh"},{"value":"16.1","measurand":"Current.Import","phase":"L1","unit":"A"},{"value":"230","measurand":"Voltage","phase":"L1-N","unit":"V"},{"value":"3700","measurand":"Power.Active.Import","unit":"W"}]}]}`;
}

async function connect(r: ConnectRequest): Promise<void> {
  const started = performance.now();
  protocol = r.protocol ?? 'ocpp1.6';
  const boot =
    protocol === 'ocpp2.0.1'
      ? '{"reason":"PowerUp","chargingStation":{"vendorName":"ChargeBench","model":"bench-fleet"}}'
      : '{"chargePointVendor":"ChargeBench","chargePointModel":"bench-fleet"}';
  const batch = 200;
  for (let i = 0; i < r.count; i += batch) {
    await Promise.all(
      Array.from({ length: Math.min(batch, r.count - i) }, async (_, k) => {
        const idx = i + k;
        const ws = new WebSocket(`${r.baseUrl}/${r.idPrefix}${idx}`, [protocol], { perMessageDeflate: false });
        const c: Charger = { ws, waiting: null };
        chargers.push(c);
        ws.on('message', (d) => {
          const w = c.waiting;
          c.waiting = null;
          w?.(d.toString());
        });
        ws.on('error', () => {});
        ws.on('close', () => {
          const w = c.waiting;
          c.waiting = null;
          w?.('');
        });
        await new Promise<void>((resolve, reject) => {
          ws.once('open', () => resolve());
          ws.once('error', reject);
        });
        if (r.boot) {
          const ok = await request(c, 'BootNotification', boot);
          if (!ok) throw new Error(`charger ${idx}: BootNotification not answered with a CALLRESULT`);
        }
      }),
    );
  }
  reply({ type: 'connected', count: chargers.length, ms: performance.now() - started });
}

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function run(r: RunRequest): Promise<void> {
  // Pauses between paced CALLs end early when the run ends.
  const sleepers = new Set<() => void>();
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const wake = (): void => {
        clearTimeout(timer);
        sleepers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      sleepers.add(wake);
    });
  let latencies = new Float64Array(1 << 16);
  let n = 0;
  let errors = 0;
  let measuring = false;
  let running = true;
  const loops = chargers.map(async (c, i) => {
    if (r.paceMs) await sleep((i / chargers.length) * r.paceMs);
    let k = 0;
    while (running && c.ws.readyState === WebSocket.OPEN) {
      const t0 = performance.now();
      const ok = await request(c, r.action, payloadOf(r.action, ++k));
      const t1 = performance.now();
      if (measuring) {
        if (!ok) errors++;
        else {
          if (n === latencies.length) {
            const bigger = new Float64Array(latencies.length * 2);
            bigger.set(latencies);
            latencies = bigger;
          }
          latencies[n++] = t1 - t0;
        }
      }
      if (r.paceMs && running) await sleep(Math.max(0, r.paceMs - (t1 - t0)));
    }
  });
  await sleep(r.warmupMs);
  measuring = true;
  const cpu0 = process.cpuUsage();
  const start = performance.now();
  await sleep(r.seconds * 1000);
  const elapsedMs = performance.now() - start;
  const cpu = process.cpuUsage(cpu0);
  measuring = false;
  running = false;
  for (const wake of [...sleepers]) wake();
  await Promise.all(loops);
  const sorted = latencies.subarray(0, n).sort();
  reply({
    type: 'result',
    count: n,
    errors,
    elapsedMs,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    max: n ? sorted[n - 1]! : NaN,
    cpuMs: (cpu.user + cpu.system) / 1000,
  });
}

async function close(): Promise<void> {
  await Promise.all(
    chargers.map(
      (c) =>
        new Promise<void>((resolve) => {
          if (c.ws.readyState === WebSocket.CLOSED) return resolve();
          const t = setTimeout(() => {
            c.ws.terminate();
            resolve();
          }, 3000);
          c.ws.once('close', () => {
            clearTimeout(t);
            resolve();
          });
          c.ws.close();
        }),
    ),
  );
  process.exit(0);
}

process.on('message', (m: FleetRequest) => {
  const job = m.type === 'connect' ? connect(m) : m.type === 'run' ? run(m) : close();
  job.catch((err: unknown) => reply({ type: 'error', message: err instanceof Error ? err.message : String(err) }));
});
process.on('disconnect', () => process.exit(0));
