/**
 * One AMQP connection that comes back: connects with `noDelay` (no Nagle: every RPC would otherwise wait
 * ~40 ms), runs `setup` (declare topology, open channels, consume) after every (re)connect, and on broker
 * loss reconnects with exponential backoff until stopped.
 */
import { connect, type Channel, type ChannelModel } from 'amqplib';
import type { Logger } from '../../util/log.js';
import { batchSocketWrites } from './batchedWrites.js';
import { redactUrl } from '../../util/redactUrl.js';

export interface ConnectorOptions {
  url: string;
  /** Shown in the RabbitMQ management UI / rabbitmqctl list_connections. */
  connectionName: string;
  log: Logger;
  setup(model: ChannelModel): Promise<void>;
  /** Called once when a live connection is lost (before reconnect attempts). */
  onDown(err: Error | undefined): void;
  /** First connect gives up after this long (default 10 s). Reconnects after a loss never give up. */
  initialTimeoutMs?: number;
  minDelayMs?: number;
  maxDelayMs?: number;
}

export class Connector {
  private model: ChannelModel | null = null;
  private stopped = false;
  private attempt = 0;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private everUp = false;
  private wake: (() => void) | null = null;

  constructor(private readonly o: ConnectorOptions) {}

  get connected(): boolean {
    return this.model !== null;
  }

  /** Resolves once connected and set up; rejects when the first connection cannot be made in time. */
  async start(): Promise<void> {
    const deadline = Date.now() + (this.o.initialTimeoutMs ?? 10_000);
    let lastErr: unknown;
    while (!this.stopped) {
      try {
        await this.connectOnce();
        this.everUp = true;
        return;
      } catch (err) {
        lastErr = err;
        if (Date.now() >= deadline) break;
        await this.sleep(this.nextDelay());
      }
    }
    if (this.stopped) throw new Error('AMQP connector stopped before it connected');
    throw new Error(
      `Cannot reach RabbitMQ at ${maskUrl(this.o.url)}: ${errText(lastErr)}. Start a broker (e.g. \`chargebench broker start\`) or pass --amqp URL`,
    );
  }

  /**
   * Drops the connection so it is set up again from scratch (a channel closed under us — a channel error — while the
   * connection stayed up: without this, that channel's consumer or publisher would be dead for good).
   */
  restart(reason: string): void {
    const m = this.model;
    if (!m || this.stopped) return;
    this.o.log.warn({ reason }, 'RabbitMQ channel lost; reconnecting');
    m.close().catch(() => {
      // already closing: its close event reconnects
    });
  }

  /**
   * Watches the channels of one setup: each closed channel is added to `closed` (its failed publishes were not
   * refused, only left unconfirmed); a channel the broker closes while the connection stays up restarts the
   * connection once `stillCurrent()` says that setup is still the live one (after a whole-connection loss it is not).
   */
  watchChannels(channels: ReadonlyArray<readonly [string, Channel]>, closed: WeakSet<Channel>, stillCurrent: () => boolean): void {
    for (const [name, ch] of channels) {
      ch.on('close', () => {
        closed.add(ch);
        // deferred: when the whole connection went, its close (onDown) has run by then
        setImmediate(() => {
          if (stillCurrent()) this.restart(`${name} channel closed by the broker`);
        });
      });
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.wake?.();
    const m = this.model;
    this.model = null;
    if (m) await m.close().catch(() => {});
  }

  private async connectOnce(): Promise<void> {
    const model = await connect(withHeartbeat(this.o.url), { noDelay: true, clientProperties: { connection_name: this.o.connectionName } });
    batchSocketWrites(model);
    let lost = false;
    const onLost = (err?: Error): void => {
      if (lost) return;
      lost = true;
      if (this.model === model) this.model = null;
      // Before the first success, start() does the retrying; afterwards reconnects are scheduled from here.
      if (this.stopped || !this.everUp) return;
      this.o.log.warn({ err: err?.message }, `RabbitMQ connection lost; reconnecting`);
      this.o.onDown(err);
      this.scheduleReconnect();
    };
    model.on('error', (err: Error) => this.o.log.warn({ err: err.message }, 'RabbitMQ connection error'));
    model.on('close', onLost);
    try {
      this.model = model;
      await this.o.setup(model);
    } catch (err) {
      lost = true;
      this.model = null;
      await model.close().catch(() => {});
      throw err;
    }
    this.attempt = 0;
    if (this.everUp) this.o.log.info({ url: maskUrl(this.o.url) }, 'RabbitMQ connection restored');
  }

  private scheduleReconnect(): void {
    if (this.stopped || this.retryTimer) return;
    const delay = this.nextDelay();
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      if (this.stopped) return;
      this.connectOnce().catch((err: unknown) => {
        this.o.log.warn({ err: errText(err), attempt: this.attempt }, 'RabbitMQ reconnect failed; retrying');
        this.scheduleReconnect();
      });
    }, delay);
  }

  private nextDelay(): number {
    const min = this.o.minDelayMs ?? 100;
    const max = this.o.maxDelayMs ?? 5000;
    const base = Math.min(max, min * 2 ** this.attempt++);
    return Math.round(base * (0.8 + Math.random() * 0.2));
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      this.wake = resolve;
      this.retryTimer = setTimeout(() => {
        this.retryTimer = null;
        resolve();
      }, ms);
    });
  }
}

/**
 * AMQP heartbeats every 15 s unless the URL sets `heartbeat`, so a broker that vanishes without closing the TCP
 * connection (network loss) is noticed in ~30 s instead of the server's default 60 s × 2.
 */
export function withHeartbeat(url: string, seconds = 15): string {
  try {
    const u = new URL(url);
    if (!u.searchParams.has('heartbeat')) u.searchParams.set('heartbeat', String(seconds));
    return u.toString();
  } catch {
    return url;
  }
}

/** The URL with its password as *** (core/util/redactUrl.ts). */
export const maskUrl = redactUrl;

export function errText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
