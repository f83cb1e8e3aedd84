/**
 * `chargebench serve`, `backend` and `edge` as real processes: the one line saying where they listen, a
 * structured log line per connection, an OCPP round trip, and a clean exit on SIGTERM.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectCharger } from '../edge/testing/wsClient.js';
import { brokerAvailable, deleteTopology, randomPrefix, TEST_AMQP_URL } from '../transport/testing/broker.js';
import { run as runEdge } from './edge.js';
import { verifyPassword } from '../edge/passwords.js';

interface Proc {
  child: ChildProcess;
  out: () => string;
  waitFor(re: RegExp, ms?: number): Promise<RegExpMatchArray>;
  exited: Promise<number | null>;
}

function start(args: string[]): Proc {
  const env: NodeJS.ProcessEnv = { ...process.env, CHARGEBENCH_LOG_LEVEL: 'info' };
  delete env.VITEST;
  const child = spawn(process.execPath, ['bin/chargebench.js', ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let text = '';
  child.stdout!.on('data', (d: Buffer) => (text += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (text += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    child,
    out: () => text,
    exited,
    waitFor(re, ms = 20000) {
      return new Promise((resolve, reject) => {
        const t0 = Date.now();
        const tick = (): void => {
          const m = re.exec(text);
          if (m) return resolve(m);
          if (Date.now() - t0 > ms || child.exitCode !== null) return reject(new Error(`no ${re} in output:\n${text}`));
          setTimeout(tick, 50);
        };
        tick();
      });
    },
  };
}

const procs: Proc[] = [];
const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const p of procs.splice(0)) if (p.child.exitCode === null) p.child.kill('SIGKILL');
  for (const c of cleanups.splice(0).reverse()) await c().catch(() => {});
});

describe('chargebench serve', () => {
  it('prints where chargers connect, logs each connection, answers OCPP and exits cleanly on SIGTERM', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cb-serve-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const p = start(['serve', '--ocpp-port', '0', '--data-dir', dir]);
    procs.push(p);
    const [, url] = await p.waitFor(/chargers connect to (ws:\/\/127\.0\.0\.1:\d+\/ocpp)\/\{chargePointId\} \(in-process transport; data in /);
    const c = await connectCharger(`${url}/CLI-1`);
    c.send([2, 'b1', 'BootNotification', { chargePointVendor: 'V', chargePointModel: 'M' }]);
    expect((await c.next())[0]).toBe(3);
    await c.close();
    const line = await p.waitFor(/\{[^\n]*"event":"connect"[^\n]*\}/);
    expect(JSON.parse(line[0])).toMatchObject({ component: 'edge', event: 'connect', chargePointId: 'CLI-1', subprotocol: 'ocpp1.6' });
    p.child.kill('SIGTERM');
    expect(await p.exited).toBe(0);
    expect(p.out()).toMatch(/SIGTERM: shutting down/);
  });
});

describe('chargebench edge (argument handling)', () => {
  it('refuses a bad port with a usage error (exit 2) and hashes passwords for the chargers file', async () => {
    const errors: string[] = [];
    const logs: string[] = [];
    const origErr = console.error;
    const origLog = console.log;
    console.error = (m: string) => void errors.push(m);
    console.log = (m: string) => void logs.push(m);
    try {
      expect(await runEdge(['--ocpp-port', 'abc'])).toBe(2);
      expect(await runEdge(['--tls-cert', 'x.pem'])).toBe(2);
      expect(await runEdge(['--hash-password', 'pw1'])).toBe(0);
    } finally {
      console.error = origErr;
      console.log = origLog;
    }
    expect(errors[0]).toMatch(/--ocpp-port must be an integer/);
    expect(errors[1]).toMatch(/--tls-cert and --tls-key go together/);
    expect(await verifyPassword('pw1', logs[0]!)).toBe(true);
  });
});

const up = await brokerAvailable('chargebench backend/edge CLI over RabbitMQ');

describe.skipIf(!up)('chargebench backend + edge over RabbitMQ', () => {
  it('an edge process forwards to a backend process; both exit cleanly', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cb-backend-'));
    const prefix = randomPrefix();
    cleanups.push(
      () => rm(dir, { recursive: true, force: true }),
      () => deleteTopology(prefix),
    );
    const backend = start(['backend', '--amqp', TEST_AMQP_URL, '--amqp-prefix', prefix, '--data-dir', dir]);
    const edge = start(['edge', '--amqp', TEST_AMQP_URL, '--amqp-prefix', prefix, '--ocpp-port', '0']);
    procs.push(backend, edge);
    await backend.waitFor(new RegExp(`consuming ${prefix}\\.requests on amqp://guest:\\*\\*\\*@`));
    const [, url] = await edge.waitFor(/chargers connect to (ws:\/\/127\.0\.0\.1:\d+\/ocpp)\/\{chargePointId\} \(RabbitMQ /);
    const c = await connectCharger(`${url}/CLI-AMQP`);
    c.send([2, 'h1', 'Heartbeat', {}]);
    expect((await c.next(10000)).slice(0, 2)).toEqual([3, 'h1']);
    await c.close();
    edge.child.kill('SIGTERM');
    expect(await edge.exited).toBe(0);
    backend.child.kill('SIGTERM');
    expect(await backend.exited).toBe(0);
  });
});
