/**
 * The headless services end to end, with the real backend and store: an independent strict OCPP client
 * (ocpp-rpc, strictMode) runs full sessions through `startServe` (in-process) and through two RabbitMQ edges
 * + one backend; a broker loss mid-session (TCP proxy cut) loses no frame (frames in = rows stored).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { RPCClient } from 'ocpp-rpc';
import { startBackendService, startEdgeService, startServe } from './services.js';
import type { Store } from '../store/index.js';
import { brokerAvailable, deleteTopology, randomPrefix, startTcpProxy, TEST_AMQP_URL } from '../transport/testing/broker.js';
import { waitFor } from '../edge/testing/wsClient.js';

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c().catch(() => {});
});

async function strictCharger(ocppUrl: string, identity: string): Promise<RPCClient> {
  // ocpp-rpc's typings demand every option; these are the ones that matter here.
  const options = { endpoint: ocppUrl, identity, protocols: ['ocpp1.6'], strictMode: true, reconnect: false };
  const cli = new RPCClient(options as unknown as ConstructorParameters<typeof RPCClient>[0]);
  cli.handle('Reset', async () => ({ status: 'Accepted' }));
  cli.handle('TriggerMessage', async () => ({ status: 'Accepted' }));
  await cli.connect();
  cleanups.push(() => cli.close({ force: true }));
  return cli;
}

/** boot → status → authorize → start → meter values → stop, validated both ways by ocpp-rpc's strict mode. */
async function fullSession(cli: RPCClient): Promise<number> {
  const boot = (await cli.call('BootNotification', { chargePointVendor: 'ChargeBench', chargePointModel: 'Strict' })) as { status: string };
  expect(boot.status).toBe('Accepted');
  await cli.call('StatusNotification', { connectorId: 1, errorCode: 'NoError', status: 'Available' });
  const auth = (await cli.call('Authorize', { idTag: 'TAG1' })) as { idTagInfo: { status: string } };
  expect(auth.idTagInfo.status).toBe('Accepted');
  const start = (await cli.call('StartTransaction', { connectorId: 1, idTag: 'TAG1', meterStart: 1000, timestamp: new Date().toISOString() })) as {
    transactionId: number;
  };
  await cli.call('MeterValues', {
    connectorId: 1,
    transactionId: start.transactionId,
    meterValue: [{ timestamp: new Date().toISOString(), sampledValue: [{ value: '1500', measurand: 'Energy.Active.Import.Register', unit: 'Wh' }] }],
  });
  await cli.call('StopTransaction', { transactionId: start.transactionId, meterStop: 2000, timestamp: new Date().toISOString(), idTag: 'TAG1' });
  return start.transactionId;
}

function inboundFrames(store: Store, chargePointId: string): number {
  return store.frames.list({ chargePointId, direction: 'in' }).total;
}

describe('startServe (in-process transport)', () => {
  it('runs a full strict session and a server CALL, storing every frame', async () => {
    const serve = await startServe({ memory: true, ocppPort: 0, env: {} });
    cleanups.push(() => serve.stop());
    expect(serve.transport).toBe('in-process');
    expect(serve.ocppUrl).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/ocpp$/);
    const cli = await strictCharger(serve.ocppUrl, 'CP-INPROC');
    const txId = await fullSession(cli);
    expect(serve.store.transactions.get(txId)).toMatchObject({ chargePointId: 'CP-INPROC', meterStart: 1000, meterStop: 2000 });
    expect(await serve.backend.sendCall('CP-INPROC', 'Reset', { type: 'Soft' })).toEqual({ status: 'Accepted' });
    await waitFor(() => inboundFrames(serve.store, 'CP-INPROC') === 7);
    const health = await fetch(`${serve.ocppUrl.replace('ws://', 'http://').replace('/ocpp', '')}/health`);
    expect(health.status).toBe(200);
    await serve.stop();
    await serve.stop(); // idempotent
  });
});

const up = await brokerAvailable('headless services over RabbitMQ');

describe.skipIf(!up)('backend + two edges over RabbitMQ (real backend and store)', () => {
  async function system(url: string) {
    const prefix = randomPrefix();
    cleanups.push(() => deleteTopology(prefix));
    const backend = await startBackendService({ amqp: { url, prefix }, memory: true, env: {} });
    cleanups.push(() => backend.stop());
    const edges = [];
    for (let i = 0; i < 2; i++) {
      const e = await startEdgeService({ amqp: { url, prefix }, ocppPort: 0, edgeId: `${prefix}-e${i}`, env: {} });
      cleanups.push(() => e.stop());
      edges.push(e);
    }
    return { backend, edges };
  }

  it('full sessions on both edges; server CALLs reach the charger on the right edge', async () => {
    const { backend, edges } = await system(TEST_AMQP_URL);
    const a = await strictCharger(edges[0]!.ocppUrl, 'CP-EDGE-A');
    const b = await strictCharger(edges[1]!.ocppUrl, 'CP-EDGE-B');
    await Promise.all([fullSession(a), fullSession(b)]);
    let resetOn = '';
    b.handle('Reset', async () => {
      resetOn = 'B';
      return { status: 'Accepted' };
    });
    expect(await backend.backend.sendCall('CP-EDGE-B', 'Reset', { type: 'Hard' })).toEqual({ status: 'Accepted' });
    expect(resetOn).toBe('B');
    expect(await backend.backend.sendCall('CP-EDGE-A', 'TriggerMessage', { requestedMessage: 'Heartbeat' })).toEqual({ status: 'Accepted' });
    await waitFor(() => inboundFrames(backend.store, 'CP-EDGE-A') === 7 && inboundFrames(backend.store, 'CP-EDGE-B') === 7);
    expect(backend.store.chargePoints.get('CP-EDGE-B')).toMatchObject({ edgeId: edges[1]!.edge.edgeId });
  });

  it('broker lost mid-session: no frame lost (frames in = rows stored), chargers stay connected', async () => {
    const proxy = await startTcpProxy();
    cleanups.push(() => proxy.close());
    const { backend, edges } = await system(proxy.url);
    const clients = await Promise.all([strictCharger(edges[0]!.ocppUrl, 'LOSS-A'), strictCharger(edges[1]!.ocppUrl, 'LOSS-B')]);
    await Promise.all(clients.map((c) => c.call('BootNotification', { chargePointVendor: 'V', chargePointModel: 'M' })));
    let sent = 1;
    const burst = (n: number) =>
      Promise.all(
        clients.map(async (c) => {
          for (let i = 0; i < n; i++) await c.call('Heartbeat', {});
        }),
      );
    await burst(5);
    sent += 5;
    proxy.cut();
    await waitFor(() => !edges[0]!.edge.health().transport.connected && !edges[1]!.edge.health().transport.connected);
    const during = burst(10); // these wait (held at the edges) until the broker is back
    await new Promise((r) => setTimeout(r, 300));
    proxy.restore();
    await during;
    sent += 10;
    for (const id of ['LOSS-A', 'LOSS-B']) {
      await waitFor(() => inboundFrames(backend.store, id) >= sent, 10000, `${id} frames stored`);
      expect(inboundFrames(backend.store, id)).toBe(sent);
      // every stored CALL was answered exactly once
      expect(backend.store.frames.list({ chargePointId: id, direction: 'out', messageType: 'CALLRESULT' }).total).toBe(sent);
    }
  });
});
