/**
 * Several backends on one request queue (single-active-consumer): one consumes, the other takes over when it
 * stops, per-charger order holds across the hand-over, and events interrupted by a shutdown are given back
 * (not dead-lettered). Real broker; skipped with a visible message when unreachable, failing when CI=true.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { connect } from 'amqplib';
import { createAmqpBackendTransport, createAmqpEdgeTransport, deadLetterQueueName, requestQueueName, shardOf } from './index.js';
import { brokerAvailable, deleteTopology, queueDepth, randomPrefix, startTcpProxy, TEST_AMQP_URL } from '../testing/broker.js';
import type { EdgeEvent } from '../types.js';
import { waitFor } from '../../edge/testing/wsClient.js';

const up = await brokerAvailable('RabbitMQ ordering / single-active-consumer tests');

let n = 0;
const frame = (edgeId: string, cp: string, text: string): EdgeEvent => ({
  kind: 'frame',
  chargePointId: cp,
  edgeId,
  connectionId: 'c',
  eventId: `${edgeId}:${++n}`,
  at: new Date().toISOString(),
  text,
});

describe.skipIf(!up)('several backends, one queue', () => {
  const cleanups: Array<() => Promise<unknown>> = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c().catch(() => {});
  });

  it('only one backend consumes; the standby takes over in order when it stops', async () => {
    const prefix = randomPrefix();
    cleanups.push(() => deleteTopology(prefix));
    const got: Array<[string, string]> = [];
    const b1 = createAmqpBackendTransport({ url: TEST_AMQP_URL, prefix });
    const b2 = createAmqpBackendTransport({ url: TEST_AMQP_URL, prefix });
    await b1.start(async (e) => void got.push(['b1', (e as { text: string }).text]));
    await b2.start(async (e) => void got.push(['b2', (e as { text: string }).text]));
    cleanups.push(
      () => b1.stop(),
      () => b2.stop(),
    );
    const edge = createAmqpEdgeTransport({ url: TEST_AMQP_URL, prefix, edgeId: `${prefix}-e` });
    await edge.start(() => {});
    cleanups.push(() => edge.stop());
    for (let i = 0; i < 20; i++) await edge.publish(frame(edge.edgeId, 'CP', String(i)));
    await waitFor(() => got.length === 20);
    expect(new Set(got.map(([b]) => b))).toEqual(new Set(['b1']));
    await b1.stop();
    for (let i = 20; i < 40; i++) await edge.publish(frame(edge.edgeId, 'CP', String(i)));
    await waitFor(() => got.length === 40);
    expect(got.slice(20).every(([b]) => b === 'b2')).toBe(true);
    expect(got.map(([, t]) => t)).toEqual(Array.from({ length: 40 }, (_, i) => String(i)));
  });

  it('an event whose handling is cut short by shutdown goes back to the queue, not to the dead-letter queue', async () => {
    const prefix = randomPrefix();
    cleanups.push(() => deleteTopology(prefix));
    let stopped = false;
    let entered = false;
    const b = createAmqpBackendTransport({ url: TEST_AMQP_URL, prefix });
    await b.start(async () => {
      entered = true;
      await new Promise((r) => setTimeout(r, 100));
      if (stopped) throw new Error('Backend is stopped; the event was not handled');
    });
    const edge = createAmqpEdgeTransport({ url: TEST_AMQP_URL, prefix, edgeId: `${prefix}-e` });
    await edge.start(() => {});
    cleanups.push(() => edge.stop());
    await edge.publish(frame(edge.edgeId, 'CP', 'interrupted'));
    await waitFor(() => entered);
    stopped = true;
    await b.stop();
    expect(await queueDepth(deadLetterQueueName(prefix))).toBe(0);
    expect(await queueDepth(requestQueueName(prefix, shardOf('CP', 1), 1))).toBe(1);
  });

  it('an event the handler keeps failing on is retried, then kept in the dead-letter queue; later events still flow', async () => {
    const prefix = randomPrefix();
    cleanups.push(() => deleteTopology(prefix));
    const handled: string[] = [];
    let attempts = 0;
    const b = createAmqpBackendTransport({ url: TEST_AMQP_URL, prefix, maxAttempts: 3 });
    await b.start(async (e) => {
      const text = (e as { text: string }).text;
      if (text === 'poison') {
        attempts++;
        throw new Error('cannot handle this one');
      }
      handled.push(text);
    });
    cleanups.push(() => b.stop());
    const edge = createAmqpEdgeTransport({ url: TEST_AMQP_URL, prefix, edgeId: `${prefix}-e` });
    await edge.start(() => {});
    cleanups.push(() => edge.stop());
    await edge.publish(frame(edge.edgeId, 'CP', 'poison'));
    await edge.publish(frame(edge.edgeId, 'CP', 'after'));
    await waitFor(() => handled.length === 1, 5000);
    expect(attempts).toBe(3);
    expect(handled).toEqual(['after']);
    await waitFor(() => false, 300).catch(() => {});
    expect(await queueDepth(deadLetterQueueName(prefix))).toBe(1);
  });

  it('batched acks: a garbage message is dead-lettered at once, events finishing out of order are all acked (none left after a cut)', async () => {
    const prefix = randomPrefix();
    cleanups.push(() => deleteTopology(prefix));
    const proxy = await startTcpProxy();
    cleanups.push(() => proxy.close());
    const handled: string[] = [];
    const b = createAmqpBackendTransport({ url: proxy.url, prefix });
    // SLOW's events take a while, so the others finish before it and are acked behind it, not with it
    await b.start(async (e) => {
      if (e.chargePointId === 'SLOW') await new Promise((r) => setTimeout(r, 150));
      handled.push((e as { text: string }).text);
    });
    cleanups.push(() => b.stop());
    const edge = createAmqpEdgeTransport({ url: TEST_AMQP_URL, prefix, edgeId: `${prefix}-e` });
    await edge.start(() => {});
    cleanups.push(() => edge.stop());
    const conn = await connect(TEST_AMQP_URL);
    cleanups.push(() => conn.close());
    const raw = await conn.createConfirmChannel();
    const queue = requestQueueName(prefix, 0, 1);
    raw.sendToQueue(queue, Buffer.from('not an edge event'), { persistent: true });
    await raw.waitForConfirms();
    const sent: Array<Promise<void>> = [];
    for (let i = 0; i < 300; i++) sent.push(edge.publish(frame(edge.edgeId, i % 10 === 0 ? 'SLOW' : `CP-${i % 25}`, `e${i}`)));
    await Promise.all(sent);
    await waitFor(() => handled.length === 300, 15_000);
    await waitFor(() => false, 200).catch(() => {});
    // a cut link puts every delivery not yet acked back in the queue, ready: there must be none
    proxy.cut();
    await waitFor(() => false, 500).catch(() => {});
    expect(await queueDepth(queue)).toBe(0);
    expect(await queueDepth(deadLetterQueueName(prefix))).toBe(1);
    proxy.restore();
  }, 30_000);

  it('a restarted backend reaches chargers still connected to their edge through the route hint', async () => {
    const prefix = randomPrefix();
    cleanups.push(() => deleteTopology(prefix));
    const commands: unknown[] = [];
    const edge = createAmqpEdgeTransport({ url: TEST_AMQP_URL, prefix, edgeId: `${prefix}-e` });
    await edge.start((c) => void commands.push(c));
    cleanups.push(() => edge.stop());
    const seen: Record<string, { edgeId: string; connectionId: string }> = {};
    const b1 = createAmqpBackendTransport({ url: TEST_AMQP_URL, prefix });
    await b1.start(async (e) => void (seen[e.chargePointId] = { edgeId: e.edgeId, connectionId: e.connectionId }));
    await edge.publish({
      kind: 'connect',
      chargePointId: 'STAY',
      edgeId: edge.edgeId,
      connectionId: 'k',
      eventId: `${edge.edgeId}:c`,
      at: new Date().toISOString(),
      remoteAddress: '1',
      subprotocol: 'ocpp1.6',
    });
    await waitFor(() => seen.STAY !== undefined);
    await b1.stop();
    const withoutHint = createAmqpBackendTransport({ url: TEST_AMQP_URL, prefix });
    await withoutHint.start(async () => {});
    await expect(withoutHint.send({ kind: 'send', chargePointId: 'STAY', text: 'x' })).rejects.toThrow(/no edge has reported it/);
    await withoutHint.stop();
    const b2 = createAmqpBackendTransport({ url: TEST_AMQP_URL, prefix, routeHint: (id) => seen[id] });
    await b2.start(async () => {});
    cleanups.push(() => b2.stop());
    await b2.send({ kind: 'send', chargePointId: 'STAY', text: 'hello again' });
    await waitFor(() => commands.length === 1);
    expect(commands[0]).toMatchObject({ chargePointId: 'STAY', text: 'hello again' });
    // a stale hint (edge gone) fails fast
    const b3 = createAmqpBackendTransport({ url: TEST_AMQP_URL, prefix, routeHint: () => ({ edgeId: 'no-such-edge', connectionId: 'z' }) });
    await b3.start(async () => {});
    cleanups.push(() => b3.stop());
    await expect(b3.send({ kind: 'send', chargePointId: 'GHOST', text: 'x' })).rejects.toThrow(/returned/);
  });

  it('a request queue declared earlier with other arguments is used as it is (no startup failure)', async () => {
    const prefix = randomPrefix();
    cleanups.push(() => deleteTopology(prefix));
    const conn = await connect(TEST_AMQP_URL);
    const ch = await conn.createChannel();
    await ch.assertQueue(requestQueueName(prefix, 0, 1), { durable: true });
    await conn.close();
    const got: string[] = [];
    const b = createAmqpBackendTransport({ url: TEST_AMQP_URL, prefix });
    await b.start(async (e) => void got.push(e.eventId));
    cleanups.push(() => b.stop());
    const edge = createAmqpEdgeTransport({ url: TEST_AMQP_URL, prefix, edgeId: `${prefix}-e` });
    await edge.start(() => {});
    cleanups.push(() => edge.stop());
    await edge.publish(frame(edge.edgeId, 'CP', 'x'));
    await waitFor(() => got.length === 1);
  });

  it('an unreachable broker at startup fails with a message saying what to do, after the initial timeout', async () => {
    const proxy = await startTcpProxy();
    cleanups.push(() => proxy.close());
    proxy.cut();
    const edge = createAmqpEdgeTransport({ url: proxy.url, prefix: randomPrefix(), edgeId: 'never', initialTimeoutMs: 400 });
    const t0 = Date.now();
    await expect(edge.start(() => {})).rejects.toThrow(/Cannot reach RabbitMQ at amqp:\/\/guest:\*\*\*@127\.0\.0\.1:\d+.*chargebench broker start/);
    expect(Date.now() - t0).toBeLessThan(5000);
    await edge.stop();
  });

  it('sharded request queues keep each charger on one queue', async () => {
    expect(shardOf('CP-1', 4)).toBe(shardOf('CP-1', 4));
    const shards = new Set(Array.from({ length: 64 }, (_, i) => shardOf(`CP-${i}`, 4)));
    expect(shards.size).toBe(4);
    const prefix = randomPrefix();
    cleanups.push(() => deleteTopology(prefix, 4));
    const got: string[] = [];
    const b = createAmqpBackendTransport({ url: TEST_AMQP_URL, prefix, shards: 4 });
    await b.start(async (e) => void got.push(`${e.chargePointId}:${(e as { text: string }).text}`));
    cleanups.push(() => b.stop());
    const edge = createAmqpEdgeTransport({ url: TEST_AMQP_URL, prefix, shards: 4, edgeId: `${prefix}-e` });
    await edge.start(() => {});
    cleanups.push(() => edge.stop());
    const sends: Promise<void>[] = [];
    for (let i = 0; i < 10; i++) for (const cp of ['A', 'B', 'C', 'D', 'E']) sends.push(edge.publish(frame(edge.edgeId, cp, String(i))));
    await Promise.all(sends);
    await waitFor(() => got.length === 50);
    for (const cp of ['A', 'B', 'C', 'D', 'E']) {
      expect(got.filter((g) => g.startsWith(`${cp}:`)).map((g) => g.split(':')[1])).toEqual(Array.from({ length: 10 }, (_, i) => String(i)));
    }
  });
});
