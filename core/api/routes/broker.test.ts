import { describe, it, expect, afterEach } from 'vitest';
import { createBrokerRoutes } from './broker.js';
import { Router } from '../router.js';
import { checkRequestPart } from '../validation.js';
import { BrokerJobs, createDockerClient } from '../../docker/index.js';
import { startFakeDockerApi, type FakeDockerApi } from '../../docker/fakeDockerApi.js';
import type { RouteContext } from '../router.js';

let fake: FakeDockerApi | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function call(router: Router, method: string, path: string, body: Record<string, unknown> = {}): Promise<unknown> {
  const found = router.match(method, path);
  if (!found || 'allowed' in found) throw new Error(`no route ${method} ${path}`);
  const b = { ...body };
  if (found.route.contract.body) checkRequestPart(found.route.contract, 'body', b);
  const ctx = { params: found.params, body: b } as unknown as RouteContext;
  return found.route.handle(ctx);
}

describe('broker API routes', () => {
  it('status → start job → poll → stop with remove', async () => {
    fake = await startFakeDockerApi({ images: new Set(['rabbitmq:3-management']) });
    const jobs = new BrokerJobs(() => createDockerClient({ socketPath: fake!.socketPath }), { waitForAmqp: async () => ({ attempts: 1, elapsedMs: 0 }) });
    const router = new Router().add(createBrokerRoutes(() => jobs));
    expect(await call(router, 'GET', '/api/broker')).toMatchObject({ container: 'absent', engine: { available: true } });
    expect(await call(router, 'GET', '/api/broker/job')).toEqual({ job: null });
    expect(await call(router, 'POST', '/api/broker/start')).toMatchObject({ job: { action: 'start', state: 'running' } });
    await jobs.settled();
    expect(await call(router, 'GET', '/api/broker/job')).toMatchObject({ job: { state: 'done', result: { amqpUrl: 'amqp://guest:guest@127.0.0.1:5672' } } });
    await call(router, 'POST', '/api/broker/stop', { remove: true });
    await jobs.settled();
    expect(fake.containers.size).toBe(0);
    await expect(call(router, 'POST', '/api/broker/stop', { remove: 'yes please' })).rejects.toThrow();
  });
});
