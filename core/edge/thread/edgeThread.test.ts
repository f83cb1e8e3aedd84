/**
 * The edge in a worker thread of its own (what `chargebench serve` runs), against an independent strict OCPP 1.6
 * client (ocpp-rpc): frames both ways through the thread, in-process and over RabbitMQ, every frame stored; what the
 * main thread keeps for `Edge` (connected chargers, health, disconnect, the accept-unknown switch); directory lookups
 * and refusals answered on the main thread, where the store is.
 */
import { createServer, type AddressInfo } from 'node:net';
import { threadId } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { RPCClient } from 'ocpp-rpc';
import { startServe, type ServeHandle, type ServeOptions } from '../../app/services.js';
import { hashPassword } from '../passwords.js';
import type { EdgeRefusal } from '../options.js';
import type { EdgeThread } from './startEdgeThread.js';
import { connectCharger, waitFor } from '../testing/wsClient.js';
import { brokerAvailable, deleteTopology, randomPrefix, startTcpProxy, TEST_AMQP_URL } from '../../transport/testing/broker.js';

const amqpUp = await brokerAvailable('the edge thread over RabbitMQ');

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c().catch(() => {});
});

async function serveThreaded(opts: ServeOptions = {}): Promise<ServeHandle> {
  const serve = await startServe({ memory: true, ocppPort: 0, env: {}, edgeThread: true, ...opts });
  cleanups.push(() => serve.stop());
  return serve;
}

function strictClient(serve: ServeHandle, identity: string, extra: Record<string, unknown> = {}) {
  // ocpp-rpc's typings demand every option; these are the ones that matter here.
  const cli = new RPCClient({
    endpoint: serve.ocppUrl,
    identity,
    protocols: ['ocpp1.6'],
    strictMode: true,
    reconnect: false,
    ...extra,
  } as unknown as ConstructorParameters<typeof RPCClient>[0]);
  const failures: string[] = [];
  cli.on('strictValidationFailure', (e: { error?: Error; method?: string }) => failures.push(`${e.method ?? ''}: ${e.error?.message ?? String(e.error)}`));
  cleanups.push(() => cli.close({ force: true }));
  return { cli, failures };
}

const boot = { chargePointVendor: 'Thread', chargePointModel: 'T1' };

const transports: Array<[string, boolean, () => ServeOptions]> = [
  ['in-process', true, () => ({})],
  [
    'RabbitMQ',
    amqpUp,
    () => {
      const prefix = randomPrefix();
      cleanups.push(() => deleteTopology(prefix));
      return { amqp: { url: TEST_AMQP_URL, prefix } };
    },
  ],
];

for (const [name, available, options] of transports) {
  describe.skipIf(!available)(`the edge thread (${name})`, () => {
    it('carries a charger CALLs and a server CALL both ways; every frame is stored', async () => {
      const serve = await serveThreaded(options());
      expect(serve.edge.threadId).not.toBe(threadId);
      const { cli, failures } = strictClient(serve, 'TH-1');
      cli.handle('GetConfiguration', async () => ({ configurationKey: [{ key: 'HeartbeatInterval', readonly: false, value: '60' }], unknownKey: [] }));
      await cli.connect();
      expect(await cli.call('BootNotification', boot)).toMatchObject({ status: 'Accepted' });
      expect(await cli.call('Heartbeat', {})).toHaveProperty('currentTime');
      const conf = await serve.backend.sendCall('TH-1', 'GetConfiguration', {});
      expect(conf.configurationKey?.[0]?.value).toBe('60');

      await waitFor(() => serve.edge.connectedChargers().includes('TH-1'), 3000, 'the main thread to know the connection');
      const health = serve.edge.health();
      expect(health).toMatchObject({ ok: true, connections: 1, edgeId: serve.edge.edgeId });
      expect(health.transport.connected).toBe(true);

      const frames = serve.store.frames.list({ chargePointId: 'TH-1', order: 'asc' }).rows;
      expect(frames.map((f) => `${f.direction} ${f.messageType} ${f.action}`)).toEqual([
        'in CALL BootNotification',
        'out CALLRESULT BootNotification',
        'in CALL Heartbeat',
        'out CALLRESULT Heartbeat',
        'out CALL GetConfiguration',
        'in CALLRESULT GetConfiguration',
      ]);
      expect(serve.store.chargePoints.get('TH-1')).toMatchObject({ online: true, vendor: 'Thread', edgeId: serve.edge.edgeId });
      expect(failures).toEqual([]);
    });
  });
}

describe.skipIf(!amqpUp)('the edge thread over RabbitMQ when the broker goes away', () => {
  it('CALLs made while the link is cut are answered once it is back; the main thread sees the outage in health', async () => {
    const proxy = await startTcpProxy();
    cleanups.push(() => proxy.close());
    const prefix = randomPrefix();
    cleanups.push(() => deleteTopology(prefix));
    const serve = await serveThreaded({ amqp: { url: proxy.url, prefix } });
    const { cli, failures } = strictClient(serve, 'TH-BLIP');
    await cli.connect();
    await cli.call('BootNotification', boot);
    proxy.cut();
    await waitFor(() => !serve.edge.health().transport.connected, 5000, 'the edge thread to report the broker away');
    expect(serve.edge.health().ok).toBe(false);
    const calls = Array.from({ length: 5 }, () => cli.call('Heartbeat', {}) as Promise<{ currentTime: string }>);
    await new Promise((r) => setTimeout(r, 500));
    proxy.restore();
    const answers = await Promise.all(calls);
    expect(answers.every((a) => typeof a.currentTime === 'string')).toBe(true);
    await waitFor(() => serve.edge.health().ok, 10_000, 'health ok again');
    const heartbeats = serve.store.frames.list({ chargePointId: 'TH-BLIP', action: 'Heartbeat' }).rows;
    expect(heartbeats.filter((f) => f.direction === 'in')).toHaveLength(5);
    expect(heartbeats.filter((f) => f.direction === 'out')).toHaveLength(5);
    expect(failures).toEqual([]);
  }, 40_000);
});

describe('the edge thread, seen from the main thread', () => {
  it('disconnects a charger when asked; the backend marks it offline', async () => {
    const serve = await serveThreaded();
    const { cli } = strictClient(serve, 'TH-2');
    const closed = new Promise<{ code: number; reason: string }>((resolve) =>
      cli.once('close', (e: { code: number; reason: unknown }) => resolve({ code: e.code, reason: String(e.reason) })),
    );
    await cli.connect();
    await cli.call('BootNotification', boot);
    await waitFor(() => serve.edge.connectedChargers().includes('TH-2'), 3000, 'the connection');
    expect(serve.edge.disconnect('TH-2', 1000, 'bye from the bench')).toBe(true);
    expect(await closed).toEqual({ code: 1000, reason: 'bye from the bench' });
    await waitFor(() => serve.store.chargePoints.get('TH-2')?.online === false, 3000, 'the charger offline');
    await waitFor(() => serve.edge.connectedChargers().length === 0, 3000, 'the connection gone');
    expect(serve.edge.disconnect('TH-2')).toBe(false);
  });

  it('refuses unknown chargers when switched, looks passwords up in the store and reports refusals', async () => {
    const refusals: EdgeRefusal[] = [];
    const serve = await serveThreaded({ edge: { onRefused: (r) => refusals.push(r) } });
    serve.edge.setAcceptUnknownChargers(false);
    expect(serve.edge.acceptsUnknownChargers()).toBe(false);

    const stranger = strictClient(serve, 'TH-UNKNOWN').cli;
    await expect(stranger.connect()).rejects.toThrow();
    await waitFor(() => refusals.length === 1, 3000, 'the refusal on the main thread');
    expect(refusals[0]).toMatchObject({ chargePointId: 'TH-UNKNOWN', unknownId: true });

    serve.store.registry.add('TH-KNOWN', new Date().toISOString(), { passwordHash: await hashPassword('s3cret-pass') });
    const noPassword = strictClient(serve, 'TH-KNOWN').cli;
    await expect(noPassword.connect()).rejects.toThrow();
    await waitFor(() => refusals.length === 2, 3000, 'the second refusal');
    expect(refusals[1]).toMatchObject({ chargePointId: 'TH-KNOWN', status: 401, unknownId: false });

    const known = strictClient(serve, 'TH-KNOWN', { password: 's3cret-pass' }).cli;
    await known.connect();
    expect(await known.call('BootNotification', boot)).toMatchObject({ status: 'Accepted' });
  });

  it('a thread that dies takes its chargers with it: the backend marks them offline and health turns not ok', async () => {
    const serve = await serveThreaded();
    const { cli } = strictClient(serve, 'TH-4');
    await cli.connect();
    await cli.call('BootNotification', boot);
    await waitFor(() => serve.edge.connectedChargers().includes('TH-4'), 3000, 'the connection');
    await (serve.edge as EdgeThread).terminate();
    await waitFor(() => serve.store.chargePoints.get('TH-4')?.online === false, 3000, 'the charger offline');
    expect(serve.edge.connectedChargers()).toEqual([]);
    expect(serve.edge.health().ok).toBe(false);
    const events = serve.store.db.prepare(`SELECT kind, detail FROM connection_events WHERE charge_point_id = 'TH-4' ORDER BY id`).all() as Array<{
      kind: string;
    }>;
    expect(events.map((e) => e.kind)).toEqual(['connect', 'disconnect']);
  });

  it('bad input through the thread: not JSON, an unknown action, a schema violation, a deeply nested frame, each answered and stored', async () => {
    const serve = await serveThreaded();
    const c = await connectCharger(`${serve.ocppUrl}/TH-BAD`);
    cleanups.push(() => c.close());
    c.send('this is not json');
    expect(await c.next()).toEqual([4, '-1', 'FormationViolation', expect.any(String), {}]);
    c.send([2, 'u1', 'NoSuchAction', {}]);
    expect((await c.next()).slice(0, 3)).toEqual([4, 'u1', 'NotImplemented']);
    c.send([2, 'v1', 'Heartbeat', { unexpected: true }]);
    expect((await c.next()).slice(0, 2)).toEqual([4, 'v1']);
    c.send(`[2,"d1","DataTransfer",{"vendorId":"x","data":${'['.repeat(5000)}${']'.repeat(5000)}}]`);
    expect((await c.next()).slice(0, 2)).toEqual([4, 'd1']);
    c.send([2, 'ok1', 'Heartbeat', {}]);
    expect((await c.next()).slice(0, 2)).toEqual([3, 'ok1']);
    const rows = serve.store.frames.list({ chargePointId: 'TH-BAD', direction: 'in', order: 'asc' }).rows;
    expect(rows).toHaveLength(5);
    // each one is stored with its answer, and all but the good Heartbeat are marked as problems
    expect(rows.map((r) => r.replyFrameId !== null)).toEqual([true, true, true, true, true]);
    expect(rows.map((r) => r.valid)).toEqual([false, true, false, false, true]);
  });

  it('a port in use fails as on the main thread: the error keeps its code', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise((resolve) => blocker.close(resolve)));
    const port = (blocker.address() as AddressInfo).port;
    await expect(startServe({ memory: true, ocppPort: port, env: {}, edgeThread: true })).rejects.toMatchObject({ code: 'EADDRINUSE' });
  });

  it('stops cleanly: chargers are told the edge is going away and the thread ends', async () => {
    const serve = await startServe({ memory: true, ocppPort: 0, env: {}, edgeThread: true });
    const { cli } = strictClient(serve, 'TH-3');
    const closed = new Promise<number>((resolve) => cli.once('close', (e: { code: number }) => resolve(e.code)));
    await cli.connect();
    await cli.call('BootNotification', boot);
    await serve.stop();
    expect(await closed).toBe(1001);
    expect(serve.edge.health().ok).toBe(false);
  });
});
