/**
 * Test helpers for the real RabbitMQ broker: reachability probe (skip visibly, or fail under CI=true),
 * random name prefixes, topology cleanup, and a loopback TCP proxy a test can cut to simulate broker loss
 * without stopping the shared broker.
 */
import { connect } from 'amqplib';
import { createServer, connect as tcpConnect, type Server, type Socket } from 'node:net';
import { randomBytes } from 'node:crypto';
import { deadLetterQueueName, edgesExchangeName, requestQueueName } from '../amqp/topology.js';

export const TEST_AMQP_URL = process.env.CHARGEBENCH_TEST_AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672';

/** True when the broker answers; logs a visible skip message otherwise, and throws when CI=true. */
export async function brokerAvailable(suite: string): Promise<boolean> {
  try {
    const conn = await Promise.race([
      connect(TEST_AMQP_URL),
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout after 3 s')), 3000)),
    ]);
    await conn.close();
    return true;
  } catch (err) {
    const msg = `RabbitMQ not reachable at ${TEST_AMQP_URL} (${(err as Error).message})`;
    if (process.env.CI === 'true') throw new Error(`${msg}: CI=true requires the broker for "${suite}"`, { cause: err });
    console.warn(`\n*** SKIPPING ${suite}: ${msg}. Start one with \`chargebench broker start\` or docker run rabbitmq:4 ***\n`);
    return false;
  }
}

export function randomPrefix(): string {
  return `cbtest-${randomBytes(5).toString('hex')}`;
}

/** Deletes the queues and exchange a test created under `prefix`. */
export async function deleteTopology(prefix: string, shards = 1): Promise<void> {
  const conn = await connect(TEST_AMQP_URL);
  try {
    const ch = await conn.createChannel();
    for (let s = 0; s < Math.max(1, shards); s++) await ch.deleteQueue(requestQueueName(prefix, s, shards));
    await ch.deleteQueue(deadLetterQueueName(prefix));
    await ch.deleteExchange(edgesExchangeName(prefix));
    await ch.close();
  } finally {
    await conn.close();
  }
}

/** Messages waiting in a queue. */
export async function queueDepth(queue: string): Promise<number> {
  const conn = await connect(TEST_AMQP_URL);
  try {
    const ch = await conn.createChannel();
    const { messageCount } = await ch.checkQueue(queue);
    await ch.close();
    return messageCount;
  } finally {
    await conn.close();
  }
}

export interface TcpProxy {
  /** amqp URL that goes through the proxy. */
  url: string;
  /** Drops every connection and refuses new ones (the broker "goes away"). */
  cut(): void;
  /** Accepts connections again (the broker "comes back"). */
  restore(): void;
  close(): Promise<void>;
}

/** A loopback TCP proxy in front of the broker. */
export async function startTcpProxy(targetHost = '127.0.0.1', targetPort = Number(new URL(TEST_AMQP_URL).port || 5672)): Promise<TcpProxy> {
  let down = false;
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    if (down) {
      client.destroy();
      return;
    }
    const upstream = tcpConnect(targetPort, targetHost);
    sockets.add(client);
    sockets.add(upstream);
    const drop = (): void => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  const u = new URL(TEST_AMQP_URL);
  u.hostname = '127.0.0.1';
  u.port = String(port);
  return {
    url: u.toString(),
    cut() {
      down = true;
      for (const s of sockets) s.destroy();
      sockets.clear();
    },
    restore() {
      down = false;
    },
    async close() {
      down = true;
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
