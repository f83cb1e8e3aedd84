/**
 * The live websocket (/api/live): one per renderer. Backend, store and simulator events are coalesced and sent
 * as one LiveBatch per flush interval, so 1,000 busy chargers cost the renderer a few messages a second:
 * - charger changes are coalesced per charger (one summary each, read at flush time);
 * - log frames are filtered per client and capped per batch (the rest counted in framesDropped);
 * - meter samples only for the charger/connector the client is looking at;
 * - job changes (core/util/jobs.ts) are coalesced per job: its latest view (a command job's with every result that changed);
 * - a client whose socket is backed up is skipped until it drains (its frames are counted as dropped);
 * - nothing a subscriber or a frame can do takes the process down: a batch that cannot be serialized whole is sent
 *   depth-bounded, and a client whose batch still fails is closed (1011) — that subscriber only.
 */
import type { WebSocket } from 'ws';
import type { ApiServices, LiveEvent } from './services.js';
import type { CommandJobResult, FrameView, LiveBatch, LiveJob, LiveSubscription } from './types.js';
import { createLogger } from '../util/log.js';
import { stringifyBounded } from '../util/boundedJson.js';

const log = createLogger('api.live');

export interface LiveStreamOptions {
  flushMs?: number;
  maxFramesPerBatch?: number;
  maxChargersPerBatch?: number;
  maxBufferedBytes?: number;
}

interface Client {
  ws: WebSocket;
  chargers: boolean;
  frames: { chargePointId?: string; action?: string } | null;
  meters: { chargePointId: string; connectorId?: number } | null;
  pendingFrames: FrameView[];
  framesDropped: number;
  pendingMeters: LiveBatch['meters'];
  autoRemoteStarts: { chargePointId?: string } | null;
  pendingAutoRemoteStarts: LiveBatch['autoRemoteStarts'];
  seq: number;
}

/** AutoRemoteStart decisions kept per client and batch (a burst beyond this is dropped: the charger page re-reads). */
const MAX_DECISIONS_PER_BATCH = 200;

export interface LiveStreamStats {
  batchesSent: number;
  eventsIn: number;
  clients: number;
}

export class LiveStream {
  private readonly clients = new Set<Client>();
  private readonly dirty = new Set<string>();
  private readonly removed = new Set<string>();
  /** Jobs that changed since the last flush (by kind and id), a command job's with every result that changed meanwhile. */
  private readonly jobs = new Map<string, { job: LiveJob; results?: Map<string, CommandJobResult> }>();
  private eventsSinceFlush = 0;
  private readonly timer: ReturnType<typeof setInterval>;
  private readonly unsubscribe: () => void;
  readonly stats: LiveStreamStats = { batchesSent: 0, eventsIn: 0, clients: 0 };
  readonly flushMs: number;
  private readonly maxFrames: number;
  private readonly maxChargers: number;
  private readonly maxBuffered: number;

  constructor(
    private readonly services: ApiServices,
    opts: LiveStreamOptions = {},
  ) {
    this.flushMs = opts.flushMs ?? 250;
    this.maxFrames = opts.maxFramesPerBatch ?? 300;
    this.maxChargers = opts.maxChargersPerBatch ?? 2000;
    this.maxBuffered = opts.maxBufferedBytes ?? 8 * 1024 * 1024;
    this.unsubscribe = services.subscribe((e) => this.onEvent(e));
    this.timer = setInterval(() => {
      try {
        this.flush();
      } catch (err) {
        log.error({ err: (err as Error).message }, 'live stream flush failed; the next flush retries');
      }
    }, this.flushMs);
    this.timer.unref?.();
  }

  attach(ws: WebSocket): void {
    const client: Client = {
      ws,
      chargers: true,
      frames: null,
      meters: null,
      pendingFrames: [],
      framesDropped: 0,
      pendingMeters: [],
      autoRemoteStarts: null,
      pendingAutoRemoteStarts: [],
      seq: 0,
    };
    this.clients.add(client);
    this.stats.clients = this.clients.size;
    ws.send(JSON.stringify({ type: 'hello', flushMs: this.flushMs, serverTime: Date.now() }));
    ws.on('message', (data) => {
      try {
        this.onClientMessage(client, String(data));
      } catch (err) {
        log.warn({ err: (err as Error).message }, 'live subscriber message could not be handled; closing that subscriber');
        ws.close(1011, 'message could not be handled');
      }
    });
    ws.on('close', () => {
      this.clients.delete(client);
      this.stats.clients = this.clients.size;
    });
    ws.on('error', (err) => log.debug({ err: err.message }, 'live socket error'));
  }

  private onClientMessage(client: Client, text: string): void {
    const ws = client.ws;
    let msg: LiveSubscription;
    try {
      msg = JSON.parse(text) as LiveSubscription;
    } catch {
      ws.send(JSON.stringify({ type: 'error', message: 'Live stream messages must be JSON' }));
      return;
    }
    if (msg?.type !== 'subscribe') {
      const t = (msg as { type?: unknown })?.type;
      ws.send(JSON.stringify({ type: 'error', message: `Unknown live message type ${typeof t === 'string' ? JSON.stringify(t.slice(0, 40)) : typeof t}` }));
      return;
    }
    if (msg.frames !== undefined) {
      client.frames = msg.frames;
      client.pendingFrames = [];
    }
    if (msg.meters !== undefined) {
      client.meters = msg.meters;
      client.pendingMeters = [];
    }
    if (msg.chargers !== undefined) client.chargers = msg.chargers;
    if (msg.autoRemoteStarts !== undefined) {
      client.autoRemoteStarts = msg.autoRemoteStarts;
      client.pendingAutoRemoteStarts = [];
    }
  }

  private onEvent(e: LiveEvent): void {
    this.eventsSinceFlush++;
    this.stats.eventsIn++;
    switch (e.kind) {
      case 'charger':
        this.dirty.add(e.chargePointId);
        this.removed.delete(e.chargePointId);
        break;
      case 'chargerRemoved':
        this.dirty.delete(e.chargePointId);
        this.removed.add(e.chargePointId);
        break;
      case 'job': {
        const key = `${e.job.kind}:${e.job.job.id}`;
        const entry = this.jobs.get(key) ?? { job: e.job };
        entry.job = e.job;
        if (e.job.kind === 'command') {
          const results = (entry.results ??= new Map());
          for (const r of e.job.job.results) results.set(r.chargePointId, r);
        }
        this.jobs.set(key, entry);
        break;
      }
      case 'frame':
        for (const c of this.clients) {
          const f = c.frames;
          if (!f) continue;
          if (f.chargePointId && f.chargePointId !== e.frame.chargePointId) continue;
          if (f.action && f.action !== e.frame.action) continue;
          if (c.pendingFrames.length >= this.maxFrames) {
            c.pendingFrames.shift();
            c.framesDropped++;
          }
          c.pendingFrames.push(e.frame);
        }
        break;
      case 'autoRemoteStart':
        for (const c of this.clients) {
          const a = c.autoRemoteStarts;
          if (!a || (a.chargePointId && a.chargePointId !== e.decision.chargePointId)) continue;
          if (c.pendingAutoRemoteStarts.length < MAX_DECISIONS_PER_BATCH) c.pendingAutoRemoteStarts.push(e.decision);
        }
        break;
      case 'meter':
        for (const c of this.clients) {
          const m = c.meters;
          if (!m || m.chargePointId !== e.chargePointId) continue;
          if (m.connectorId !== undefined && m.connectorId !== e.connectorId) continue;
          if (c.pendingMeters.length < 1000)
            c.pendingMeters.push({ chargePointId: e.chargePointId, connectorId: e.connectorId, transactionId: e.transactionId, point: e.point });
        }
        break;
    }
  }

  /** Builds and sends one batch per client. Public so tests and the bench can flush deterministically. */
  flush(): void {
    if (this.clients.size === 0) {
      this.dirty.clear();
      this.removed.clear();
      this.jobs.clear();
      this.eventsSinceFlush = 0;
      return;
    }
    let summaries: LiveBatch['chargers'] = [];
    if (this.dirty.size > 0) {
      const ids: string[] = [];
      for (const id of this.dirty) {
        ids.push(id);
        this.dirty.delete(id);
        if (ids.length >= this.maxChargers) break;
      }
      try {
        summaries = this.services.chargers.summaries(ids);
      } catch (err) {
        log.warn({ err: (err as Error).message }, 'could not read charger summaries for the live stream');
      }
    }
    const removed = [...this.removed];
    this.removed.clear();
    const jobs = [...this.jobs.values()].map(({ job, results }): LiveJob =>
      job.kind === 'command' && results ? { kind: 'command', job: { ...job.job, results: [...results.values()] } } : job,
    );
    this.jobs.clear();
    let counters;
    try {
      counters = this.services.counters();
    } catch {
      counters = { messagesPerSec: 0, messagesTotal: 0, connected: 0, transactionsRunning: 0 };
    }
    const coalesced = this.eventsSinceFlush;
    this.eventsSinceFlush = 0;
    for (const c of this.clients) {
      if (c.ws.readyState !== c.ws.OPEN) continue;
      if (c.ws.bufferedAmount > this.maxBuffered) {
        c.framesDropped += c.pendingFrames.length;
        c.pendingFrames = [];
        continue;
      }
      const batch: LiveBatch = {
        type: 'batch',
        seq: ++c.seq,
        at: Date.now(),
        chargers: c.chargers ? summaries : [],
        removed,
        frames: c.pendingFrames,
        framesDropped: c.framesDropped,
        meters: c.pendingMeters,
        jobs,
        autoRemoteStarts: c.pendingAutoRemoteStarts,
        counters,
        eventsCoalesced: coalesced,
      };
      c.pendingFrames = [];
      c.pendingMeters = [];
      c.pendingAutoRemoteStarts = [];
      c.framesDropped = 0;
      try {
        c.ws.send(stringifyBounded(batch));
        this.stats.batchesSent++;
      } catch (err) {
        log.error({ err: (err as Error).message }, 'live batch could not be sent; closing that subscriber');
        c.ws.close(1011, 'batch could not be serialized');
      }
    }
  }

  close(): void {
    clearInterval(this.timer);
    this.unsubscribe();
    for (const c of this.clients) c.ws.close(1001, 'bench stopping');
    this.clients.clear();
  }
}
