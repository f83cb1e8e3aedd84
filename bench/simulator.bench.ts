/**
 * Simulator scale bench: N chargers (SIM_BENCH_COUNT, default 10,000) connected from ONE simulator process,
 * heartbeating and charging with meter values, against ChargeBench's central system (startServe: edge + backend +
 * in-memory store, in-process transport) running in a child process — a process holds at most `ulimit -n` sockets
 * and 10,000 chargers need 10,000 on each side. Falls back to a minimal ws central system if startServe is missing.
 *
 * Reports: simulator RSS (total and per charger, after GC), heap, CPU %, messages/s in steady state, call latency,
 * errors; and the central system's RSS/CPU. Runtime stays under ~90 s (SIM_BENCH_RAMP, SIM_BENCH_STEADY_S).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import { cpus, loadavg } from 'node:os';

const SELF = fileURLToPath(import.meta.url);
const env = process.env;

interface ServerStats {
  rss: number;
  cpuUser: number;
  cpuSystem: number;
  kind: string;
}

// ───────────────────────────── central system (child process) ─────────────────────────────
async function serverMain(): Promise<void> {
  let stop: () => Promise<void>;
  let url: string;
  let kind: string;
  try {
    if (env.SIM_BENCH_SERVER === 'minimal') throw new Error('SIM_BENCH_SERVER=minimal');
    const { startServe } = await import('../core/app/services.js');
    const serve = await startServe({ memory: true, ocppPort: 0, env: { OCPP_HEARTBEAT_INTERVAL: env.SIM_BENCH_HEARTBEAT_S ?? '30' } });
    url = serve.ocppUrl;
    stop = () => serve.stop();
    kind = 'ChargeBench startServe (edge + backend + in-memory SQLite store, in-process transport)';
  } catch (err) {
    const { WebSocketServer } = await import('ws');
    const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false, handleProtocols: (p) => (p.has('ocpp1.6') ? 'ocpp1.6' : false) });
    await once(wss, 'listening');
    let tx = 1;
    wss.on('connection', (ws) => {
      ws.on('message', (data) => {
        const [type, id, action] = JSON.parse(data.toString()) as [number, string, string];
        if (type !== 2) return;
        const now = new Date().toISOString();
        const conf =
          action === 'BootNotification'
            ? { status: 'Accepted', currentTime: now, interval: Number(env.SIM_BENCH_HEARTBEAT_S ?? 30) }
            : action === 'Heartbeat'
              ? { currentTime: now }
              : action === 'Authorize' || action === 'StopTransaction'
                ? { idTagInfo: { status: 'Accepted' } }
                : action === 'StartTransaction'
                  ? { transactionId: tx++, idTagInfo: { status: 'Accepted' } }
                  : {};
        ws.send(JSON.stringify([3, id, conf]));
      });
    });
    url = `ws://127.0.0.1:${(wss.address() as AddressInfo).port}/ocpp`;
    stop = () => new Promise((r) => wss.close(() => r()));
    kind = `minimal ws central system in the bench file (${env.SIM_BENCH_SERVER === 'minimal' ? 'SIM_BENCH_SERVER=minimal' : `startServe unavailable: ${(err as Error).message}`})`;
  }
  process.send?.({ type: 'ready', url, kind });
  process.on('message', (m: { type: string }) => {
    if (m.type === 'stats') {
      global.gc?.();
      const cpu = process.cpuUsage();
      process.send?.({ type: 'stats', rss: process.memoryUsage().rss, cpuUser: cpu.user, cpuSystem: cpu.system, kind } satisfies ServerStats & {
        type: string;
      });
    } else if (m.type === 'stop') {
      void stop().finally(() => process.exit(0));
    }
  });
}

function ask(child: ChildProcess): Promise<ServerStats> {
  return new Promise((resolve) => {
    const on = (m: { type: string } & ServerStats): void => {
      if (m.type !== 'stats') return;
      child.off('message', on);
      resolve(m);
    };
    child.on('message', on);
    child.send({ type: 'stats' });
  });
}

const mb = (n: number): string => `${(n / 1024 / 1024).toFixed(1)} MB`;

// ───────────────────────────── simulator (this process) ─────────────────────────────
async function benchMain(): Promise<void> {
  const count = Number(env.SIM_BENCH_COUNT ?? 10_000);
  const ramp = Number(env.SIM_BENCH_RAMP ?? 300);
  const steadyS = Number(env.SIM_BENCH_STEADY_S ?? 15);
  // Connections are awaited until this many seconds after the start (keeps the whole bench under ~90 s).
  const connectTimeoutS = Number(env.SIM_BENCH_CONNECT_TIMEOUT_S ?? 50);
  const { Fleet, loadProfile } = await import('../core/simulator/index.js');

  const child = fork(SELF, ['--server'], {
    execArgv: ['--expose-gc', '--import', 'tsx'],
    env: { ...env, CHARGEBENCH_LOG_LEVEL: env.SIM_BENCH_SERVER_LOG_LEVEL ?? 'error' },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const [ready] = (await once(child, 'message')) as [{ url: string; kind: string }];
  console.log(`central system: ${ready.kind} at ${ready.url} (child process ${child.pid})`);
  console.log(
    `simulator: ${count} chargers (1 connector each) from this process (pid ${process.pid}), ramp ${ramp}/s; machine load average ${loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')} on ${cpus().length} cores`,
  );

  global.gc?.();
  const base = process.memoryUsage();
  const t0 = Date.now();
  // One connector per charger: 10,000 chargers, 10,000 connectors charging.
  const profile = { ...loadProfile('reference'), connectors: 1 };
  const fleet = new Fleet();
  let lastLog = 0;
  await fleet.spawn(
    {
      url: ready.url,
      count,
      profile,
      idPrefix: 'BENCH-',
      rampPerSecond: ramp,
      autoSessions: { idleS: [1, 15], chargeS: [600, 1200] },
      configuration: {
        MeterValueSampleInterval: Number(env.SIM_BENCH_SAMPLE_S ?? 20),
        MeterValuesSampledData: 'Energy.Active.Import.Register,Power.Active.Import,SoC',
        ClockAlignedDataInterval: 0,
      },
    },
    (p) => {
      const now = Date.now();
      if (now - lastLog > 5000 || p.connected === p.total) {
        lastLog = now;
        console.log(
          `  [${p.connected}/${p.total}] connected, ${p.spawned} started (${((now - t0) / 1000).toFixed(1)} s), errors ${fleet.stats.errors}, timers ${fleet.scheduler.size}`,
        );
        if (env.SIM_BENCH_DEBUG) console.log(fleet.stats.recentErrors.slice(-3).join('\n'));
      }
    },
  );
  const deadline = t0 + connectTimeoutS * 1000;
  while (fleet.summary().connected < count && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
  const rampS = (Date.now() - t0) / 1000;
  console.log(`ramp: ${fleet.summary().connected}/${count} connected in ${rampS.toFixed(1)} s`);
  // Let the boot storm settle and sessions start, then measure a steady window.
  await new Promise((r) => setTimeout(r, 3_000));
  const s0 = fleet.summary();
  const c0 = process.cpuUsage();
  const srv0 = await ask(child);
  const w0 = Date.now();
  await new Promise((r) => setTimeout(r, steadyS * 1000));
  const s1 = fleet.summary();
  const cpu = process.cpuUsage(c0);
  const srv1 = await ask(child);
  const wallMs = Date.now() - w0;
  global.gc?.();
  const mem = process.memoryUsage();
  const msgs = s1.framesIn + s1.framesOut - (s0.framesIn + s0.framesOut);
  const lat = fleet.stats.latency;
  const connected = s1.connected;
  const perCharger = (mem.rss - base.rss) / Math.max(1, connected);

  console.log('');
  console.log(`chargers connected      ${connected} / ${count}  (charging now: ${s1.charging})`);
  console.log(
    `simulator RSS           ${mb(mem.rss)} total, ${mb(mem.rss - base.rss)} for the fleet → ${(perCharger / 1024).toFixed(1)} KB per charger (heap used ${mb(mem.heapUsed)})`,
  );
  console.log(
    `simulator CPU           ${((100 * (cpu.user + cpu.system)) / 1000 / wallMs).toFixed(1)} % of one core over ${(wallMs / 1000).toFixed(1)} s steady state`,
  );
  console.log(
    `messages/s (steady)     ${(msgs / (wallMs / 1000)).toFixed(0)} frames/s in+out (${s1.framesOut - s0.framesOut} out, ${s1.framesIn - s0.framesIn} in)`,
  );
  console.log(
    `charger CALL latency    p50 ${lat.percentile(50).toFixed(1)} ms, p95 ${lat.percentile(95).toFixed(1)} ms, p99 ${lat.percentile(99).toFixed(1)} ms (whole run)`,
  );
  console.log(
    `errors                  ${s1.errors} (timeouts ${s1.timeouts}, CALLERRORs ${s1.callErrors})${fleet.stats.recentErrors.length ? `; last: ${fleet.stats.recentErrors.at(-1)}` : ''}`,
  );
  console.log(
    `central system          RSS ${mb(srv1.rss)}, CPU ${((100 * (srv1.cpuUser + srv1.cpuSystem - srv0.cpuUser - srv0.cpuSystem)) / 1000 / wallMs).toFixed(1)} % of one core (steady)`,
  );
  console.log(
    `target                  ${count} chargers connected under 1 GB simulator RSS: ${connected === count && mem.rss < 1024 ** 3 ? 'MET' : `NOT MET (${connected} connected${connected < count ? '; the central system did not accept them in time — see errors' : ''})`}`,
  );
  console.log(
    `                        (machine load average now ${loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')} on ${cpus().length} cores)`,
  );

  const tStop = Date.now();
  await fleet.stopAll();
  console.log(`stopAll                 ${((Date.now() - tStop) / 1000).toFixed(1)} s; total bench time ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  child.send({ type: 'stop' });
  await Promise.race([once(child, 'exit'), new Promise((r) => setTimeout(r, 5_000))]);
  child.kill();
}

if (process.argv.includes('--server')) await serverMain();
else await benchMain();
