/**
 * A mixed fleet — strict ocpp-rpc 1.6 clients and strict ocpp-rpc 2.0.1 clients at once — against the bench over
 * both transports (in-process and RabbitMQ): every charger runs a session with meter values, and the one
 * transactions / meter-sample model holds them all consistently (version recorded, real stops, energy = the
 * readings sent), with 0 validation failures on either side.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { RPCClient } from 'ocpp-rpc';
import { startServe, type ServeHandle } from './services.js';
import { brokerAvailable, deleteTopology, randomPrefix, TEST_AMQP_URL } from '../transport/testing/broker.js';

const amqpUp = await brokerAvailable('mixed 1.6 + 2.0.1 fleet over RabbitMQ');
const PER_VERSION = 6;

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c().catch(() => {});
});

function client(endpoint: string, identity: string, protocol: string, failures: string[]) {
  const cli = new RPCClient({ endpoint, identity, protocols: [protocol], strictMode: true, reconnect: false } as unknown as ConstructorParameters<
    typeof RPCClient
  >[0]);
  cli.on('strictValidationFailure', (e: { error?: Error; method?: string }) =>
    failures.push(`${identity} ${e.method ?? ''}: ${e.error?.message ?? String(e.error)}`),
  );
  cleanups.push(() => cli.close({ force: true }));
  return cli;
}

const at = (s: number) => new Date(Date.now() - 3_600_000 + s * 1000).toISOString();

/** A 1.6 session: boot, Preparing, start (meterStart), two MeterValues, stop. Returns the Wh it charged. */
async function session16(serve: ServeHandle, id: string, n: number, failures: string[]): Promise<number> {
  const cli = client(serve.ocppUrl, id, 'ocpp1.6', failures);
  cli.handle('RemoteStartTransaction', async () => ({ status: 'Rejected' }));
  await cli.connect();
  await cli.call('BootNotification', { chargePointVendor: 'rpc', chargePointModel: 'M16' });
  await cli.call('StatusNotification', { connectorId: 1, status: 'Charging', errorCode: 'NoError' });
  const start = 1000 * n;
  const { transactionId } = (await cli.call('StartTransaction', { connectorId: 1, idTag: `T16-${n}`, meterStart: start, timestamp: at(0) })) as {
    transactionId: number;
  };
  for (const [i, wh] of [start + 100, start + 250].entries()) {
    await cli.call('MeterValues', {
      connectorId: 1,
      transactionId,
      meterValue: [{ timestamp: at(60 * (i + 1)), sampledValue: [{ value: String(wh), measurand: 'Energy.Active.Import.Register', unit: 'Wh' }] }],
    });
  }
  await cli.call('StopTransaction', { transactionId, meterStop: start + 300, timestamp: at(200), idTag: `T16-${n}` });
  return 300;
}

/** A 2.0.1 session: boot, Occupied, Started / Updated / Ended with energy readings. Returns the Wh it charged. */
async function session201(serve: ServeHandle, id: string, n: number, failures: string[]): Promise<number> {
  const cli = client(serve.ocppUrl, id, 'ocpp2.0.1', failures);
  cli.handle('RequestStartTransaction', async () => ({ status: 'Rejected' }));
  await cli.connect();
  await cli.call('BootNotification', { reason: 'PowerUp', chargingStation: { model: 'M201', vendorName: 'rpc' } });
  await cli.call('StatusNotification', { timestamp: at(0), connectorStatus: 'Occupied', evseId: 1, connectorId: 1 });
  const start = 2000 * n;
  const ev = (eventType: string, seqNo: number, s: number, wh: number, extra: Record<string, unknown> = {}) =>
    cli.call('TransactionEvent', {
      eventType,
      seqNo,
      timestamp: at(s),
      triggerReason: eventType === 'Updated' ? 'MeterValuePeriodic' : 'Authorized',
      transactionInfo: { transactionId: `${id}-T`, ...(eventType === 'Ended' ? { stoppedReason: 'Local' } : {}) },
      meterValue: [{ timestamp: at(s), sampledValue: [{ value: wh, measurand: 'Energy.Active.Import.Register', unitOfMeasure: { unit: 'kWh' } }] }],
      ...extra,
    });
  await ev('Started', 0, 0, start / 1000, { evse: { id: 1, connectorId: 1 }, idToken: { idToken: `T201-${n}`, type: 'ISO14443' } });
  await ev('Updated', 1, 60, (start + 150) / 1000);
  await ev('Ended', 2, 200, (start + 420) / 1000);
  return 420;
}

async function runFleet(serve: ServeHandle): Promise<void> {
  const failures: string[] = [];
  const runs: Array<Promise<number>> = [];
  for (let n = 1; n <= PER_VERSION; n++) {
    runs.push(session16(serve, `MIX16-${n}`, n, failures), session201(serve, `MIX201-${n}`, n, failures));
  }
  const charged = await Promise.all(runs);
  expect(failures).toEqual([]);
  const txs = serve.store.transactions.list({ limit: 1000 }).rows.filter((t) => t.chargePointId.startsWith('MIX'));
  expect(txs).toHaveLength(2 * PER_VERSION);
  expect(txs.every((t) => t.state === 'stopped')).toBe(true);
  for (const t of txs) {
    const v201 = t.chargePointId.startsWith('MIX201');
    expect(t.protocol).toBe(v201 ? 'ocpp2.0.1' : 'ocpp1.6');
    expect(t.chargerTransactionId).toBe(v201 ? `${t.chargePointId}-T` : null);
    const samples = serve.store.meterSamples.list({ transactionId: t.id });
    expect(samples).toHaveLength(v201 ? 3 : 2);
    // the readings sent, in Wh, whatever the version's unit
    const last = samples.at(-1)!;
    expect(last.unit === 'kWh' ? Math.round(last.numericValue! * 1000) : last.numericValue).toBe(v201 ? t.meterStop : t.meterStop! - 50);
    expect(serve.store.chargePoints.get(t.chargePointId)?.protocol).toBe(t.protocol);
  }
  expect(txs.reduce((a, t) => a + (t.energyWh ?? 0), 0)).toBe(charged.reduce((a, b) => a + b, 0));
  // every frame of the fleet valid and in its charger's version, no CALLERROR answered
  for (const id of new Set(txs.map((t) => t.chargePointId))) {
    const rows = serve.store.frames.list({ chargePointId: id, limit: 100 }).rows;
    expect(rows.filter((f) => !f.valid || f.messageType === 'CALLERROR' || f.protocol !== serve.store.chargePoints.get(id)?.protocol)).toEqual([]);
  }
}

describe('a mixed 1.6 + 2.0.1 fleet', () => {
  it('in-process: every session stored consistently in the one model', async () => {
    const serve = await startServe({ memory: true, ocppPort: 0, env: {} });
    cleanups.push(() => serve.stop());
    await runFleet(serve);
  });

  it.skipIf(!amqpUp)('over RabbitMQ: the same', async () => {
    const prefix = randomPrefix();
    cleanups.push(() => deleteTopology(prefix));
    const serve = await startServe({ memory: true, ocppPort: 0, env: {}, amqp: { url: TEST_AMQP_URL, prefix } });
    cleanups.push(() => serve.stop());
    expect(serve.transport).toBe('amqp');
    await runFleet(serve);
  });
});
