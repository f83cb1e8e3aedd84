/**
 * The edge's side of the RabbitMQ transport.
 *
 * - Events go to the charger's durable request queue as persistent messages on a ConfirmChannel;
 *   `publish` resolves only when the broker confirmed the message (publisher confirms).
 * - Every event stays in an ordered outbox until confirmed. When the broker goes away the outbox holds new
 *   events too (bounded by maxHeldEvents) and, after reconnecting, everything unconfirmed is published again
 *   in the original order (at-least-once: the backend drops duplicates by eventId). Beyond the bound
 *   `publish` rejects with HeldEventsOverflowError, so the edge answers the charger's CALL with a CALLERROR.
 * - Commands arrive on an exclusive server-named queue bound to the edges exchange with the edgeId.
 */
import type { Channel, ChannelModel, ConfirmChannel, ConsumeMessage } from 'amqplib';
import type { EdgeCommand, EdgeEvent, EdgeTransport, TransportStatus } from '../types.js';
import { createLogger } from '../../util/log.js';
import { Connector, errText, maskUrl } from './connector.js';
import { DEFAULT_AMQP_URL, DEFAULT_PREFIX, declareEdgesExchange, declareRequestQueues, requestQueueName, shardOf, type TopologyOptions } from './topology.js';

export interface AmqpEdgeTransportOptions extends TopologyOptions {
  url?: string;
  edgeId: string;
  /** Events kept while unconfirmed or while the broker is away; beyond it publish() rejects (default 10,000). */
  maxHeldEvents?: number;
  /** How long start() tries to reach the broker before failing (default 10 s). */
  initialTimeoutMs?: number;
}

export class HeldEventsOverflowError extends Error {
  constructor(limit: number) {
    super(`RabbitMQ is unavailable and ${limit} events are already held at this edge; the event was refused`);
    this.name = 'HeldEventsOverflowError';
  }
}

interface OutboxEntry {
  event: EdgeEvent;
  body: Buffer;
  resolve(): void;
  reject(err: Error): void;
}

export class AmqpEdgeTransport implements EdgeTransport {
  readonly edgeId: string;
  private readonly url: string;
  private readonly prefix: string;
  private readonly shards: number;
  private readonly maxHeld: number;
  private readonly log;
  private readonly connector: Connector;
  private readonly outbox = new Map<number, OutboxEntry>();
  private readonly returned = new Set<string>();
  private seq = 0;
  private generation = 0;
  private pubCh: ConfirmChannel | null = null;
  private cmdCh: Channel | null = null;
  private replyQueue = '';
  private handler: ((command: EdgeCommand) => void) | null = null;
  private stopped = false;

  constructor(options: AmqpEdgeTransportOptions) {
    this.edgeId = options.edgeId;
    this.url = options.url ?? DEFAULT_AMQP_URL;
    this.prefix = options.prefix ?? DEFAULT_PREFIX;
    this.shards = options.shards ?? 1;
    this.maxHeld = options.maxHeldEvents ?? 10_000;
    this.log = createLogger('amqp-edge', { edgeId: this.edgeId });
    this.connector = new Connector({
      url: this.url,
      connectionName: `chargebench edge ${this.edgeId}`,
      log: this.log,
      initialTimeoutMs: options.initialTimeoutMs,
      setup: (model) => this.setup(model),
      onDown: () => this.onDown(),
    });
  }

  async start(handler: (command: EdgeCommand) => void): Promise<void> {
    this.handler = handler;
    await this.connector.start();
    this.log.info({ url: maskUrl(this.url), prefix: this.prefix, replyQueue: this.replyQueue }, 'edge transport connected to RabbitMQ');
  }

  publish(event: EdgeEvent): Promise<void> {
    if (this.stopped) return Promise.reject(new Error('AMQP edge transport is stopped'));
    if (this.outbox.size >= this.maxHeld) return Promise.reject(new HeldEventsOverflowError(this.maxHeld));
    return new Promise<void>((resolve, reject) => {
      const seq = ++this.seq;
      const entry: OutboxEntry = { event, body: Buffer.from(JSON.stringify(event)), resolve, reject };
      this.outbox.set(seq, entry);
      if (this.pubCh) this.send(seq, entry);
    });
  }

  status(): TransportStatus {
    const connected = this.connector.connected && this.pubCh !== null;
    return { kind: 'amqp', connected, url: maskUrl(this.url), heldFrames: this.outbox.size, detail: connected ? `reply queue ${this.replyQueue}` : 'reconnecting to RabbitMQ' };
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    // Give events still in flight (e.g. the final disconnects) a moment to be confirmed.
    const deadline = Date.now() + 2000;
    while (this.outbox.size > 0 && this.pubCh && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    this.stopped = true;
    this.generation++;
    await this.connector.stop();
    this.pubCh = null;
    for (const entry of this.outbox.values()) entry.reject(new Error('AMQP edge transport stopped before the broker confirmed the event'));
    if (this.outbox.size > 0) this.log.error({ unconfirmed: this.outbox.size }, 'edge transport stopped with unconfirmed events');
    this.outbox.clear();
  }

  private async setup(model: ChannelModel): Promise<void> {
    const pub = await model.createConfirmChannel();
    pub.on('error', (err: Error) => this.log.warn({ err: err.message }, 'publish channel error'));
    pub.on('return', (msg: ConsumeMessage) => {
      const id = msg.properties.messageId as string | undefined;
      if (id) this.returned.add(id);
    });
    await declareRequestQueues(model, this.prefix, this.shards, this.log);
    const exchange = await declareEdgesExchange(pub, this.prefix);

    const cmd = await model.createChannel();
    cmd.on('error', (err: Error) => this.log.warn({ err: err.message }, 'command channel error'));
    await cmd.prefetch(1000);
    const { queue } = await cmd.assertQueue('', { exclusive: true, autoDelete: true, durable: false });
    await cmd.bindQueue(queue, exchange, this.edgeId);
    // noAck: the queue is exclusive to this edge and dies with it, so a manual ack would add broker work but no
    // safety (an edge that dies loses its sockets too); the backend learns of undeliverable commands via returns.
    await cmd.consume(queue, (msg) => this.onCommand(msg), { noAck: true });

    this.generation++;
    this.pubCh = pub;
    this.cmdCh = cmd;
    this.replyQueue = queue;
    // Everything not confirmed before the loss (and everything held meanwhile) goes out again, in order.
    if (this.outbox.size > 0) this.log.info({ resending: this.outbox.size }, 'resending events not confirmed by RabbitMQ');
    for (const [seq, entry] of this.outbox) this.send(seq, entry);
  }

  private onDown(): void {
    this.generation++;
    this.pubCh = null;
    this.cmdCh = null;
  }

  private send(seq: number, entry: OutboxEntry): void {
    const ch = this.pubCh;
    if (!ch) return;
    const gen = this.generation;
    const { event } = entry;
    try {
      ch.publish('', requestQueueName(this.prefix, shardOf(event.chargePointId, this.shards), this.shards), entry.body, {
        persistent: true,
        mandatory: true,
        contentType: 'application/json',
        messageId: event.eventId,
        correlationId: event.eventId,
        replyTo: this.replyQueue,
        type: event.kind,
        appId: this.edgeId,
      }, (err: unknown) => {
        if (gen !== this.generation || this.outbox.get(seq) !== entry) return; // the channel died: resent after reconnect
        if (this.returned.delete(event.eventId)) {
          this.outbox.delete(seq);
          entry.reject(new Error(`RabbitMQ returned the event: request queue for ${event.chargePointId} does not exist`));
          return;
        }
        if (err) {
          // A broker nack: keep it and try again shortly (never drop).
          this.log.warn({ err: errText(err), eventId: event.eventId }, 'RabbitMQ nacked an event; retrying');
          setTimeout(() => {
            if (this.outbox.get(seq) === entry && gen === this.generation) this.send(seq, entry);
          }, 200).unref();
          return;
        }
        this.outbox.delete(seq);
        entry.resolve();
      });
    } catch (err) {
      // Channel closing under us: the entry stays in the outbox and is resent after reconnect.
      this.log.warn({ err: errText(err) }, 'publish failed; will resend after reconnect');
    }
  }

  private onCommand(msg: ConsumeMessage | null): void {
    if (!msg) return; // consumer cancelled by the broker (queue deleted); the connector re-sets up on reconnect
    try {
      const command = JSON.parse(msg.content.toString('utf8')) as EdgeCommand;
      this.handler?.(command);
    } catch (err) {
      this.log.error({ err: errText(err), body: msg.content.toString('utf8').slice(0, 200) }, 'command could not be handled');
    }
  }
}

export function createAmqpEdgeTransport(options: AmqpEdgeTransportOptions): AmqpEdgeTransport {
  return new AmqpEdgeTransport(options);
}
