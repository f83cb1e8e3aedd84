/** The Scenarios API against a real bench: list the library, start a run, poll it to the end, bad input → 400/404. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBench, type BenchHandle } from '../../app/bench.js';

let bench: BenchHandle;
beforeAll(async () => {
  bench = await startBench({ memory: true, ocppPort: 0, uiPort: 0, rendererDir: null });
});
afterAll(async () => {
  await bench?.stop();
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- responses are checked field by field
async function call(method: string, path: string, body?: unknown, token = bench.token): Promise<{ status: number; json: any }> {
  const res = await fetch(`${bench.apiUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : null };
}

describe('/api/scenarios', () => {
  it('lists the shipped library with steps and their lines', async () => {
    const { status, json } = await call('GET', '/api/scenarios');
    expect(status).toBe(200);
    const grizzl = (json as Array<{ file: string; name: string; steps: Array<{ title: string; line: number }> }>).find(
      (e) => e.file === 'grizzl-e-remote-start-delay.yaml',
    );
    expect(grizzl?.name).toBe('Grizzl-E accepts RemoteStart only after a delay');
    expect(grizzl?.steps[0]).toMatchObject({ title: 'boot GRIZZLE-RS-1', line: expect.any(Number) });
  });

  it('runs a scenario as a job whose steps fill in with their evidence', async () => {
    const started = await call('POST', '/api/scenarios/runs', { file: 'meter-values-outside-transaction.yaml' });
    expect(started.status).toBe(200);
    const id = started.json.job.id as string;
    let job = started.json.job;
    const end = Date.now() + 20_000;
    while (job.status === 'running' && Date.now() < end) {
      await new Promise((r) => setTimeout(r, 100));
      job = (await call('GET', `/api/scenarios/runs/${id}`)).json.job;
    }
    expect(job.status).toBe('passed');
    expect(job.steps.map((s: { status: string }) => s.status)).toEqual(['passed', 'passed', 'passed', 'passed']);
    expect(job.steps[1].evidence.map((f: { text: string }) => f.text)).toEqual([expect.stringContaining('"MeterValues"'), expect.stringMatching(/^\[3,/)]);
    expect(job.result.assertions.passed).toBe(3);
  });

  it('refuses unknown files, paths and bad parameters, and needs the token', async () => {
    expect((await call('POST', '/api/scenarios/runs', { file: 'nope.yaml' })).status).toBe(400);
    expect((await call('POST', '/api/scenarios/runs', { file: '../package.json' })).status).toBe(400);
    expect((await call('POST', '/api/scenarios/runs', { file: 'grizzl-e-session.yaml', speed: 0 })).status).toBe(400);
    expect((await call('GET', '/api/scenarios/runs/unknown')).status).toBe(404);
    expect((await call('GET', '/api/scenarios', undefined, 'wrong')).status).toBe(401);
  });
});
