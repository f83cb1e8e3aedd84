/**
 * The backend's side of the RabbitMQ transport.
 *
 * - Consumes every request queue (single-active-consumer: with several backends only one consumes a queue
 *   at a time, so per-charger order holds; see topology.ts). Events of one charger are handled strictly in
 *   order; different chargers concurrently (up to `prefetch` unacked messages).
 * - A message is acked only after the handler resolved (handled and stored), at the end of that event-loop turn:
 *   what finished in delivery order with one multiple ack (deliveryAcks.ts). A failing handler is retried
 *   with backoff (the charger's later events wait); after maxAttempts the message is dead-lettered to
 *   `{prefix}.requests.dead` and logged — kept, never silently dropped.
 * - Redeliveries and edge resends are recognised by eventId (recently handled ids) and acked without
 *   handling them twice.
 * - Commands go to the edge that last reported the charger (edges exchange, routing key = edgeId) on a
 *   ConfirmChannel with `mandatory`: a returned command (edge gone) rejects with NoRouteError at once.
 *   Commands not confirmed when the broker went away are published again after reconnecting (same message id: the
 *   edge drops a copy it already handled). A reply (a `send` command) waits for the broker up to replyHoldMs —
 *   it is committed and its charger waits for it — where a server CALL gives up after sendTimeoutMs.
 * - A channel the broker closes on its own (a channel error) restarts the whole connection.
 */
import { randomUUID } from 'node:crypto';
import type { Channel, ChannelModel, ConfirmChannel, ConsumeMessage, Message } from 'amqplib';
import { NoRouteError, type BackendTransport, type EdgeCommand, type EdgeEvent, type TransportStatus } from '../types.js';
import { createLogger } from '../../util/log.js';
import { KeyedSerializer } from '../../util/serial.js';
import { Connector, errText, maskUrl } from './connector.js';
import { DEFAULT_AMQP_URL, DEFAULT_PREFIX, declareEdgesExchange, declareRequestQueues, type TopologyOptions } from './topology.js';
import { DeliveryAcks } from './deliveryAcks.js';

export interface AmqpBackendTransportOptions extends TopologyOptions {
  url?: string;
  /** Unacked events in flight per consumer channel (default 500). */
  prefetch?: number;
  /** Handler attempts before an event is dead-lettered (default 5). */
  maxAttempts?: number;
  /** How long send() of a server CALL waits for the broker to come back before failing (default 5 s). */
  sendTimeoutMs?: number;
  /** How long send() of a reply waits for the broker to come back (default 60 s: a charger's longest timeout). */
  replyHoldMs?: number;
  initialTimeoutMs?: number;
  /**
   * Where a charger was last seen when this backend has not heard of it yet (e.g. just restarted while chargers
   * stayed connected to their edges): typically the store's charge point row. A stale hint fails fast (returned).
   */
  routeHint?: (chargePointId: string) => Route | undefined;
}

export interface Route {
  edgeId: string;
  connectionId: string;
}

interface PendingCommand {
  command: EdgeCommand;
  edgeId: string;
  correlationId: string;
  body: Buffer;
  resolve(): void;
  reject(err: Error): void;
}

const HANDLED_MEMORY = 100_000;

export class AmqpBackendTransport implements BackendTransport {
  private readonly url: string;
  private readonly prefix: string;
  private readonly shards: number;
  private readonly prefetch: number;
  private readonly maxAttempts: number;
  private readonly sendTimeoutMs: number;
  private readonly replyHoldMs: number;
  private readonly routeHint: ((chargePointId: string) => Route | undefined) | undefined;
  private readonly log = createLogger('amqp-backend');
  private readonly connector: Connector;
  private readonly routes = new Map<string, Route>();
  /** One charger's events are handled (and acked) one after another, in delivery order. */
  private readonly perCharger = new KeyedSerializer();
  private readonly currentEvent = new Map<string, string>();
  private readonly handled = new Set<string>();
  private readonly pending = new Map<string, PendingCommand>();
  private readonly returned = new Map<string, string>();
  private readonly upWaiters = new Set<() => void>();
  /** Channels that closed: a publish they fail was not refused, only left unconfirmed. */
  private readonly closedChannels = new WeakSet<Channel>();
  private handler: ((event: EdgeEvent) => Promise<void>) | null = null;
  private consumeCh: Channel | null = null;
  /** The consume channel's acks (one multiple ack per turn for the events finished in delivery order). */
  private acks: DeliveryAcks | null = null;
  private pubCh: ConfirmChannel | null = null;
  private exchange = '';
  private generation = 0;
  private stopped = false;

  constructor(options: AmqpBackendTransportOptions = {}) {
    this.url = options.url ?? DEFAULT_AMQP_URL;
    this.prefix = options.prefix ?? DEFAULT_PREFIX;
    this.shards = options.shards ?? 1;
    this.prefetch = options.prefetch ?? 500;
    this.maxAttempts = options.maxAttempts ?? 5;
    this.sendTimeoutMs = options.sendTimeoutMs ?? 5000;
    this.replyHoldMs = options.replyHoldMs ?? 60_000;
    this.routeHint = options.routeHint;
    this.connector = new Connector({
      url: this.url,
      connectionName: `chargebench backend ${process.pid}`,
      log: this.log,
      initialTimeoutMs: options.initialTimeoutMs,
      setup: (model) => this.setup(model),
      onDown: () => this.onDown(),
    });
  }

  async start(handler: (event: EdgeEvent) => Promise<void>): Promise<void> {
    this.handler = handler;
    await this.connector.start();
    this.log.info({ url: maskUrl(this.url), prefix: this.prefix, shards: this.shards }, 'backend transport consuming from RabbitMQ');
  }

  async send(command: EdgeCommand): Promise<void> {
    let route = this.routes.get(command.chargePointId);
    if (!route) {
      route = this.routeHint?.(command.chargePointId);
      if (!route) throw new NoRouteError(command.chargePointId, 'no edge has reported it connected');
      this.routes.set(command.chargePointId, route);
    }
    if (!this.pubCh) await this.waitUp(command.kind === 'send' ? this.replyHoldMs : this.sendTimeoutMs);
    const messageId = randomUUID();
    return new Promise<void>((resolve, reject) => {
      const entry: PendingCommand = {
        command,
        edgeId: route.edgeId,
        correlationId: this.currentEvent.get(command.chargePointId) ?? messageId,
        body: Buffer.from(JSON.stringify(command)),
        resolve,
        reject,
      };
      this.pending.set(messageId, entry);
      this.publish(messageId, entry);
    });
  }

  status(): TransportStatus {
    const connected = this.connector.connected && this.pubCh !== null;
    return { kind: 'amqp', connected, url: maskUrl(this.url), detail: connected ? `consuming ${this.prefix}.requests` : 'reconnecting to RabbitMQ' };
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    // Stop taking new events; let those being handled finish (their acks go out on the open channel).
    const ch = this.consumeCh;
    if (ch) {
      const tags = this.consumerTags;
      await Promise.allSettled(tags.map((t) => ch.cancel(t)));
    }
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([this.perCharger.idle(), new Promise((r) => (timer = setTimeout(r, 5000)))]);
    clearTimeout(timer);
    this.acks?.flush();
    this.generation++;
    await this.connector.stop();
    for (const p of this.pending.values()) p.reject(new Error('AMQP backend transport stopped before the command was confirmed'));
    this.pending.clear();
    for (const w of this.upWaiters) w();
  }

  private consumerTags: string[] = [];

  private async setup(model: ChannelModel): Promise<void> {
    const pub = await model.createConfirmChannel();
    pub.on('error', (err: Error) => this.log.warn({ err: err.message }, 'command channel error'));
    pub.on('return', (msg: Message) => {
      const id = msg.properties.messageId as string | undefined;
      const fields = msg.fields as unknown as { replyCode?: number; replyText?: string };
      if (id) this.returned.set(id, `${fields.replyCode ?? ''} ${fields.replyText ?? 'unroutable'}`.trim());
    });
    this.exchange = await declareEdgesExchange(pub, this.prefix);
    const consume = await model.createChannel();
    consume.on('error', (err: Error) => this.log.warn({ err: err.message }, 'consume channel error'));
    const queues = await declareRequestQueues(model, this.prefix, this.shards, this.log);
    await consume.prefetch(this.prefetch);
    this.generation++;
    const gen = this.generation;
    // A channel the broker closes while the connection stays up (a channel error) would otherwise stay dead.
    this.connector.watchChannels(
      [
        ['command', pub],
        ['consume', consume],
      ],
      this.closedChannels,
      () => gen === this.generation && !this.stopped,
    );
    this.pubCh = pub;
    this.consumeCh = consume;
    this.consumerTags = [];
    const acks = new DeliveryAcks(consume);
    this.acks = acks;
    for (const q of queues) {
      const { consumerTag } = await consume.consume(q, (msg) => this.onMessage(acks, gen, msg), { noAck: false });
      this.consumerTags.push(consumerTag);
    }
    for (const w of this.upWaiters) w();
    this.upWaiters.clear();
    if (this.pending.size > 0) this.log.info({ resending: this.pending.size }, 'resending commands not confirmed by RabbitMQ');
    for (const [id, entry] of this.pending) this.publish(id, entry);
  }

  private onDown(): void {
    this.generation++;
    this.pubCh = null;
    this.consumeCh = null;
  }

  private waitUp(timeoutMs: number): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.upWaiters.delete(done);
        reject(new Error(`RabbitMQ at ${maskUrl(this.url)} has been unreachable for ${timeoutMs} ms; the command was not sent`));
      }, timeoutMs);
      const done = (): void => {
        clearTimeout(timer);
        if (this.stopped) reject(new Error('AMQP backend transport stopped'));
        else resolve();
      };
      this.upWaiters.add(done);
    });
  }

  private publish(messageId: string, entry: PendingCommand): void {
    const ch = this.pubCh;
    if (!ch) return; // resent after reconnect
    const gen = this.generation;
    try {
      ch.publish(
        this.exchange,
        entry.edgeId,
        entry.body,
        {
          mandatory: true,
          contentType: 'application/json',
          messageId,
          correlationId: entry.correlationId,
          type: entry.command.kind,
          appId: 'chargebench-backend',
        },
        (err: unknown) => {
          if (gen !== this.generation || this.pending.get(messageId) !== entry) return;
          const returnedWhy = this.returned.get(messageId);
          if (returnedWhy !== undefined) {
            this.pending.delete(messageId);
            this.returned.delete(messageId);
            const cp = entry.command.chargePointId;
            if (this.routes.get(cp)?.edgeId === entry.edgeId) this.routes.delete(cp);
            entry.reject(new NoRouteError(cp, `its edge ${entry.edgeId} is gone (RabbitMQ returned the command: ${returnedWhy})`));
            return;
          }
          if (!err) {
            this.pending.delete(messageId);
            entry.resolve();
            return;
          }
          // amqplib fails every unconfirmed publish as its channel closes, before the channel's 'close' reaches us:
          // look once that has run. A closed channel means "unconfirmed", not "refused": it stays pending and is
          // published again after the reconnect.
          setImmediate(() => {
            if (this.closedChannels.has(ch) || this.pending.get(messageId) !== entry) return;
            this.pending.delete(messageId);
            entry.reject(new Error(`RabbitMQ refused the command for ${entry.command.chargePointId}: ${errText(err)}`));
          });
        },
      );
    } catch (err) {
      this.log.warn({ err: errText(err) }, 'command publish failed; will resend after reconnect');
    }
  }

  private onMessage(acks: DeliveryAcks, gen: number, msg: ConsumeMessage | null): void {
    if (!msg) return;
    const delivery = acks.delivered(msg);
    let event: EdgeEvent;
    try {
      event = JSON.parse(msg.content.toString('utf8')) as EdgeEvent;
      if (typeof event?.chargePointId !== 'string' || typeof event.eventId !== 'string' || typeof event.kind !== 'string') {
        throw new Error('not an EdgeEvent (chargePointId, eventId, kind missing)');
      }
    } catch (err) {
      this.log.error({ err: errText(err), body: msg.content.toString('utf8').slice(0, 200) }, 'unreadable message in the request queue; dead-lettered');
      if (gen === this.generation) acks.nack(delivery, false);
      return;
    }
    const cp = event.chargePointId;
    void this.perCharger.run(cp, () =>
      this.process(event).then(
        () => {
          if (gen === this.generation) acks.ack(delivery);
          // else: the channel died; the broker redelivers and the duplicate is recognised by eventId
        },
        (err: unknown) => {
          if (gen !== this.generation) return; // channel gone: the broker redelivers it
          if (this.stopped) {
            // Shutting down (the handler refuses new work): give the event back for another consumer or the next start.
            acks.nack(delivery, true);
            return;
          }
          this.log.error(
            { err: errText(err), eventId: event.eventId, chargePointId: cp },
            `event failed ${this.maxAttempts} times; dead-lettered to ${this.prefix}.requests.dead`,
          );
          acks.nack(delivery, false);
        },
      ),
    );
  }

  private async process(event: EdgeEvent): Promise<void> {
    if (this.handled.has(event.eventId)) return;
    this.learnRoute(event);
    const handler = this.handler;
    if (!handler) throw new Error('no handler');
    for (let attempt = 1; ; attempt++) {
      this.currentEvent.set(event.chargePointId, event.eventId);
      try {
        await handler(event);
        break;
      } catch (err) {
        if (attempt >= this.maxAttempts || this.stopped) throw err;
        this.log.warn({ err: errText(err), eventId: event.eventId, attempt }, 'event handler failed; retrying');
        await new Promise((r) => setTimeout(r, Math.min(2000, 50 * 2 ** attempt)));
      } finally {
        this.currentEvent.delete(event.chargePointId);
      }
    }
    this.remember(event.eventId);
  }

  private learnRoute(event: EdgeEvent): void {
    const route = this.routes.get(event.chargePointId);
    if (event.kind === 'disconnect') {
      if (route?.connectionId === event.connectionId) this.routes.delete(event.chargePointId);
      return;
    }
    if (event.kind === 'connect' || !route) {
      if (event.connectionId) this.routes.set(event.chargePointId, { edgeId: event.edgeId, connectionId: event.connectionId });
    }
  }

  private remember(eventId: string): void {
    this.handled.add(eventId);
    if (this.handled.size > HANDLED_MEMORY) {
      const oldest = this.handled.values().next().value;
      if (oldest !== undefined) this.handled.delete(oldest);
    }
  }
}

export function createAmqpBackendTransport(options: AmqpBackendTransportOptions = {}): AmqpBackendTransport {
  return new AmqpBackendTransport(options);
}
