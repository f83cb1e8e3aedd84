/**
 * An independent strict OCPP 2.0.1 client (ocpp-rpc, strictMode: every frame it sends and receives checked
 * against the OCA schemas) against the whole bench (edge + backend + store), in-process and over RabbitMQ: a full
 * session boot → status → authorize → TransactionEvent Started / Updated / Ended with meter values, a server
 * command answered (GetBaseReport → NotifyReport), 0 validation failures; then the database rows — one transaction
 * with its real stop and version, its meter samples, the device model. Bad input gets 2.0.1's codes.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { RPCClient } from 'ocpp-rpc';
import { startServe, type ServeHandle } from './services.js';
import { waitFor } from '../edge/testing/wsClient.js';
import { brokerAvailable, deleteTopology, randomPrefix, TEST_AMQP_URL } from '../transport/testing/broker.js';

const amqpUp = await brokerAvailable('OCPP 2.0.1 over RabbitMQ');

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c().catch(() => {});
});

export function strictClient(endpoint: string, identity: string, protocols: string[]) {
  // ocpp-rpc's typings demand every option; these are the ones that matter here.
  const cli = new RPCClient({ endpoint, identity, protocols, strictMode: true, reconnect: false } as unknown as ConstructorParameters<typeof RPCClient>[0]);
  const failures: string[] = [];
  cli.on('strictValidationFailure', (e: { error?: Error; method?: string }) => failures.push(`${e.method ?? ''}: ${e.error?.message ?? String(e.error)}`));
  cleanups.push(() => cli.close({ force: true }));
  return { cli, failures };
}

const at = (s: number) => new Date(Date.now() - 600_000 + s * 1000).toISOString();
const energy = (wh: number, s: number, context: string) => ({
  timestamp: at(s),
  sampledValue: [
    { value: wh, context, measurand: 'Energy.Active.Import.Register', unitOfMeasure: { unit: 'Wh' } },
    { value: 11000, context, measurand: 'Power.Active.Import', unitOfMeasure: { unit: 'W' } },
  ],
});

async function fullSession(serve: ServeHandle, id: string): Promise<void> {
  const { cli, failures } = strictClient(serve.ocppUrl, id, ['ocpp2.0.1']);
  cli.handle('GetBaseReport', async ({ params }) => {
    const requestId = Number((params as { requestId: number }).requestId);
    setTimeout(() => {
      void cli.call('NotifyReport', {
        requestId,
        generatedAt: new Date().toISOString(),
        seqNo: 0,
        reportData: [
          {
            component: { name: 'OCPPCommCtrlr' },
            variable: { name: 'HeartbeatInterval' },
            variableAttribute: [{ type: 'Actual', value: '300', mutability: 'ReadWrite' }],
          },
          {
            component: { name: 'EVSE', evse: { id: 1 } },
            variable: { name: 'AvailabilityState' },
            variableAttribute: [{ value: 'Available', mutability: 'ReadOnly' }],
          },
        ],
      });
    }, 5);
    return { status: 'Accepted' };
  });
  await cli.connect();
  expect(cli.protocol).toBe('ocpp2.0.1');
  const boot = (await cli.call('BootNotification', {
    reason: 'PowerUp',
    chargingStation: { model: 'Strict 2', vendorName: 'ocpp-rpc', serialNumber: 'S-1' },
  })) as { status: string; interval: number };
  expect(boot).toMatchObject({ status: 'Accepted', interval: 3600 });
  await cli.call('StatusNotification', { timestamp: at(0), connectorStatus: 'Available', evseId: 1, connectorId: 1 });
  const auth = (await cli.call('Authorize', { idToken: { idToken: 'RFID-201', type: 'ISO14443' } })) as { idTokenInfo: { status: string } };
  expect(auth.idTokenInfo.status).toBe('Accepted');
  const base = { transactionInfo: { transactionId: `${id}-TX1` } };
  const started = (await cli.call('TransactionEvent', {
    ...base,
    eventType: 'Started',
    timestamp: at(1),
    triggerReason: 'Authorized',
    seqNo: 0,
    evse: { id: 1, connectorId: 1 },
    idToken: { idToken: 'RFID-201', type: 'ISO14443' },
    meterValue: [energy(10_000, 1, 'Transaction.Begin')],
    transactionInfo: { ...base.transactionInfo, chargingState: 'Charging' },
  })) as { idTokenInfo?: { status: string } };
  expect(started.idTokenInfo?.status).toBe('Accepted');
  await cli.call('StatusNotification', { timestamp: at(1), connectorStatus: 'Occupied', evseId: 1, connectorId: 1 });
  await cli.call('TransactionEvent', {
    ...base,
    eventType: 'Updated',
    timestamp: at(61),
    triggerReason: 'MeterValuePeriodic',
    seqNo: 1,
    meterValue: [energy(10_180, 61, 'Sample.Periodic')],
  });
  await cli.call('Heartbeat', {});
  await cli.call('TransactionEvent', {
    ...base,
    eventType: 'Ended',
    timestamp: at(121),
    triggerReason: 'EVCommunicationLost',
    seqNo: 2,
    idToken: { idToken: 'RFID-201', type: 'ISO14443' },
    meterValue: [energy(10_370, 121, 'Transaction.End')],
    transactionInfo: { ...base.transactionInfo, chargingState: 'Idle', stoppedReason: 'EVDisconnected' },
  });
  await cli.call('StatusNotification', { timestamp: at(122), connectorStatus: 'Available', evseId: 1, connectorId: 1 });
  // a command from the central system, answered; its report lands in the device model
  const report = await serve.backend.sendVersionedCall('ocpp2.0.1', id, 'GetBaseReport', { requestId: 42, reportBase: 'FullInventory' });
  expect(report.status).toBe('Accepted');
  await waitFor(() => serve.store.deviceModel.count(id) === 2, 5000, 'the NotifyReport stored');
  expect(failures).toEqual([]);

  const tx = serve.store.transactionEvents.find(id, `${id}-TX1`)!;
  expect(tx).toMatchObject({
    protocol: 'ocpp2.0.1',
    state: 'stopped',
    connectorId: 1,
    idTag: 'RFID-201',
    meterStart: 10_000,
    meterStop: 10_370,
    energyWh: 370,
    stopReason: 'EVDisconnected',
    chargingState: 'Idle',
    lastSeqNo: 2,
  });
  expect(
    serve.store.meterSamples
      .list({ transactionId: tx.id })
      .filter((s) => s.measurand === 'Energy.Active.Import.Register')
      .map((s) => s.numericValue),
  ).toEqual([10_000, 10_180, 10_370]);
  expect(serve.store.transactions.stops(tx.id).map((s) => s.outcome)).toEqual(['applied']);
  expect(serve.store.connectors.get(id, 1)?.status).toBe('Available');
  expect(serve.store.deviceModel.actualValue(id, 'OCPPCommCtrlr', 'HeartbeatInterval')).toBe('300');
  const frames = serve.store.frames.list({ chargePointId: id, limit: 100 }).rows;
  expect(frames.every((f) => f.protocol === 'ocpp2.0.1' && f.valid)).toBe(true);
  expect(frames.filter((f) => f.messageType === 'CALLERROR')).toEqual([]);
}

async function badInput(serve: ServeHandle, id: string): Promise<void> {
  const { cli } = strictClient(serve.ocppUrl, id, ['ocpp2.0.1']);
  await cli.connect();
  // ocpp-rpc refuses to send invalid payloads in strict mode; its raw send does not check
  const replies: unknown[] = [];
  (cli as unknown as { on(e: string, f: (m: { message: unknown; outbound: boolean }) => void): void }).on('message', (m) => {
    if (!m.outbound) replies.push(JSON.parse(String(m.message)));
  });
  const raw = (cli as unknown as { sendRaw(t: string): void }).sendRaw.bind(cli);
  raw(JSON.stringify([2, 'bad-1', 'TransactionEvent', { eventType: 'Started', seqNo: 0 }]));
  raw(JSON.stringify([2, 'bad-2', 'StatusNotification', { timestamp: at(0), connectorStatus: 'Charging', evseId: 1, connectorId: 1 }]));
  raw(JSON.stringify([2, 'bad-3', 'Teleport', {}]));
  raw(JSON.stringify([2, 'bad-4', 'SignCertificate', { csr: 'x' }]));
  await waitFor(() => replies.length >= 4, 5000, 'four replies');
  const codes = Object.fromEntries((replies as Array<[number, string, string]>).map((r) => [r[1], r[2]]));
  expect(codes).toEqual({
    'bad-1': 'OccurrenceConstraintViolation',
    'bad-2': 'PropertyConstraintViolation',
    'bad-3': 'NotImplemented',
    'bad-4': 'NotSupported',
  });
}

describe('an independent strict OCPP 2.0.1 client, in-process', () => {
  it('runs a full session with 0 validation failures; the transaction, its meter samples and the device model are stored', async () => {
    const serve = await startServe({ memory: true, ocppPort: 0, env: {} });
    cleanups.push(() => serve.stop());
    await fullSession(serve, 'RPC-201');
    // a strict 1.6 client on the same bench is answered as always
    const old = strictClient(serve.ocppUrl, 'RPC-16', ['ocpp1.6']);
    await old.cli.connect();
    expect(((await old.cli.call('BootNotification', { chargePointVendor: 'ocpp-rpc', chargePointModel: 'Strict 1' })) as { status: string }).status).toBe(
      'Accepted',
    );
    expect(old.failures).toEqual([]);
    expect(serve.store.chargePoints.get('RPC-16')).toMatchObject({ protocol: 'ocpp1.6' });
  });

  it('bad input gets 2.0.1 codes: schema violations, unknown actions NotImplemented, unsupported ones NotSupported', async () => {
    const serve = await startServe({ memory: true, ocppPort: 0, env: {} });
    cleanups.push(() => serve.stop());
    await badInput(serve, 'RPC-BAD');
  });

  it("a client offering both versions gets 1.6 by default (the edge's preference order)", async () => {
    const serve = await startServe({ memory: true, ocppPort: 0, env: {} });
    cleanups.push(() => serve.stop());
    const { cli } = strictClient(serve.ocppUrl, 'RPC-BOTH', ['ocpp2.0.1', 'ocpp1.6']);
    await cli.connect();
    expect(cli.protocol).toBe('ocpp1.6');
  });
});

describe.skipIf(!amqpUp)('an independent strict OCPP 2.0.1 client over RabbitMQ', () => {
  it('runs the same full session and bad input through the broker, stored the same way', async () => {
    const prefix = randomPrefix();
    cleanups.push(() => deleteTopology(prefix));
    const serve = await startServe({ memory: true, ocppPort: 0, env: {}, amqp: { url: TEST_AMQP_URL, prefix } });
    cleanups.push(() => serve.stop());
    expect(serve.transport).toBe('amqp');
    await fullSession(serve, 'RPC-201-AMQP');
    await badInput(serve, 'RPC-BAD-AMQP');
  });
});
