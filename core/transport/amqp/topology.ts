/**
 * RabbitMQ names and declarations shared by edges and backends.
 *
 * edge ──▶ default exchange ──▶ `{prefix}.requests[.{shard}]`  (durable, single-active-consumer, persistent messages)
 * backend ──▶ `{prefix}.edges` (direct exchange) ──routing key = edgeId──▶ the edge's exclusive server-named queue
 *
 * Ordering choice: every charger's events go to ONE request queue (shard = FNV-1a(chargePointId) mod shards;
 * 1 shard by default) and every request queue has `x-single-active-consumer`, so however many backends consume,
 * exactly one handles a given queue at a time and sees its messages in publish order; the backend then handles
 * one charger's events strictly one after another. More shards spread chargers over queues (and over backends,
 * since each queue's active consumer can be a different backend) without ever splitting one charger.
 *
 * Commands route by edgeId through a direct exchange rather than to the raw replyTo queue name: a server-named
 * queue gets a new name when the edge reconnects after a broker restart, but its binding (edgeId) stays valid.
 * Requests still carry `replyTo` (the edge's current queue) and commands carry `correlationId` (the event being
 * answered), following AMQP RPC conventions. Commands are published `mandatory`: an edge that is gone makes
 * the broker return the message and the caller fails fast with NoRouteError.
 */
import type { Channel } from 'amqplib';

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

/** Declares the request queues (and their dead-letter queue) exactly as both sides expect them. */
export async function declareRequestQueues(ch: Channel, prefix: string, shards: number): Promise<string[]> {
  const dead = deadLetterQueueName(prefix);
  await ch.assertQueue(dead, { durable: true });
  const names: string[] = [];
  for (let s = 0; s < Math.max(1, shards); s++) {
    const name = requestQueueName(prefix, s, shards);
    await ch.assertQueue(name, {
      durable: true,
      arguments: { 'x-single-active-consumer': true, 'x-dead-letter-exchange': '', 'x-dead-letter-routing-key': dead },
    });
    names.push(name);
  }
  return names;
}

export async function declareEdgesExchange(ch: Channel, prefix: string): Promise<string> {
  const name = edgesExchangeName(prefix);
  await ch.assertExchange(name, 'direct', { durable: true });
  return name;
}
