/**
 * Simulator memory per charger, OCPP 2.0.1 beside 1.6: the same hardware (the reference profile, one connector /
 * one EVSE), the same automatic sessions with meter values, N chargers (SIM201_BENCH_COUNT, default 2,000) from a
 * fresh simulator child process per version, against one minimal central system in this process that answers both
 * versions validly (ChargeBench's own backend answers 2.0.1 with NotImplemented until its 2.0.1 central system
 * lands, which would leave the stations in boot retries). Prints RSS per charger (after GC) for each version, the
 * 2.0.1 / 1.6 ratio measured in this run, messages/s and errors, with the machine's load average.
 */
import { fork } from 'node:child_process';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';

const SELF = fileURLToPath(import.meta.url);
const env = process.env;
const COUNT = Number(env.SIM201_BENCH_COUNT ?? 2_000);
const STEADY_S = Number(env.SIM201_BENCH_STEADY_S ?? 10);

interface Result {
  protocol: string;
  connected: number;
  rssPerChargerB: number;
  heapPerChargerB: number;
  framesPerS: number;
  errors: number;
}

// ── the simulator (a child process per version) ──
async function simulatorMain(protocol: 'ocpp1.6' | 'ocpp2.0.1', url: string): Promise<void> {
  const { Fleet, loadProfile } = await import('../core/simulator/index.js');
  global.gc?.();
  const base = process.memoryUsage();
  const fleet = new Fleet();
  const configuration: Record<string, string | number> =
    protocol === 'ocpp1.6'
      ? { MeterValueSampleInterval: 20, MeterValuesSampledData: 'Energy.Active.Import.Register,Power.Active.Import,SoC', ClockAlignedDataInterval: 0 }
      : {
          'SampledDataCtrlr.TxUpdatedInterval': 20,
          'SampledDataCtrlr.TxUpdatedMeasurands': 'Energy.Active.Import.Register,Power.Active.Import,SoC',
          'AlignedDataCtrlr.Interval': 0,
        };
  await fleet.spawn({
    url,
    count: COUNT,
    protocol,
    profile: { ...loadProfile('reference'), connectors: 1 },
    idPrefix: protocol === 'ocpp1.6' ? 'B16-' : 'B201-',
    rampPerSecond: 500,
    autoSessions: { idleS: [1, 10], chargeS: [600, 1200] },
    configuration,
  });
  const deadline = Date.now() + 40_000;
  while (fleet.summary().connected < COUNT && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
  await new Promise((r) => setTimeout(r, 3_000));
  const s0 = fleet.summary();
  await new Promise((r) => setTimeout(r, STEADY_S * 1000));
  const s1 = fleet.summary();
  global.gc?.();
  const mem = process.memoryUsage();
  const connected = Math.max(1, s1.connected);
  const result: Result = {
    protocol,
    connected: s1.connected,
    rssPerChargerB: (mem.rss - base.rss) / connected,
    heapPerChargerB: (mem.heapUsed - base.heapUsed) / connected,
    framesPerS: (s1.framesIn + s1.framesOut - s0.framesIn - s0.framesOut) / STEADY_S,
    errors: s1.errors,
  };
  await fleet.stopAll();
  process.send?.(result);
}

// ── the central system (this process): valid answers in both versions ──
async function centralSystem(): Promise<{ url: string; close: () => Promise<void> }> {
  const { WebSocketServer } = await import('ws');
  const wss = new WebSocketServer({
    host: '127.0.0.1',
    port: 0,
    perMessageDeflate: false,
    handleProtocols: (p) => (p.has('ocpp2.0.1') ? 'ocpp2.0.1' : p.has('ocpp1.6') ? 'ocpp1.6' : false),
  });
  await once(wss, 'listening');
  let tx = 1;
  wss.on('connection', (ws) => {
    const v201 = ws.protocol === 'ocpp2.0.1';
    ws.on('message', (data) => {
      const [type, id, action] = JSON.parse(data.toString()) as [number, string, string];
      if (type !== 2) return;
      const now = new Date().toISOString();
      const conf =
        action === 'BootNotification'
          ? { status: 'Accepted', currentTime: now, interval: 30 }
          : action === 'Heartbeat'
            ? { currentTime: now }
            : v201 && (action === 'Authorize' || action === 'TransactionEvent')
              ? { idTokenInfo: { status: 'Accepted' } }
              : action === 'Authorize' || action === 'StopTransaction'
                ? { idTagInfo: { status: 'Accepted' } }
                : action === 'StartTransaction'
                  ? { transactionId: tx++, idTagInfo: { status: 'Accepted' } }
                  : {};
      ws.send(JSON.stringify([3, id, conf]));
    });
  });
  return { url: `ws://127.0.0.1:${(wss.address() as AddressInfo).port}/ocpp`, close: () => new Promise((r) => wss.close(() => r())) };
}

async function run(protocol: 'ocpp1.6' | 'ocpp2.0.1', url: string): Promise<Result> {
  const child = fork(SELF, ['--simulator', protocol, url], { execArgv: ['--expose-gc', '--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const [result] = (await once(child, 'message')) as [Result];
  await Promise.race([once(child, 'exit'), new Promise((r) => setTimeout(r, 5_000))]);
  child.kill();
  return result;
}

async function main(): Promise<void> {
  const cs = await centralSystem();
  const load = (): string =>
    loadavg()
      .map((x) => x.toFixed(1))
      .join(' ');
  console.log(
    `simulator RSS per charger, 2.0.1 beside 1.6: ${COUNT} chargers (reference hardware, 1 connector / EVSE, auto sessions) per version, each in a fresh process; load average ${load()} on ${cpus().length} cores`,
  );
  const results: Result[] = [];
  for (const p of ['ocpp1.6', 'ocpp2.0.1'] as const) {
    const r = await run(p, cs.url);
    results.push(r);
    console.log(
      `${p.padEnd(10)} connected ${r.connected}/${COUNT}  RSS ${(r.rssPerChargerB / 1024).toFixed(1)} KiB per charger (heap ${(r.heapPerChargerB / 1024).toFixed(1)} KiB)  ${r.framesPerS.toFixed(0)} frames/s  errors ${r.errors}`,
    );
  }
  const [a, b] = results as [Result, Result];
  console.log(`2.0.1 / 1.6 RSS per charger: ${(b.rssPerChargerB / a.rssPerChargerB).toFixed(2)}× (same run; load average now ${load()})`);
  await cs.close();
}

const i = process.argv.indexOf('--simulator');
if (i >= 0) await simulatorMain(process.argv[i + 1] as 'ocpp1.6' | 'ocpp2.0.1', process.argv[i + 2] as string);
else await main();
