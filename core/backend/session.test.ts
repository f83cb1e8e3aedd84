/**
 * A full session over a real websocket: an independent strict OCPP client (ocpp-rpc, strictMode validates our
 * replies and CALLs against the OCA schemas) → B's edge → in-process transport → backend → SQLite.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { RPCClient } from 'ocpp-rpc';
import { openStore, type Store } from '../store/index.js';
import { openSettings } from '../config/index.js';
import { createInProcessTransport } from '../transport/inProcess.js';
import { startEdge, type Edge } from '../edge/index.js';
import { createBackend, type Backend } from './backend.js';
import type { AutoRemoteStartDecision } from './autoRemoteStartDecision.js';

let cleanup: Array<() => Promise<unknown> | unknown> = [];
afterEach(async () => {
  for (const f of cleanup.reverse()) await f();
  cleanup = [];
});

async function stack(delayMs = 20): Promise<{ backend: Backend; store: Store; edge: Edge }> {
  const store = openStore({ memory: true });
  const settings = await openSettings({ memory: true, env: {}, initial: { autoRemoteStart: { delayMs, idTag: 'AUTO' } } });
  const transport = createInProcessTransport();
  const backend = await createBackend({ store, settings, transport: transport.backend });
  await backend.start();
  const edge = await startEdge({ transport: transport.createEdgeTransport('edge-s'), host: '127.0.0.1', port: 0, pingIntervalSec: 0 });
  cleanup.push(
    () => store.close(),
    () => backend.stop(),
    () => edge.close(),
  );
  return { backend, store, edge };
}

async function until(cond: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('full session over a real websocket (ocpp-rpc strict client)', () => {
  it('boot → status → authorize → start → meter values → stop, all stored; server CALLs answered and linked', async () => {
    const { backend, store, edge } = await stack();
    const options = { endpoint: `${edge.url}/ocpp`, identity: 'SESSION-1', protocols: ['ocpp1.6'], strictMode: true, reconnect: false };
    const client = new RPCClient(options as unknown as ConstructorParameters<typeof RPCClient>[0]);
    const remoteStarts: unknown[] = [];
    client.handle('RemoteStartTransaction', async ({ params }) => {
      remoteStarts.push(params);
      return { status: 'Accepted' };
    });
    client.handle('GetConfiguration', async () => ({ configurationKey: [{ key: 'HeartbeatInterval', readonly: false, value: '3600' }] }));
    cleanup.push(() => client.close({ force: true }));
    await client.connect();

    const boot = await client.call('BootNotification', {
      chargePointVendor: 'ACME',
      chargePointModel: 'Volt 22',
      chargePointSerialNumber: 'SN-1',
      firmwareVersion: '2.0',
    });
    expect(boot).toMatchObject({ status: 'Accepted', interval: 3600 });
    await client.call('StatusNotification', { connectorId: 0, status: 'Available', errorCode: 'NoError' });
    await client.call('StatusNotification', { connectorId: 1, status: 'Preparing', errorCode: 'NoError', timestamp: new Date().toISOString() });
    await until(() => remoteStarts.length === 1); // AutoRemoteStart after Preparing
    expect(remoteStarts[0]).toEqual({ connectorId: 1, idTag: 'AUTO' });

    expect(await client.call('Authorize', { idTag: 'DRIVER-7' })).toEqual({ idTagInfo: { status: 'Accepted' } });
    const started = (await client.call('StartTransaction', { connectorId: 1, idTag: 'DRIVER-7', meterStart: 1000, timestamp: '2026-03-01T10:00:00Z' })) as {
      transactionId: number;
    };
    expect(started.transactionId).toBeGreaterThan(0);
    await client.call('StatusNotification', { connectorId: 1, status: 'Charging', errorCode: 'NoError' });
    for (let i = 1; i <= 3; i++) {
      await client.call('MeterValues', {
        connectorId: 1,
        transactionId: started.transactionId,
        meterValue: [
          {
            timestamp: `2026-03-01T10:0${i}:00Z`,
            sampledValue: [
              { value: String(1000 + i * 250), measurand: 'Energy.Active.Import.Register', unit: 'Wh' },
              { value: '8.1', measurand: 'Current.Import', phase: 'L1', unit: 'A' },
            ],
          },
        ],
      });
    }
    expect(
      await client.call('StopTransaction', {
        transactionId: started.transactionId,
        meterStop: 1750,
        timestamp: '2026-03-01T10:04:00Z',
        idTag: 'DRIVER-7',
        reason: 'Local',
      }),
    ).toEqual({ idTagInfo: { status: 'Accepted' } });

    // A command from the bench to the charger, answered by the strict client
    const conf = await backend.sendCall('SESSION-1', 'GetConfiguration', {});
    expect(conf.configurationKey?.[0]?.key).toBe('HeartbeatInterval');

    const cp = store.chargePoints.get('SESSION-1');
    expect(cp).toMatchObject({ vendor: 'ACME', model: 'Volt 22', online: true, registrationStatus: 'Accepted', status: 'Available', subprotocol: 'ocpp1.6' });
    expect(cp?.configuration).toEqual([{ key: 'HeartbeatInterval', readonly: false, value: '3600' }]);
    expect(store.connectors.get('SESSION-1', 1)?.status).toBe('Charging');
    const tx = store.transactions.get(started.transactionId);
    expect(tx).toMatchObject({
      state: 'stopped',
      meterStart: 1000,
      meterStop: 1750,
      startedAt: '2026-03-01T10:00:00.000Z',
      stoppedAt: '2026-03-01T10:04:00.000Z',
      energyWh: 750,
    });
    expect(store.meterSamples.list({ transactionId: started.transactionId })).toHaveLength(6);

    const frames = store.frames.list({ chargePointId: 'SESSION-1', limit: 1000 });
    // every CALL in both directions has its reply linked
    const calls = frames.rows.filter((f) => f.messageType === 'CALL');
    expect(calls.length).toBe(12); // 10 from the charger, RemoteStartTransaction and GetConfiguration from us
    expect(calls.every((f) => f.replyFrameId !== null)).toBe(true);
    expect(frames.rows.filter((f) => f.direction === 'in' && f.messageType === 'CALL').map((f) => f.action)).toContain('MeterValues');
    const remote = calls.find((f) => f.action === 'RemoteStartTransaction')!;
    expect(remote).toMatchObject({ direction: 'out', state: 'answered' });
    expect(store.frames.get(remote.replyFrameId!)).toMatchObject({
      direction: 'in',
      messageType: 'CALLRESULT',
      action: 'RemoteStartTransaction',
      latencyMs: expect.any(Number),
    });

    await client.close();
    await until(() => store.chargePoints.get('SESSION-1')?.online === false);
  });
  async function strictClient(edge: Edge, identity: string): Promise<{ client: RPCClient; remoteStarts: unknown[] }> {
    const client = new RPCClient({
      endpoint: `${edge.url}/ocpp`,
      identity,
      protocols: ['ocpp1.6'],
      strictMode: true,
      reconnect: false,
    } as unknown as ConstructorParameters<typeof RPCClient>[0]);
    const remoteStarts: unknown[] = [];
    client.handle('RemoteStartTransaction', async ({ params }) => {
      remoteStarts.push(params);
      return { status: 'Accepted' };
    });
    cleanup.push(() => client.close({ force: true }));
    await client.connect();
    await client.call('BootNotification', { chargePointVendor: 'OCA', chargePointModel: 'Strict' });
    return { client, remoteStarts };
  }

  it('a charger that authorizes and starts locally within the AutoRemoteStart delay gets no RemoteStart', async () => {
    const { backend, edge } = await stack(400);
    const decisions: AutoRemoteStartDecision[] = [];
    backend.events.on('autoRemoteStart', (d) => decisions.push(d));
    const { client, remoteStarts } = await strictClient(edge, 'LOCAL-1');
    await client.call('StatusNotification', { connectorId: 1, status: 'Preparing', errorCode: 'NoError' });
    expect(await client.call('Authorize', { idTag: 'CARD-1' })).toEqual({ idTagInfo: { status: 'Accepted' } });
    await client.call('StartTransaction', { connectorId: 1, idTag: 'CARD-1', meterStart: 0, timestamp: new Date().toISOString() });
    await client.call('StatusNotification', { connectorId: 1, status: 'Charging', errorCode: 'NoError' });
    await until(() => decisions.some((d) => d.outcome === 'notSent'));
    await new Promise((r) => setTimeout(r, 800)); // well past the delay
    expect(remoteStarts).toEqual([]);
    expect(decisions.map((d) => [d.outcome, d.reason])).toEqual([
      ['pending', undefined],
      ['notSent', 'transactionStarted'],
    ]);
  });

  it('a charger that waits gets RemoteStart with the free-vend tag, never a tag from an earlier session', async () => {
    const { edge } = await stack(100);
    const { client, remoteStarts } = await strictClient(edge, 'WAITS-1');
    await client.call('Authorize', { idTag: 'DRIVER-7' });
    const { transactionId } = (await client.call('StartTransaction', {
      connectorId: 2,
      idTag: 'DRIVER-7',
      meterStart: 0,
      timestamp: new Date().toISOString(),
    })) as { transactionId: number };
    await client.call('StopTransaction', { transactionId, meterStop: 100, timestamp: new Date().toISOString(), idTag: 'DRIVER-7' });
    await client.call('StatusNotification', { connectorId: 1, status: 'Preparing', errorCode: 'NoError' });
    await until(() => remoteStarts.length === 1);
    expect(remoteStarts[0]).toEqual({ connectorId: 1, idTag: 'AUTO' });
  });
});
