/**
 * `chargebench sim` as a user runs it: a real process (bin/chargebench.js) against a central system that goes
 * away and comes back (issue 16, defect 6). Without --duration it must keep running and reconnecting (it used
 * to exit silently with code 13 once every socket was closed); SIGTERM prints the summary and ends the process,
 * with or without --duration (with it, the process used to linger until the duration was over).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { TestCentralSystem } from '../simulator/testing/testCentralSystem.js';

const BIN = fileURLToPath(new URL('../../bin/chargebench.js', import.meta.url));
const children: ChildProcess[] = [];
const systems: TestCentralSystem[] = [];
afterEach(async () => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  for (const s of systems.splice(0)) await s.close();
});

function sim(args: string[]) {
  const child = spawn(process.execPath, [BIN, 'sim', ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, CHARGEBENCH_LOG_LEVEL: 'error' } });
  children.push(child);
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<{ code: number | null; at: number }>((resolve) => child.once('exit', (code) => resolve({ code, at: Date.now() })));
  return { child, exited, output: () => out };
}

async function until(what: string, fn: () => boolean, timeoutMs = 15_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!fn()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function centralSystem(port?: number): Promise<TestCentralSystem> {
  const cs = await TestCentralSystem.start(port === undefined ? {} : { port });
  systems.push(cs);
  return cs;
}

const booted = (cs: TestCentralSystem, n: number) => () => cs.calls(undefined, 'BootNotification').length >= n;

describe('chargebench sim process', () => {
  it('without --duration: survives its central system restarting, reconnects, and SIGTERM prints the summary and exits 0', async () => {
    const cs = await centralSystem();
    const port = Number(new URL(cs.url).port);
    const run = sim(['--url', cs.url, '--count', '2', '--ramp', '0']);
    await until('both chargers booted', booted(cs, 2));
    await cs.close();
    systems.splice(systems.indexOf(cs), 1);
    // every socket is gone now: the process must not fall out of its event loop
    const early = await Promise.race([run.exited, new Promise<null>((r) => setTimeout(() => r(null), 1500))]);
    expect(early, `sim exited while its central system was away:\n${run.output()}`).toBeNull();
    const again = await centralSystem(port);
    await until('the chargers reconnected', () => new Set(again.connections.map((c) => c.chargerId)).size === 2, 30_000);
    const signalled = Date.now();
    run.child.kill('SIGTERM');
    const { code, at } = await run.exited;
    expect(code).toBe(0);
    expect(at - signalled).toBeLessThan(5000);
    expect(run.output()).toMatch(/done in [\d.]+ s: \d+ messages/);
    expect(run.output()).toMatch(/chargers connected 2\/2/);
  }, 60_000);

  it('with --duration: SIGTERM prints the summary and the process ends at once, not when the duration is over', async () => {
    const cs = await centralSystem();
    const run = sim(['--url', cs.url, '--count', '1', '--duration', '120', '--json']);
    await until('the charger booted', booted(cs, 1));
    const signalled = Date.now();
    run.child.kill('SIGTERM');
    const { code, at } = await run.exited;
    expect(code).toBe(0);
    expect(at - signalled).toBeLessThan(5000);
    expect(run.output()).toMatch(/"everConnected": 1/);
  }, 30_000);
});
