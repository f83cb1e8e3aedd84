/**
 * An independent strict OCPP 2.0.1 client (ocpp-rpc, strictMode) against the whole bench (edge + backend +
 * store): it negotiates ocpp2.0.1, its BootNotification is answered with a spec-correct CALLERROR NotImplemented
 * (no 2.0.1 central system yet), and every frame is stored with version 2.0.1 — while a strict 1.6 client on the
 * same bench runs as before.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { RPCClient } from 'ocpp-rpc';
import { startServe } from './services.js';
import { waitFor } from '../edge/testing/wsClient.js';
import { brokerAvailable, deleteTopology, randomPrefix, TEST_AMQP_URL } from '../transport/testing/broker.js';

const amqpUp = await brokerAvailable('OCPP 2.0.1 over RabbitMQ');

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c().catch(() => {});
});

function strictClient(endpoint: string, identity: string, protocols: string[]) {
  // ocpp-rpc's typings demand every option; these are the ones that matter here.
  const cli = new RPCClient({ endpoint, identity, protocols, strictMode: true, reconnect: false } as unknown as ConstructorParameters<typeof RPCClient>[0]);
  const failures: string[] = [];
  cli.on('strictValidationFailure', (e: { error?: Error; method?: string }) => failures.push(`${e.method ?? ''}: ${e.error?.message ?? String(e.error)}`));
  cleanups.push(() => cli.close({ force: true }));
  return { cli, failures };
}

describe('an independent strict OCPP 2.0.1 client', () => {
  it('connects as ocpp2.0.1, gets NotImplemented for BootNotification, and its frames are stored as 2.0.1', async () => {
    const serve = await startServe({ memory: true, ocppPort: 0, env: {} });
    cleanups.push(() => serve.stop());
    const { cli, failures } = strictClient(serve.ocppUrl, 'RPC-201', ['ocpp2.0.1']);
    await cli.connect();
    expect(cli.protocol).toBe('ocpp2.0.1');

    const boot = cli.call('BootNotification', { reason: 'PowerUp', chargingStation: { model: 'Strict 2', vendorName: 'ocpp-rpc' } });
    await expect(boot).rejects.toMatchObject({ rpcErrorCode: 'NotImplemented', message: expect.stringMatching(/OCPP 2\.0\.1 action this central system does not handle yet/) });
    await expect(cli.call('Heartbeat', {})).rejects.toMatchObject({ rpcErrorCode: 'NotImplemented' });
    expect(failures).toEqual([]);

    await waitFor(() => serve.store.frames.list({ chargePointId: 'RPC-201' }).total >= 4);
    const rows = serve.store.frames.list({ chargePointId: 'RPC-201', order: 'asc' }).rows;
    expect(rows.map((r) => [r.direction, r.messageType, r.action, r.protocol, r.valid, r.errorCode])).toEqual([
      ['in', 'CALL', 'BootNotification', 'ocpp2.0.1', true, null],
      ['out', 'CALLERROR', 'BootNotification', 'ocpp2.0.1', true, 'NotImplemented'],
      ['in', 'CALL', 'Heartbeat', 'ocpp2.0.1', true, null],
      ['out', 'CALLERROR', 'Heartbeat', 'ocpp2.0.1', true, 'NotImplemented'],
    ]);
    expect(serve.store.chargePoints.get('RPC-201')).toMatchObject({ protocol: 'ocpp2.0.1', subprotocol: 'ocpp2.0.1', online: true });

    // a strict 1.6 client on the same bench is answered as always
    const old = strictClient(serve.ocppUrl, 'RPC-16', ['ocpp1.6']);
    await old.cli.connect();
    const conf = (await old.cli.call('BootNotification', { chargePointVendor: 'ocpp-rpc', chargePointModel: 'Strict 1' })) as { status: string };
    expect(conf.status).toBe('Accepted');
    expect(old.failures).toEqual([]);
    expect(serve.store.chargePoints.get('RPC-16')).toMatchObject({ protocol: 'ocpp1.6' });
  });

  it('a client offering both versions gets 1.6 by default (the 2.0.1 central system is not there yet)', async () => {
    const serve = await startServe({ memory: true, ocppPort: 0, env: {} });
    cleanups.push(() => serve.stop());
    const { cli } = strictClient(serve.ocppUrl, 'RPC-BOTH', ['ocpp2.0.1', 'ocpp1.6']);
    await cli.connect();
    expect(cli.protocol).toBe('ocpp1.6');
  });
});

describe.skipIf(!amqpUp)('an independent strict OCPP 2.0.1 client over RabbitMQ', () => {
  it('is answered and stored the same way when edge and backend talk through the broker', async () => {
    const prefix = randomPrefix();
    cleanups.push(() => deleteTopology(prefix));
    const serve = await startServe({ memory: true, ocppPort: 0, env: {}, amqp: { url: TEST_AMQP_URL, prefix } });
    cleanups.push(() => serve.stop());
    expect(serve.transport).toBe('amqp');
    const { cli, failures } = strictClient(serve.ocppUrl, 'RPC-201-AMQP', ['ocpp2.0.1']);
    await cli.connect();
    await expect(cli.call('BootNotification', { reason: 'PowerUp', chargingStation: { model: 'Strict 2', vendorName: 'ocpp-rpc' } })).rejects.toMatchObject({ rpcErrorCode: 'NotImplemented' });
    expect(failures).toEqual([]);
    await waitFor(() => serve.store.frames.list({ chargePointId: 'RPC-201-AMQP' }).total >= 2);
    expect(serve.store.frames.list({ chargePointId: 'RPC-201-AMQP' }).rows.map((r) => r.protocol)).toEqual(['ocpp2.0.1', 'ocpp2.0.1']);
    expect(serve.store.chargePoints.get('RPC-201-AMQP')?.protocol).toBe('ocpp2.0.1');
  });
});
