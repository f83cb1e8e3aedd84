/**
 * RabbitMQ names and declarations shared by edges and backends.
 *
 * edge ──▶ default exchange ──▶ `{prefix}.requests[.{shard}]`  (durable, single-active-consumer, persistent messages)
 * backend ──▶ `{prefix}.edges` (direct exchange) ──routing key = edgeId──▶ the edge's command queue `{prefix}.edge.{edgeId}`
 *
 * Ordering choice: every charger's events go to ONE request queue (shard = FNV-1a(chargePointId) mod shards;
 * 1 shard by default) and every request queue has `x-single-active-consumer`, so however many backends consume,
 * exactly one handles a given queue at a time and sees its messages in publish order; the backend then handles
 * one charger's events strictly one after another. More shards spread chargers over queues (and over backends,
 * since each queue's active consumer can be a different backend) without ever splitting one charger.
 *
 * Commands route by edgeId through a direct exchange to the edge's own command queue `{prefix}.edge.{edgeId}`:
 * durable and not exclusive, so it outlives a blip of the edge's connection (replies published meanwhile wait in
 * it instead of being returned and lost) and expires a while after its edge is gone for good (x-expires).
 * A clean edge shutdown deletes it, so commands for that edge are returned at once.
 * Requests still carry `replyTo` (the edge's current queue) and commands carry `correlationId` (the event being
 * answered), following AMQP RPC conventions. Commands are published `mandatory`: an edge that is gone makes
 * the broker return the message and the caller fails fast with NoRouteError.
 */
import type { Channel, ChannelModel } from 'amqplib';
import type { Logger } from '../../util/log.js';

export const DEFAULT_AMQP_URL = 'amqp://guest:guest@localhost:5672/%2F';
export const DEFAULT_PREFIX = 'chargebench';

export interface TopologyOptions {
  /** Name prefix for queues and exchanges (lets several benches or tests share one broker). */
  prefix?: string;
  /** Number of request queues chargers are sharded over (default 1). Edges and backends must agree. */
  shards?: number;
}

export function requestQueueName(prefix: string, shard: number, shards: number): string {
  return shards <= 1 ? `${prefix}.requests` : `${prefix}.requests.${shard}`;
}

export function deadLetterQueueName(prefix: string): string {
  return `${prefix}.requests.dead`;
}

export function edgesExchangeName(prefix: string): string {
  return `${prefix}.edges`;
}

export function commandQueueName(prefix: string, edgeId: string): string {
  return `${prefix}.edge.${edgeId}`;
}

/** A command queue without a consumer this long is deleted by the broker; commands wait in it at most as long. */
export const COMMAND_QUEUE_EXPIRES_MS = 60_000;

export function commandQueueArguments(): Record<string, unknown> {
  return {
    'x-expires': COMMAND_QUEUE_EXPIRES_MS,
    // a reply or CALL older than this is useless to a charger (its own timeout is 30–60 s)
    'x-message-ttl': COMMAND_QUEUE_EXPIRES_MS,
    // two processes started with the same --edge-id: one consumes, never both
    'x-single-active-consumer': true,
  };
}

/** FNV-1a hash of the charge point id, mod shards: stable across processes and restarts. */
export function shardOf(chargePointId: string, shards: number): number {
  if (shards <= 1) return 0;
  let h = 0x811c9dc5;
  for (let i = 0; i < chargePointId.length; i++) {
    h ^= chargePointId.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) % shards;
}

/**
 * Arguments of every request queue. `x-queue-version: 2` (classic queue v2, RabbitMQ >= 3.10; the only version in 4.x)
 * delivers persistent messages to the consumer sooner than v1, which waited for the write (measured ~6 ms → ~3 ms).
 */
export function requestQueueArguments(prefix: string): Record<string, unknown> {
  return {
    'x-single-active-consumer': true,
    'x-dead-letter-exchange': '',
    'x-dead-letter-routing-key': deadLetterQueueName(prefix),
    'x-queue-version': 2,
  };
}

/**
 * Declares the request queues (and their dead-letter queue) exactly as both sides expect them. A queue that already
 * exists with other arguments (declared by an older version) is used as it is, with a warning, rather than failing.
 */
export async function declareRequestQueues(model: ChannelModel, prefix: string, shards: number, log?: Logger): Promise<string[]> {
  const open = async (): Promise<Channel> => {
    const c = await model.createChannel();
    c.on('error', () => {}); // a refused declare closes the channel; handled below
    return c;
  };
  let ch = await open();
  await ch.assertQueue(deadLetterQueueName(prefix), { durable: true });
  const names: string[] = [];
  for (let s = 0; s < Math.max(1, shards); s++) {
    const name = requestQueueName(prefix, s, shards);
    try {
      await ch.assertQueue(name, { durable: true, arguments: requestQueueArguments(prefix) });
    } catch (err) {
      if ((err as { code?: number }).code !== 406) throw err;
      log?.warn(
        { queue: name, err: (err as Error).message },
        'request queue exists with other arguments; using it as it is (delete it to get the current ones)',
      );
      ch = await open(); // the failed declare closed the channel
      await ch.checkQueue(name);
    }
    names.push(name);
  }
  await ch.close();
  return names;
}

export async function declareEdgesExchange(ch: Channel, prefix: string): Promise<string> {
  const name = edgesExchangeName(prefix);
  await ch.assertExchange(name, 'direct', { durable: true });
  return name;
}
