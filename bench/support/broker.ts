/** RabbitMQ helpers shared by the benches (the broker at AMQP_URL; tests use core/transport/testing/broker.ts). */
import { connect } from 'amqplib';
import { deadLetterQueueName, edgesExchangeName, requestQueueName } from '../../core/transport/amqp/index.js';

/** Whether the broker answers; says so (and that the RabbitMQ cases are skipped) when it does not. */
export async function brokerUp(url: string): Promise<boolean> {
  try {
    const c = await connect(url);
    await c.close();
    return true;
  } catch (err) {
    console.log(`RabbitMQ not reachable at ${url} (${(err as Error).message}): skipping the RabbitMQ cases`);
    return false;
  }
}

/** Removes the request queue, dead-letter queue and edges exchange a bench run declared under `prefix`. */
export async function deleteTopology(url: string, prefix: string): Promise<void> {
  const conn = await connect(url);
  const ch = await conn.createChannel();
  await ch.deleteQueue(requestQueueName(prefix, 0, 1));
  await ch.deleteQueue(deadLetterQueueName(prefix));
  await ch.deleteExchange(edgesExchangeName(prefix));
  await conn.close();
}
