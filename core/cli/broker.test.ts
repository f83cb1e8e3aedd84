import { describe, it, expect, vi, afterEach } from 'vitest';
import path from 'node:path';
import { tmpdir } from 'node:os';
import { run, EXIT } from './broker.js';
import { startFakeDockerApi, type FakeDockerApi } from '../docker/fakeDockerApi.js';
import { brokerAvailable } from '../transport/testing/broker.js';

let fake: FakeDockerApi | undefined;
afterEach(async () => {
  vi.restoreAllMocks();
  await fake?.close();
  fake = undefined;
});

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
  vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void err.push(a.join(' ')));
  return { out, err };
}

describe('chargebench broker', () => {
  it('exits 3 with the plain message when there is no Docker engine', async () => {
    const io = capture();
    const code = await run(['status', '--socket', path.join(tmpdir(), 'cb-none', 'docker.sock')]);
    expect(code).toBe(EXIT.noDocker);
    expect(io.out.join('\n')).toMatch(/^Docker is not available: .*Use the embedded transport or enter an existing broker URL\.$/);
  });

  it('rejects bad usage with exit 2', async () => {
    capture();
    expect(await run([])).toBe(EXIT.usage);
    expect(await run(['restart'])).toBe(EXIT.usage);
    expect(await run(['start', '--amqp-port', '99999'])).toBe(EXIT.usage);
    expect(await run(['start', '--user', 'x'])).toBe(EXIT.usage);
    expect(await run(['start', '--bogus'])).toBe(EXIT.usage);
  });

  it('start (fake engine, real RabbitMQ for the AMQP wait) → status → stop --remove', async (ctx) => {
    // The helper publishes and waits on 127.0.0.1:5672, where the shared test broker runs.
    if (!(await brokerAvailable('broker CLI start with the real AMQP wait'))) return ctx.skip();
    fake = await startFakeDockerApi({ images: new Set(['rabbitmq:3-management']) });
    const io = capture();
    expect(await run(['start', '--socket', fake.socketPath, '--timeout', '10'])).toBe(EXIT.ok);
    expect(io.err.some((l) => l.startsWith('[broker] waiting for RabbitMQ to accept AMQP connections'))).toBe(true);
    expect(io.out.join('\n')).toContain('AMQP:          amqp://guest:guest@127.0.0.1:5672');

    io.out.length = 0;
    expect(await run(['status', '--socket', fake.socketPath, '--json'])).toBe(EXIT.ok);
    expect(JSON.parse(io.out.join('\n'))).toMatchObject({ container: 'running', engine: { available: true } });

    io.out.length = 0;
    expect(await run(['stop', '--remove', '--socket', fake.socketPath])).toBe(EXIT.ok);
    expect(io.out.join('\n')).toBe('chargebench-rabbitmq: stopped, removed (volume kept).');
    expect(fake.containers.size).toBe(0);
  });

  it('exits 4 when the broker never accepts AMQP', async () => {
    fake = await startFakeDockerApi({ images: new Set(['rabbitmq:3-management']) });
    const io = capture();
    // Port 1 on loopback: nothing listens there, so every attempt is refused.
    expect(await run(['start', '--socket', fake.socketPath, '--amqp-port', '1', '--timeout', '1'])).toBe(EXIT.notReady);
    expect(io.err.join('\n')).toMatch(/did not accept AMQP connections within 1 s/);
  });
});
