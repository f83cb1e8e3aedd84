import { describe, it, expect, afterEach } from 'vitest';
import path from 'node:path';
import { tmpdir } from 'node:os';
import { BrokerJobs } from './brokerJobs.js';
import { createDockerClient } from './dockerEngine.js';
import { startFakeDockerApi, type FakeDockerApi } from './fakeDockerApi.js';

let fake: FakeDockerApi | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

const instantAmqp = async () => ({ attempts: 1, elapsedMs: 0 });

describe('broker jobs (what the Settings screen drives)', () => {
  it('start runs once at a time, records progress and ends with the AMQP URL', async () => {
    fake = await startFakeDockerApi();
    const jobs = new BrokerJobs(() => createDockerClient({ socketPath: fake!.socketPath }), { waitForAmqp: instantAmqp });
    expect(jobs.job()).toBeNull();
    const first = jobs.start();
    expect(first).toMatchObject({ id: 1, action: 'start', state: 'running' });
    expect(jobs.start().id).toBe(1); // a second click joins the running job
    const done = await jobs.settled();
    expect(done).toMatchObject({ id: 1, state: 'done', error: null, result: { amqpUrl: 'amqp://guest:guest@127.0.0.1:5672', pulled: true } });
    expect(done!.progress.map((p) => p.step)).toContain('pull');
    expect(done!.progress.at(-1)!.step).toBe('ready');
    expect((await jobs.status()).container).toBe('running');

    jobs.stop(true);
    expect(await jobs.settled()).toMatchObject({ id: 2, action: 'stop', state: 'done', result: { stopped: true, removed: true } });
    expect((await jobs.status()).container).toBe('absent');
  });

  it('without Docker the job fails with the plain message and says why', async () => {
    const jobs = new BrokerJobs(() => createDockerClient({ socketPath: path.join(tmpdir(), 'cb-none', 'docker.sock') }));
    jobs.start();
    const failed = await jobs.settled();
    expect(failed).toMatchObject({ state: 'failed', failure: 'docker-unavailable' });
    expect(failed!.error).toMatch(/^Docker is not available: .*Use the embedded transport or enter an existing broker URL\.$/);
    const s = await jobs.status();
    expect(s.engine.available).toBe(false);
  });
});
