/**
 * Broker-fault soak (issue 16): a fleet of simulated chargers (another process; auto sessions, 10 s heartbeats,
 * meter values every 5 s) against edge + backend joined by the real RabbitMQ broker, while the broker keeps going
 * away: each side's link is cut and restored through a loopback TCP proxy, both at once, and the broker closes
 * each side's connection (`rabbitmqctl close_connection`, when rabbitmqctl is usable). The shared broker itself is
 * never stopped. Then the fleet stops and the figures are compared:
 *
 *   CALLs the chargers sent  =  CALLs stored  =  CALLs the backend answered  =  replies the chargers received
 *   (+ the few in flight when the fleet stopped), timeouts, duplicate transactions.
 *
 *   SOAK_CHARGERS=200 SOAK_SECONDS=40 npm run bench brokerSoak
 */
import { execFile } from 'node:child_process';
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const SELF = fileURLToPath(import.meta.url);
const env = process.env;
const run = promisify(execFile);
/** The chargers' CALL timeout; the calm after the faults is longer, so every lost reply has become a timeout. */
const CALL_TIMEOUT_S = 8;

interface FleetReport {
  sent: number;
  answered: number;
  timeouts: number;
  callErrors: number;
  inFlightAtStop: number;
  /** Everything a charger counted as an error (timeouts, CALLERRORs, replies to unknown ids…). */
  errorCount: number;
  connected: number;
  errors: string[];
}

if (process.argv[2] === '--fleet') await fleetMain(process.argv[3] as string, Number(process.argv[4]));
else await main();

async function main(): Promise<void> {
  const { brokerAvailable, deleteTopology, randomPrefix, startTcpProxy, TEST_AMQP_URL } = await import('../core/transport/testing/broker.js');
  if (!(await brokerAvailable('broker soak bench'))) return;
  const { openStore } = await import('../core/store/index.js');
  const { openSettings } = await import('../core/config/index.js');
  const { createBackend } = await import('../core/backend/index.js');
  const { startEdge } = await import('../core/edge/index.js');
  const { createAmqpBackendTransport, createAmqpEdgeTransport } = await import('../core/transport/amqp/index.js');

  const chargers = Number(env.SOAK_CHARGERS ?? 200);
  const seconds = Number(env.SOAK_SECONDS ?? 40);
  const prefix = randomPrefix();
  const dir = mkdtempSync(join(tmpdir(), 'chargebench-soak-'));
  const edgeProxy = await startTcpProxy();
  const backendProxy = await startTcpProxy();
  const store = openStore({ dataDir: dir });
  const settings = await openSettings({ memory: true, env: { OCPP_HEARTBEAT_INTERVAL: '10' } });
  const backendTransport = createAmqpBackendTransport({ url: backendProxy.url, prefix });
  const backend = await createBackend({ store, settings, transport: backendTransport });
  await backend.start();
  const edgeTransport = createAmqpEdgeTransport({ url: edgeProxy.url, prefix, edgeId: `${prefix}-edge` });
  const edge = await startEdge({ transport: edgeTransport, port: 0 });
  console.log(
    `edge + backend over RabbitMQ (${TEST_AMQP_URL}, prefix ${prefix}), ${chargers} chargers for ${seconds} s; load average ${loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')} on ${cpus().length} cores`,
  );

  const fleet = fork(SELF, ['--fleet', `${edge.url}/ocpp`, String(chargers)], {
    execArgv: ['--import', 'tsx'],
    env: { ...env, CHARGEBENCH_LOG_LEVEL: 'error' },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  await message(fleet, 'ready');

  const ctl = await rabbitmqctlUsable();
  const faults: Array<[string, () => Promise<void>]> = [
    ['edge link cut 2 s', async () => cut([edgeProxy], 2000)],
    ['backend link cut 3 s', async () => cut([backendProxy], 3000)],
    ['both links cut 2 s', async () => cut([edgeProxy, backendProxy], 2000)],
    ...(ctl
      ? ([
          ['broker closes the edge connection', () => closeConnection(`chargebench edge ${edgeTransport.edgeId}`)],
          ['broker closes the backend connection', () => closeConnection(`chargebench backend ${process.pid}`)],
        ] as Array<[string, () => Promise<void>]>)
      : []),
  ];
  if (!ctl) console.log('  (rabbitmqctl not usable here: close_connection faults skipped)');
  const started = Date.now();
  let n = 0;
  while (Date.now() - started < seconds * 1000) {
    await new Promise((r) => setTimeout(r, 3000));
    const [name, fault] = faults[n++ % faults.length]!;
    const t = Date.now();
    await fault().catch((err: unknown) => console.log(`  fault "${name}" could not be injected: ${(err as Error).message}`));
    console.log(`  ${((t - started) / 1000).toFixed(0).padStart(3)} s  ${name}`);
  }
  const calmS = CALL_TIMEOUT_S + 4;
  console.log(
    `  ${((Date.now() - started) / 1000).toFixed(0).padStart(3)} s  faults over; ${calmS} s calm (longer than the chargers' ${CALL_TIMEOUT_S} s CALL timeout)`,
  );
  await new Promise((r) => setTimeout(r, calmS * 1000));
  fleet.send({ type: 'stop' });
  const report = (await message(fleet, 'report')) as FleetReport;
  // let the last frames through, then read the store
  let last = -1;
  for (;;) {
    const nNow = (store.db.prepare(`SELECT COUNT(*) AS n FROM frames`).get() as { n: number }).n;
    if (nNow === last) break;
    last = nNow;
    await new Promise((r) => setTimeout(r, 1000));
  }
  const q = (sql: string): number => (store.db.prepare(sql).get() as { n: number }).n;
  const stored = q(`SELECT COUNT(*) AS n FROM frames WHERE direction = 'in' AND message_type = 'CALL'`);
  const answered = q(`SELECT COUNT(*) AS n FROM frames WHERE direction = 'in' AND message_type = 'CALL' AND reply_frame_id IS NOT NULL`);
  const duplicateTx = q(`SELECT COUNT(*) AS n FROM (SELECT 1 FROM transactions GROUP BY charge_point_id, connector_id, started_at HAVING COUNT(*) > 1)`);
  const lostReplies = answered - report.answered - report.inFlightAtStop;

  console.log('');
  console.log(`chargers connected at the end   ${report.connected} / ${chargers}`);
  console.log(`CALLs sent by the chargers      ${report.sent}`);
  console.log(`CALLs stored by the backend     ${stored}${stored === report.sent ? '  (= sent)' : `  (${stored - report.sent} vs sent)`}`);
  console.log(`CALLs answered by the backend   ${answered}${answered === stored ? '  (= stored)' : `  (${stored - answered} stored but unanswered)`}`);
  console.log(
    `replies the chargers received   ${report.answered}  (+ ${report.inFlightAtStop} in flight when the fleet stopped; ${report.callErrors} were CALLERRORs)`,
  );
  console.log(`replies lost on the way         ${Math.max(0, lostReplies)}`);
  console.log(`charger CALL timeouts           ${report.timeouts}`);
  console.log(`charger-side errors             ${report.errorCount}  (timeouts, CALLERRORs, replies to unknown ids)`);
  console.log(`duplicate transactions          ${duplicateTx}`);
  if (report.errors.length) console.log(`last charger errors:\n    ${report.errors.slice(-5).join('\n    ')}`);
  const ok = stored === report.sent && answered === stored && lostReplies <= 0 && report.timeouts === 0;
  console.log(`\nno frame lost, every CALL answered and delivered: ${ok ? 'YES' : 'NO'}`);

  fleet.kill();
  await edge.close();
  await backend.stop();
  store.close();
  await edgeProxy.close();
  await backendProxy.close();
  await deleteTopology(prefix).catch(() => {});
  rmSync(dir, { recursive: true, force: true });
  if (!ok) process.exitCode = 1;
}

async function cut(proxies: Array<{ cut(): void; restore(): void }>, ms: number): Promise<void> {
  for (const p of proxies) p.cut();
  await new Promise((r) => setTimeout(r, ms));
  for (const p of proxies) p.restore();
}

async function rabbitmqctlUsable(): Promise<boolean> {
  try {
    await run('rabbitmqctl', ['list_connections', '-q', '--no-table-headers', 'pid'], { timeout: 15_000 });
    return true;
  } catch {
    return false;
  }
}

/** `rabbitmqctl close_connection` for the connection whose client-provided name is `name`. */
async function closeConnection(name: string): Promise<void> {
  const { stdout } = await run('rabbitmqctl', ['list_connections', '-q', '--no-table-headers', 'pid', 'client_properties'], { timeout: 15_000 });
  const pid = stdout
    .split('\n')
    .find((l) => l.includes(name))
    ?.split(/\s/)[0];
  if (!pid) throw new Error(`no connection named "${name}"`);
  await run('rabbitmqctl', ['close_connection', pid, 'ChargeBench soak: broker-side close'], { timeout: 15_000 });
}

function message(child: ChildProcess, type: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const on = (m: { type: string; data?: unknown }): void => {
      if (m.type !== type) return;
      child.off('message', on);
      resolve(m.data);
    };
    child.on('message', on);
    child.once('exit', (code) => reject(new Error(`fleet process exited (${code}) before "${type}"`)));
  });
}

/** The fleet: reference chargers with short intervals and auto sessions; on "stop" it stops and reports. */
async function fleetMain(url: string, count: number): Promise<void> {
  const { Fleet, loadProfile } = await import('../core/simulator/index.js');
  const reference = loadProfile('reference');
  const fleet = new Fleet();
  await fleet.spawn({
    url,
    count,
    // a reply lost on the way shows as a timeout within the calm period (normally replies take milliseconds)
    profile: { ...reference, timing: { ...reference.timing, callTimeoutS: CALL_TIMEOUT_S } },
    idPrefix: 'SOAK-',
    rampPerSecond: 200,
    autoSessions: { idleS: [2, 8], chargeS: [10, 30] },
    configuration: { MeterValueSampleInterval: '5', ClockAlignedDataInterval: '0' },
  });
  process.send?.({ type: 'ready' });
  process.on('message', (m: { type: string }) => {
    if (m.type !== 'stop') return;
    const connected = fleet.summary().connected;
    void fleet.stopAll().finally(() => {
      const s = fleet.stats;
      const report: FleetReport = {
        sent: s.callsOut,
        answered: s.latency.count,
        timeouts: s.timeouts,
        callErrors: s.callErrorsReceived,
        inFlightAtStop: s.callsOut - s.latency.count - s.timeouts,
        errorCount: s.errors,
        connected,
        errors: s.recentErrors.slice(-10),
      };
      process.send?.({ type: 'report', data: report });
    });
  });
}
