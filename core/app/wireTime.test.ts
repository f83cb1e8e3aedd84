/**
 * Wire time against a real websocket (and RabbitMQ when a broker runs): an independent strict OCPP client
 * (ocpp-rpc) gets a server CALL queued with a 1 s delay while it sends its own Authorize. The stored CALL's time is
 * when the edge wrote it (≈ when the client received it), it sits after the Authorize in the log, the export and a
 * replay trace read from that export, and reply time − CALL time is the stored latency.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { RPCClient } from 'ocpp-rpc';
import { startServe } from './services.js';
import { messageLogQuery } from '../store/messageLogQuery.js';
import { parseTrace } from '../replay/importTrace.js';
import { brokerAvailable, deleteTopology, randomPrefix, TEST_AMQP_URL } from '../transport/testing/broker.js';

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c().catch(() => {});
});

async function wireTimeCase(amqp?: { url: string; prefix: string }): Promise<void> {
  const serve = await startServe({ memory: true, ocppPort: 0, env: {}, ...(amqp ? { amqp } : {}) });
  cleanups.push(() => serve.stop());
  const options = { endpoint: serve.ocppUrl, identity: 'CP-WIRE', protocols: ['ocpp1.6'], strictMode: true, reconnect: false };
  const cli = new RPCClient(options as unknown as ConstructorParameters<typeof RPCClient>[0]);
  let receivedAt = 0;
  cli.handle('RemoteStartTransaction', async () => {
    receivedAt = Date.now();
    await new Promise((r) => setTimeout(r, 30));
    return { status: 'Accepted' };
  });
  await cli.connect();
  cleanups.push(() => cli.close({ force: true }));
  await cli.call('BootNotification', { chargePointVendor: 'ChargeBench', chargePointModel: 'Wire' });
  await cli.call('StatusNotification', { connectorId: 1, errorCode: 'NoError', status: 'Available' });

  const queuedAt = Date.now();
  const remote = serve.backend.sendCall('CP-WIRE', 'RemoteStartTransaction', { connectorId: 1, idTag: 'TAG-W' }, { delayMs: 1000 });
  await new Promise((r) => setTimeout(r, 300));
  await cli.call('Authorize', { idTag: 'TAG-W' });
  expect(await remote).toEqual({ status: 'Accepted' });

  const store = serve.store;
  const call = store.frames.list({ chargePointId: 'CP-WIRE', action: 'RemoteStartTransaction', messageType: 'CALL' }).rows[0]!;
  const reply = store.frames.get(call.replyFrameId!)!;
  const authorize = store.frames.list({ chargePointId: 'CP-WIRE', action: 'Authorize', messageType: 'CALL' }).rows[0]!;
  const at = Date.parse(call.at);
  // the row's time is the send time, the queued time is kept
  expect(call.sentAt).toBe(call.at);
  expect(Date.parse(call.queuedAt!)).toBeGreaterThanOrEqual(queuedAt - 5);
  expect(at - Date.parse(call.queuedAt!)).toBeGreaterThanOrEqual(990);
  // the charger got it when the edge says it wrote it (same machine, same clock)
  expect(receivedAt).toBeGreaterThanOrEqual(at - 5);
  expect(receivedAt - at).toBeLessThan(500);
  // wire order: the Authorize that came during the delay is before the CALL
  expect(authorize.id).toBeLessThan(call.id);
  expect(Date.parse(authorize.at)).toBeLessThan(at);
  // latency = reply time − CALL time
  expect(call.latencyMs).toBeGreaterThanOrEqual(30);
  expect(Date.parse(reply.at) - at).toBe(call.latencyMs);
  expect(reply.latencyMs).toBe(call.latencyMs);

  const log = messageLogQuery(store.db);
  const actions = log.page({ chargePointId: 'CP-WIRE', limit: 20 }).entries.map((e) => e.action);
  expect(actions.indexOf('RemoteStartTransaction')).toBeLessThan(actions.indexOf('Authorize'));

  // the export (and a replay trace read from it) tell the same story
  const ndjson = [...log.exportLines({ chargePointId: 'CP-WIRE' })].join('\n');
  const trace = parseTrace(ndjson);
  expect(trace.problems).toEqual([]);
  const times = trace.entries.map((e) => e.at as number);
  expect(times).toEqual([...times].sort((a, b) => a - b));
  const remoteIdx = trace.entries.findIndex((e) => e.from === 'csms' && e.frame[0] === 2 && e.frame[2] === 'RemoteStartTransaction');
  const authIdx = trace.entries.findIndex((e) => e.from === 'charger' && e.frame[0] === 2 && e.frame[2] === 'Authorize');
  expect(remoteIdx).toBeGreaterThan(authIdx);
  expect(trace.entries[remoteIdx]!.at).toBe(at);
  const replyEntry = trace.entries.find((e) => e.from === 'charger' && e.frame[0] === 3 && e.frame[1] === call.messageId)!;
  expect(replyEntry.at! - trace.entries[remoteIdx]!.at!).toBe(call.latencyMs);
}

const up = await brokerAvailable('wire time over RabbitMQ');

describe('server CALL rows carry wire time (real websocket)', () => {
  it('in-process transport', async () => {
    await wireTimeCase();
  });

  it.skipIf(!up)('RabbitMQ transport', async () => {
    const prefix = randomPrefix();
    cleanups.push(() => deleteTopology(prefix));
    await wireTimeCase({ url: TEST_AMQP_URL, prefix });
  });
});
