import { describe, it, expect, afterEach } from 'vitest';
import net from 'node:net';
import path from 'node:path';
import { tmpdir } from 'node:os';
import { startFakeDockerApi, type FakeDockerApi } from './fakeDockerApi.js';
import {
  createDockerClient,
  detectDocker,
  DockerUnavailableError,
  startRabbitBroker,
  stopRabbitBroker,
  rabbitBrokerStatus,
  BrokerError,
  waitForAmqp,
  AmqpNotReadyError,
  type BrokerProgress,
} from './index.js';
import { brokerAvailable, TEST_AMQP_URL } from '../transport/testing/broker.js';

let fake: FakeDockerApi | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

const IMAGE = 'rabbitmq:3-management';

function recordingWait() {
  const urls: string[] = [];
  return {
    urls,
    wait: async (url: string) => {
      urls.push(url);
      return { attempts: 1, elapsedMs: 1 };
    },
  };
}

describe('Docker engine detection', () => {
  it('reports a missing engine plainly and quickly (this machine: no daemon)', async () => {
    const t0 = Date.now();
    const d = await detectDocker(createDockerClient(), 3_000);
    expect(Date.now() - t0).toBeLessThan(4_000);
    // This machine has the docker client but no running engine; if one ever appears the probe must say so.
    if (d.available) {
      expect(d.version).toBeTruthy();
    } else {
      expect(d.message).toMatch(/^Docker is not available: .+\. Use the embedded transport or enter an existing broker URL\.$/);
    }
  });

  it('explains a socket that does not exist', async () => {
    const d = await detectDocker(createDockerClient({ socketPath: path.join(tmpdir(), 'cb-no-such-dir', 'docker.sock') }), 2_000);
    expect(d.available).toBe(false);
    if (!d.available) expect(d.reason).toMatch(/no Docker engine socket found/);
  });

  it('never hangs on an engine that does not answer', async () => {
    fake = await startFakeDockerApi({ hang: ['/_ping'] });
    const t0 = Date.now();
    const d = await detectDocker(createDockerClient({ socketPath: fake.socketPath }), 300);
    expect(Date.now() - t0).toBeLessThan(2_000);
    expect(d.available).toBe(false);
    if (!d.available) expect(d.reason).toMatch(/did not answer within 0\.3 s/);
  });

  it('reads the version of a live engine', async () => {
    fake = await startFakeDockerApi();
    const d = await detectDocker(createDockerClient({ socketPath: fake.socketPath }));
    expect(d).toEqual({ available: true, version: '27.0.0-fake', apiVersion: '1.46', os: 'linux' });
  });

  it('start/stop refuse with the plain message when there is no engine', async () => {
    const docker = createDockerClient({ socketPath: path.join(tmpdir(), 'cb-no-such-dir', 'docker.sock') });
    await expect(startRabbitBroker(docker, { callTimeoutMs: 1_000 })).rejects.toBeInstanceOf(DockerUnavailableError);
    await expect(stopRabbitBroker(docker, { callTimeoutMs: 1_000 })).rejects.toThrow(/^Docker is not available: /);
  });
});

describe('RabbitMQ container lifecycle (Docker API test double)', () => {
  it('pulls a missing image with progress, creates, starts and waits for AMQP', async () => {
    fake = await startFakeDockerApi();
    const docker = createDockerClient({ socketPath: fake.socketPath });
    const progress: BrokerProgress[] = [];
    const w = recordingWait();
    const r = await startRabbitBroker(docker, { waitForAmqp: w.wait }, (p) => progress.push(p));

    expect(r).toMatchObject({
      containerName: 'chargebench-rabbitmq',
      created: true,
      pulled: true,
      alreadyRunning: false,
      amqpUrl: 'amqp://guest:guest@127.0.0.1:5672',
      managementUrl: 'http://127.0.0.1:15672/',
    });
    expect(w.urls).toEqual(['amqp://guest:guest@127.0.0.1:5672']);
    expect(fake.calls).toEqual([
      'GET /_ping',
      'GET /version',
      'GET /containers/chargebench-rabbitmq/json',
      `GET /images/${IMAGE}/json`,
      'POST /images/create',
      'POST /containers/create',
      'GET /containers/chargebench-rabbitmq/json',
      `POST /containers/${r.containerId}/start`,
    ]);
    const steps = progress.map((p) => p.step);
    expect(steps.indexOf('pull')).toBeLessThan(steps.indexOf('create'));
    expect(steps.indexOf('start')).toBeLessThan(steps.indexOf('wait'));
    expect(steps.at(-1)).toBe('ready');
    expect(progress.filter((p) => p.step === 'pull').at(-1)?.percent).toBe(100);

    const c = fake.containers.get(r.containerId)!;
    expect(c.running).toBe(true);
    expect(c.Image).toBe(IMAGE);
    expect(c.spec).toMatchObject({
      Hostname: 'chargebench-rabbitmq',
      ExposedPorts: { '5672/tcp': {}, '15672/tcp': {} },
      HostConfig: {
        PortBindings: { '5672/tcp': [{ HostIp: '127.0.0.1', HostPort: '5672' }], '15672/tcp': [{ HostIp: '127.0.0.1', HostPort: '15672' }] },
        Mounts: [{ Type: 'volume', Source: 'chargebench-rabbitmq-data', Target: '/var/lib/rabbitmq' }],
      },
    });
  });

  it('reuses an existing container: starts a stopped one, leaves a running one alone', async () => {
    fake = await startFakeDockerApi({ images: new Set([IMAGE]) });
    const docker = createDockerClient({ socketPath: fake.socketPath });
    const w = recordingWait();
    const first = await startRabbitBroker(docker, { waitForAmqp: w.wait });
    expect(first.pulled).toBe(false);

    fake.calls.length = 0;
    const again = await startRabbitBroker(docker, { waitForAmqp: w.wait });
    expect(again).toMatchObject({ created: false, alreadyRunning: true, containerId: first.containerId });
    expect(fake.calls.some((c) => c.includes('/create') || c.endsWith('/start'))).toBe(false);

    fake.containers.get(first.containerId)!.running = false;
    const restarted = await startRabbitBroker(docker, { waitForAmqp: w.wait });
    expect(restarted).toMatchObject({ created: false, alreadyRunning: false });
    expect(fake.containers.get(first.containerId)!.running).toBe(true);
    expect(w.urls).toHaveLength(3);
  });

  it('status, stop, stop again, remove', async () => {
    fake = await startFakeDockerApi({ images: new Set([IMAGE]) });
    const docker = createDockerClient({ socketPath: fake.socketPath });
    expect((await rabbitBrokerStatus(docker)).container).toBe('absent');
    const started = await startRabbitBroker(docker, { waitForAmqp: recordingWait().wait });
    const s = await rabbitBrokerStatus(docker);
    expect(s).toMatchObject({ container: 'running', containerId: started.containerId, image: IMAGE, engine: { available: true } });

    expect(await stopRabbitBroker(docker)).toEqual({ existed: true, stopped: true, removed: false });
    expect((await rabbitBrokerStatus(docker)).container).toBe('exited');
    expect(await stopRabbitBroker(docker)).toEqual({ existed: true, stopped: false, removed: false });
    expect(await stopRabbitBroker(docker, { remove: true })).toEqual({ existed: true, stopped: false, removed: true });
    expect((await rabbitBrokerStatus(docker)).container).toBe('absent');
    expect(await stopRabbitBroker(docker, { remove: true })).toEqual({ existed: false, stopped: false, removed: false });
  });

  it('stop --remove on a running container stops it first (the engine refuses to remove a running one)', async () => {
    fake = await startFakeDockerApi({ images: new Set([IMAGE]) });
    const docker = createDockerClient({ socketPath: fake.socketPath });
    await startRabbitBroker(docker, { waitForAmqp: recordingWait().wait });
    expect(await stopRabbitBroker(docker, { remove: true })).toEqual({ existed: true, stopped: true, removed: true });
    expect(fake.containers.size).toBe(0);
  });

  it('custom ports, bind address and user reach the container spec and the AMQP URL', async () => {
    fake = await startFakeDockerApi({ images: new Set([IMAGE]) });
    const docker = createDockerClient({ socketPath: fake.socketPath });
    const w = recordingWait();
    const r = await startRabbitBroker(docker, {
      amqpPort: 5673,
      managementPort: 15673,
      bindAddress: '0.0.0.0',
      user: 'bench',
      password: 'p@ss',
      waitForAmqp: w.wait,
    });
    expect(r.amqpUrl).toBe('amqp://bench:p%40ss@127.0.0.1:5673');
    const spec = fake.containers.get(r.containerId)!.spec as { Env: string[]; HostConfig: { PortBindings: Record<string, unknown> } };
    expect(spec.Env).toEqual(['RABBITMQ_DEFAULT_USER=bench', 'RABBITMQ_DEFAULT_PASS=p@ss']);
    expect(spec.HostConfig.PortBindings['5672/tcp']).toEqual([{ HostIp: '0.0.0.0', HostPort: '5673' }]);
  });

  it('a taken port gives advice, not a stack trace', async () => {
    fake = await startFakeDockerApi({ images: new Set([IMAGE]), portTaken: true });
    const docker = createDockerClient({ socketPath: fake.socketPath });
    const err = await startRabbitBroker(docker, { waitForAmqp: recordingWait().wait }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BrokerError);
    expect((err as BrokerError).step).toBe('start');
    expect((err as Error).message).toMatch(/already uses them.*existing broker.*--amqp-port/);
  });

  it('a failed pull and a missing image with pulling off are reported', async () => {
    fake = await startFakeDockerApi({ pullError: 'toomanyrequests: rate limit' });
    const docker = createDockerClient({ socketPath: fake.socketPath });
    await expect(startRabbitBroker(docker, { waitForAmqp: recordingWait().wait })).rejects.toThrow(/pulling rabbitmq:3-management failed: toomanyrequests/);
    await expect(startRabbitBroker(docker, { pull: false })).rejects.toThrow(/docker pull rabbitmq:3-management/);
    expect(fake.containers.size).toBe(0);
  });

  it('a time-boxed engine call that hangs fails within its budget', async () => {
    fake = await startFakeDockerApi({ images: new Set([IMAGE]), hang: ['/containers/create'] });
    const docker = createDockerClient({ socketPath: fake.socketPath });
    const t0 = Date.now();
    await expect(startRabbitBroker(docker, { callTimeoutMs: 400, waitForAmqp: recordingWait().wait })).rejects.toThrow(/did not answer within 0\.4 s/);
    expect(Date.now() - t0).toBeLessThan(3_000);
  });

  it('a broker that never accepts AMQP fails with a deadline and a hint', async () => {
    fake = await startFakeDockerApi({ images: new Set([IMAGE]) });
    const docker = createDockerClient({ socketPath: fake.socketPath });
    const attempts: string[] = [];
    const err = await startRabbitBroker(
      docker,
      {
        amqpTimeoutMs: 400,
        amqpIntervalMs: 50,
        waitForAmqp: (url, o) =>
          waitForAmqp(url, {
            ...o,
            probe: async () => {
              throw new Error('ECONNREFUSED');
            },
          }),
      },
      (p) => {
        if (p.step === 'wait') attempts.push(p.message);
      },
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BrokerError);
    expect((err as Error).message).toMatch(/did not accept AMQP connections within 0 s \(last error: ECONNREFUSED\).*docker logs chargebench-rabbitmq/);
    expect(attempts.some((m) => /attempt [2-9]/.test(m))).toBe(true);
  });
});

describe('waitForAmqp with amqplib', () => {
  async function freePort(): Promise<number> {
    const s = net.createServer();
    await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
    const port = (s.address() as net.AddressInfo).port;
    await new Promise<void>((r) => s.close(() => r()));
    return port;
  }

  it('gives up on a closed port by its deadline', async () => {
    const port = await freePort();
    const t0 = Date.now();
    const err = await waitForAmqp(`amqp://guest:secret@127.0.0.1:${port}`, { timeoutMs: 600, intervalMs: 100 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AmqpNotReadyError);
    expect((err as Error).message).toContain('guest:***@');
    expect(Date.now() - t0).toBeLessThan(3_000);
  });

  it('does not count a port that accepts TCP but never speaks AMQP as ready', async () => {
    const sockets = new Set<net.Socket>();
    const silent = net.createServer((sock) => {
      sockets.add(sock);
      sock.on('error', () => {});
    });
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    const port = (silent.address() as net.AddressInfo).port;
    try {
      await expect(waitForAmqp(`amqp://127.0.0.1:${port}`, { timeoutMs: 800, intervalMs: 100 })).rejects.toBeInstanceOf(AmqpNotReadyError);
    } finally {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => silent.close(() => r()));
    }
  });

  it('connects to the real RabbitMQ on this machine', async (ctx) => {
    if (!(await brokerAvailable('waitForAmqp against the real broker'))) return ctx.skip();
    const r = await waitForAmqp(TEST_AMQP_URL, { timeoutMs: 10_000 });
    expect(r.attempts).toBeGreaterThanOrEqual(1);
  });
});
