/**
 * Jobs' progress on the live stream: a scenario run on a real bench (POST, then its steps and its end arrive as
 * job events; GET reads the same state), and broker jobs through the bench's live feed and stream (the Docker
 * helper against the fake Docker API, and against no engine at all: a failed job with its message).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { tmpdir } from 'node:os';
import { readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { startBench, type BenchHandle } from '../bench.js';
import { benchApiClient } from '../../api/testing/benchApiClient.js';
import { LiveStream } from '../../api/liveStream.js';
import type { ApiServices } from '../../api/services.js';
import type { LiveBatch, LiveJob } from '../../api/types.js';
import { Router, type RouteContext } from '../../api/router.js';
import { createBrokerRoutes } from '../../api/routes/broker.js';
import { BrokerJobs, createDockerClient } from '../../docker/index.js';
import { startFakeDockerApi, type FakeDockerApi } from '../../docker/fakeDockerApi.js';
import { LIBRARY_DIR, sharedScenarioRuns } from '../../scenario/library.js';
import { createLiveFeed } from './liveFeed.js';
import type { BenchApiDeps } from './deps.js';

const MARK: Record<string, string> = { pending: '.', running: 'r', passed: 'P' };
type Of<K extends LiveJob['kind']> = Extract<LiveJob, { kind: K }>['job'];
const jobsOf = <K extends LiveJob['kind']>(batches: LiveBatch[], kind: K, id: string | number): Array<Of<K>> =>
  batches.flatMap((b) => b.jobs.filter((e) => e.kind === kind && e.job.id === id).map((e) => e.job as Of<K>));

describe('a scenario run on the live stream (real bench)', () => {
  let bench: BenchHandle;
  const api = benchApiClient(() => bench);
  beforeAll(async () => {
    bench = await startBench({ memory: true, ocppPort: 0, uiPort: 0, rendererDir: null });
  });
  afterAll(async () => {
    await bench?.stop();
  });

  it('its steps and its pass arrive as job events, and GET reads the same last state', async () => {
    // every change the registry the route reads publishes, unbatched (the stream coalesces them per flush)
    const changes: string[] = [];
    const off = sharedScenarioRuns().subscribe((e) => changes.push(`${e.job.status} ${e.job.steps.map((s) => MARK[s.status] ?? s.status).join('')}`));
    const { ws, batches } = await api.liveClient();
    const started = await api.call('POST', '/api/scenarios/runs', { file: 'meter-values-outside-transaction.yaml' });
    expect(started.status).toBe(200);
    const id = started.json.job.id as string;
    const views = await api.until('the run ended on the stream', async () => {
      const v = jobsOf(batches, 'scenario', id);
      return v.some((j) => j.status !== 'running') && v;
    });
    ws.close();
    off();
    const last = views.at(-1)!;
    expect(last.status).toBe('passed');
    expect(last.steps.map((s) => s.status)).toEqual(['passed', 'passed', 'passed', 'passed']);
    expect(last.result?.assertions.passed).toBe(3);
    // progress, not only the end: each step started and ended in turn (. pending, r running, P passed)
    expect(changes).toEqual([
      'running ....',
      'running r...',
      'running P...',
      'running Pr..',
      'running PP..',
      'running PPr.',
      'running PPP.',
      'running PPPr',
      'running PPPP',
      'passed PPPP',
    ]);
    const got = await api.call('GET', `/api/scenarios/runs/${id}`);
    expect(got.json.job).toEqual(last);
  });

  it('a run that fails an assertion ends failed on the stream, with the failing step', async () => {
    const text = readFileSync(path.join(LIBRARY_DIR, 'meter-values-outside-transaction.yaml'), 'utf8').replace(
      /(action: StopTransaction\n(?:.*\n)*?\s*)expectReply: \{\}/,
      '$1expectReply: { noSuchField: 1 }',
    );
    expect(text).toContain('noSuchField');
    const { ws, batches } = await api.liveClient();
    const started = await api.call('POST', '/api/scenarios/runs/text', { file: 'fails.yaml', text });
    expect(started.status).toBe(200);
    const id = started.json.job.id as string;
    const views = await api.until('the run ended on the stream', async () => {
      const v = jobsOf(batches, 'scenario', id);
      return v.some((j) => j.status !== 'running') && v;
    });
    ws.close();
    const last = views.at(-1)!;
    expect(last.status).toBe('failed');
    expect(last.steps[2]).toMatchObject({ status: 'failed', message: expect.stringContaining('noSuchField') });
    expect((await api.call('GET', `/api/scenarios/runs/${id}`)).json.job).toEqual(last);
  });
});

describe('broker jobs on the live stream (the bench live feed and stream; Docker faked or absent)', () => {
  let fake: FakeDockerApi | undefined;
  let server: Server | undefined;
  let stream: LiveStream | undefined;
  let feed: ReturnType<typeof createLiveFeed> | undefined;
  afterEach(async () => {
    stream?.close();
    feed?.close();
    await new Promise((r) => server?.close(r) ?? r(null));
    await fake?.close();
    fake = undefined;
  });

  /** The bench's live feed over the broker jobs (a backend that sends nothing), its live stream, one subscriber. */
  async function liveOver(jobs: BrokerJobs): Promise<{ batches: LiveBatch[]; ws: WebSocket }> {
    const backend = { events: { on: () => () => undefined } } as unknown as BenchApiDeps['backend'];
    feed = createLiveFeed({ backend, sim: null, transportStatus: () => ({}) as never, ocppBaseUrl: '', dataDir: '', jobs: [jobs] });
    const services = {
      chargers: { summaries: () => [] },
      counters: () => ({ messagesPerSec: 0, messagesTotal: 0, connected: 0, transactionsRunning: 0 }),
      subscribe: feed.subscribe,
    } as unknown as ApiServices;
    stream = new LiveStream(services, { flushMs: 20 });
    server = createServer();
    const wss = new WebSocketServer({ server });
    wss.on('connection', (s) => stream!.attach(s));
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
    const ws = new WebSocket(`ws://127.0.0.1:${(server.address() as AddressInfo).port}`);
    const batches: LiveBatch[] = [];
    ws.on('message', (d) => {
      const m = JSON.parse(String(d)) as LiveBatch;
      if (m.type === 'batch') batches.push(m);
    });
    await new Promise((r) => ws.once('message', r)); // hello
    return { batches, ws };
  }

  const router = (jobs: BrokerJobs) => new Router().add(createBrokerRoutes(() => jobs));
  async function getJob(r: Router): Promise<unknown> {
    const found = r.match('GET', '/api/broker/job');
    if (!found || 'allowed' in found) throw new Error('no route');
    return ((await found.route.handle({ params: found.params, body: {} } as unknown as RouteContext)) as { job: unknown }).job;
  }
  async function untilEnded(batches: LiveBatch[], id: number) {
    for (let i = 0; i < 500; i++) {
      const v = jobsOf(batches, 'broker', id);
      if (v.some((j) => j.state !== 'running')) return v;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error('the broker job did not end on the stream');
  }

  it('a start job: its progress steps (pull … ready) and its result arrive on the stream; GET reads the same', async () => {
    fake = await startFakeDockerApi();
    const jobs = new BrokerJobs(() => createDockerClient({ socketPath: fake!.socketPath }), { waitForAmqp: async () => ({ attempts: 1, elapsedMs: 0 }) });
    const { batches, ws } = await liveOver(jobs);
    const started = jobs.start();
    const views = await untilEnded(batches, started.id);
    ws.close();
    const last = views.at(-1)!;
    expect(last).toMatchObject({ action: 'start', state: 'done', error: null, result: { amqpUrl: 'amqp://guest:guest@127.0.0.1:5672' } });
    expect(last.progress.map((p) => p.step)).toContain('pull');
    expect(last.progress.at(-1)!.step).toBe('ready');
    expect(await getJob(router(jobs))).toEqual(last);
  });

  it('without a Docker engine the job ends failed on the stream with the plain message', async () => {
    const jobs = new BrokerJobs(() => createDockerClient({ socketPath: path.join(tmpdir(), 'cb-none', 'docker.sock') }));
    const { batches, ws } = await liveOver(jobs);
    const started = jobs.start();
    const views = await untilEnded(batches, started.id);
    ws.close();
    const last = views.at(-1)!;
    expect(last).toMatchObject({ state: 'failed', failure: 'docker-unavailable', finishedAt: expect.any(String) });
    expect(last.error).toMatch(/^Docker is not available: .*Use the embedded transport or enter an existing broker URL\.$/);
    expect(await getJob(router(jobs))).toEqual(last);
  });
});
