/**
 * The edge's side of the RabbitMQ transport.
 *
 * - Events go to the charger's durable request queue as persistent messages on a ConfirmChannel;
 *   `publish` resolves only when the broker confirmed the message (publisher confirms).
 * - Every event stays in an ordered outbox until confirmed. When the broker goes away the outbox holds new
 *   events too (bounded by maxHeldEvents) and, after reconnecting, everything unconfirmed is published again
 *   in the original order (at-least-once: the backend drops duplicates by eventId). Beyond the bound
 *   `publish` rejects with HeldEventsOverflowError, so the edge answers the charger's CALL with a CALLERROR.
 * - Commands arrive on the edge's own durable command queue (topology.ts), which outlives a blip of this
 *   connection: replies the backend publishes meanwhile wait there. They are acked after being handled, so one
 *   delivered just before a loss comes again — and is recognised by its message id and not written twice.
 * - If the command queue was gone when the edge came back (away longer than its expiry), commands may have been
 *   lost: the edge is told (onCommandsLost) and drops the chargers waiting for replies, so they reconnect and retry.
 * - A channel the broker closes on its own (a channel error) restarts the whole connection.
 */
import type { Channel, ChannelModel, ConfirmChannel, ConsumeMessage } from 'amqplib';
import type { EdgeCommand, EdgeEvent, EdgeTransport, TransportStatus } from '../types.js';
import { createLogger } from '../../util/log.js';
import { Connector, errText, maskUrl } from './connector.js';
import {
  DEFAULT_AMQP_URL,
  DEFAULT_PREFIX,
  commandQueueArguments,
  commandQueueName,
  declareEdgesExchange,
  declareRequestQueues,
  requestQueueName,
  shardOf,
  type TopologyOptions,
} from './topology.js';

/** Command message ids remembered to drop redeliveries and re-sent commands. */
const SEEN_COMMANDS = 10_000;

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
  private readonly commandsLost = new Set<() => void>();
  private readonly seenCommands = new Set<string>();
  /** Per command channel, the last command handled this turn (acked with allUpTo at the end of the turn). */
  private readonly lastHandled = new Map<Channel, ConsumeMessage>();
  private ackScheduled = false;
  /** Channels that closed: a publish they fail is unconfirmed (resent after reconnect), not nacked. */
  private readonly closedChannels = new WeakSet<Channel>();
  private setUpOnce = false;
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

  onCommandsLost(listener: () => void): void {
    this.commandsLost.add(listener);
  }

  status(): TransportStatus {
    const connected = this.connector.connected && this.pubCh !== null;
    return {
      kind: 'amqp',
      connected,
      url: maskUrl(this.url),
      heldFrames: this.outbox.size,
      detail: connected ? `reply queue ${this.replyQueue}` : 'reconnecting to RabbitMQ',
    };
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    // Give events still in flight (e.g. the final disconnects) a moment to be confirmed.
    const deadline = Date.now() + 2000;
    while (this.outbox.size > 0 && this.pubCh && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    this.stopped = true;
    this.generation++;
    // A clean stop removes the command queue: commands for this edge are returned (NoRouteError) at once.
    const ch = this.cmdCh;
    if (ch) await Promise.race([ch.deleteQueue(this.replyQueue).catch(() => {}), new Promise((r) => setTimeout(r, 1000))]);
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

    const queue = commandQueueName(this.prefix, this.edgeId);
    const lost = this.setUpOnce && !(await queueExists(model, queue));
    const cmd = await model.createChannel();
    cmd.on('error', (err: Error) => this.log.warn({ err: err.message }, 'command channel error'));
    await cmd.prefetch(1000);
    await cmd.assertQueue(queue, { durable: true, exclusive: false, autoDelete: false, arguments: commandQueueArguments() });
    await cmd.bindQueue(queue, exchange, this.edgeId);
    await cmd.consume(queue, (msg) => this.onCommand(cmd, msg), { noAck: false });
    this.generation++;
    const gen = this.generation;
    // A channel the broker closes while the connection stays up (a channel error) would otherwise stay dead.
    this.connector.watchChannels(
      [
        ['publish', pub],
        ['command', cmd],
      ],
      this.closedChannels,
      () => gen === this.generation && !this.stopped,
    );
    this.pubCh = pub;
    this.cmdCh = cmd;
    this.replyQueue = queue;
    if (lost) {
      this.log.error({ queue }, 'the command queue was gone when the edge came back: replies may be lost; dropping chargers that wait for one');
      for (const l of this.commandsLost) l();
    }
    this.setUpOnce = true;
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
      ch.publish(
        '',
        requestQueueName(this.prefix, shardOf(event.chargePointId, this.shards), this.shards),
        entry.body,
        {
          persistent: true,
          mandatory: true,
          contentType: 'application/json',
          messageId: event.eventId,
          correlationId: event.eventId,
          replyTo: this.replyQueue,
          type: event.kind,
          appId: this.edgeId,
        },
        (err: unknown) => {
          if (gen !== this.generation || this.outbox.get(seq) !== entry) return; // the channel died: resent after reconnect
          if (this.returned.delete(event.eventId)) {
            this.outbox.delete(seq);
            entry.reject(new Error(`RabbitMQ returned the event: request queue for ${event.chargePointId} does not exist`));
            return;
          }
          if (err) {
            // A broker nack: keep it and try again shortly (never drop). A closing channel fails its unconfirmed
            // publishes the same way (before its 'close' reaches us): those go out again after the reconnect.
            setImmediate(() => {
              if (this.closedChannels.has(ch) || this.outbox.get(seq) !== entry) return;
              this.log.warn({ err: errText(err), eventId: event.eventId }, 'RabbitMQ nacked an event; retrying');
              setTimeout(() => {
                if (this.outbox.get(seq) === entry && gen === this.generation) this.send(seq, entry);
              }, 200).unref();
            });
            return;
          }
          this.outbox.delete(seq);
          entry.resolve();
        },
      );
    } catch (err) {
      // Channel closing under us: the entry stays in the outbox and is resent after reconnect.
      this.log.warn({ err: errText(err) }, 'publish failed; will resend after reconnect');
    }
  }

  private onCommand(ch: Channel, msg: ConsumeMessage | null): void {
    if (!msg) return; // consumer cancelled by the broker (queue deleted); the connector re-sets up on reconnect
    const id = msg.properties.messageId as string | undefined;
    try {
      if (id && this.seenCommands.has(id)) {
        this.log.debug({ messageId: id }, 'command already handled (redelivered or re-sent); ignored');
      } else {
        const command = JSON.parse(msg.content.toString('utf8')) as EdgeCommand;
        this.handler?.(command);
        if (id) this.remember(id);
      }
    } catch (err) {
      this.log.error({ err: errText(err), body: msg.content.toString('utf8').slice(0, 200) }, 'command could not be handled');
    }
    this.ackThrough(ch, msg);
  }

  /**
   * Commands are handled synchronously, in delivery order, so once a turn of the event loop has handled some, all of
   * them up to the last are done: one `ack(last, allUpTo)` per channel and turn settles them all, instead of an ack
   * frame (and a broker round of work) per command. The ack waits at most that turn; if the channel closes first the
   * broker delivers them again and they are recognised as handled (seenCommands).
   */
  private ackThrough(ch: Channel, msg: ConsumeMessage): void {
    this.lastHandled.set(ch, msg);
    if (this.ackScheduled) return;
    this.ackScheduled = true;
    setImmediate(() => {
      this.ackScheduled = false;
      for (const [channel, last] of this.lastHandled) {
        try {
          channel.ack(last, true);
        } catch {
          // the channel closed meanwhile: the broker delivers the commands again and they are recognised as handled
        }
      }
      this.lastHandled.clear();
    });
  }

  private remember(id: string): void {
    this.seenCommands.add(id);
    if (this.seenCommands.size > SEEN_COMMANDS) {
      const oldest = this.seenCommands.values().next().value;
      if (oldest !== undefined) this.seenCommands.delete(oldest);
    }
  }
}

/** Whether a queue exists (a passive declare on a throwaway channel: a 404 closes that channel only). */
async function queueExists(model: ChannelModel, queue: string): Promise<boolean> {
  const ch = await model.createChannel();
  ch.on('error', () => {});
  try {
    await ch.checkQueue(queue);
    await ch.close().catch(() => {});
    return true;
  } catch (err) {
    if ((err as { code?: number }).code === 404) return false;
    throw err;
  }
}

export function createAmqpEdgeTransport(options: AmqpEdgeTransportOptions): AmqpEdgeTransport {
  return new AmqpEdgeTransport(options);
}
