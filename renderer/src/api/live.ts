/**
 * The live stream client: one websocket to /api/live, reconnecting with backoff. Batches arrive a few times a
 * second; listeners get each batch. The charger store below keeps every charger's latest summary.
 */
import type { ChargerSummary, LiveBatch, LiveSubscription } from '../../../core/api/types.js';
import { api } from './client.js';
import { session } from './session.js';

type Listener = (b: LiveBatch) => void;
export type LiveState = 'connecting' | 'open' | 'closed';

class LiveClient {
  private ws: WebSocket | null = null;
  private listeners = new Set<Listener>();
  private stateListeners = new Set<() => void>();
  private backoff = 500;
  private sub: Omit<LiveSubscription, 'type'> = { chargers: true, frames: null, meters: null };
  state: LiveState = 'closed';
  lastBatchAt = 0;
  batches = 0;

  start(): void {
    if (this.ws || !session.token) return;
    const url = `${session.apiBase.replace(/^http/, 'ws')}/api/live?token=${encodeURIComponent(session.token)}`;
    this.setState('connecting');
    const ws = new WebSocket(url);
    this.ws = ws;
    ws.onopen = () => {
      this.backoff = 500;
      this.setState('open');
      ws.send(JSON.stringify({ type: 'subscribe', ...this.sub }));
    };
    ws.onmessage = (ev) => {
      const msg = JSON.parse(String(ev.data)) as LiveBatch | { type: string };
      if (msg.type !== 'batch') return;
      this.lastBatchAt = Date.now();
      this.batches++;
      for (const l of this.listeners) l(msg as LiveBatch);
    };
    ws.onclose = () => {
      this.ws = null;
      this.setState('closed');
      setTimeout(() => this.start(), this.backoff);
      this.backoff = Math.min(this.backoff * 2, 10_000);
    };
  }

  private setState(s: LiveState): void {
    this.state = s;
    for (const l of this.stateListeners) l();
  }

  onState(l: () => void): () => void {
    this.stateListeners.add(l);
    return () => this.stateListeners.delete(l);
  }

  subscribe(patch: Omit<LiveSubscription, 'type'>): void {
    this.sub = { ...this.sub, ...patch };
    if (this.ws?.readyState === WebSocket.OPEN) this.ws.send(JSON.stringify({ type: 'subscribe', ...patch }));
  }

  on(l: Listener): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }
}

export const live = new LiveClient();

/** Every known charger's latest summary, updated from live batches; read with useSyncExternalStore. */
class ChargerStore {
  private map = new Map<string, ChargerSummary>();
  /** Ids in display order (natural sort: CP-2 before CP-10); re-sorted only when chargers appear or go. */
  private order: string[] = [];
  private sorted: ChargerSummary[] = [];
  private listeners = new Set<() => void>();
  private readonly collator = new Intl.Collator(undefined, { numeric: true });
  loaded = false;
  error: string | null = null;

  constructor() {
    live.on((b) => {
      if (b.chargers.length === 0 && b.removed.length === 0) return;
      let reorder = b.removed.length > 0;
      for (const c of b.chargers) {
        if (!this.map.has(c.id)) reorder = true;
        this.map.set(c.id, c);
      }
      for (const id of b.removed) this.map.delete(id);
      this.publish(reorder);
    });
  }

  async load(): Promise<void> {
    try {
      const all: ChargerSummary[] = [];
      for (let offset = 0; ; offset += 5000) {
        const page = await api.chargers({ offset, limit: 5000 });
        all.push(...page.items);
        if (all.length >= page.total || page.items.length === 0) break;
      }
      this.map = new Map(all.map((c) => [c.id, c]));
      this.loaded = true;
      this.error = null;
    } catch (err) {
      this.error = (err as Error).message;
    }
    this.publish(true);
  }

  private publish(reorder: boolean): void {
    if (reorder) this.order = [...this.map.keys()].sort(this.collator.compare);
    this.sorted = this.order.map((id) => this.map.get(id)).filter((c): c is ChargerSummary => c !== undefined);
    for (const l of this.listeners) l();
  }

  subscribe = (l: () => void): (() => void) => {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  };

  snapshot = (): ChargerSummary[] => this.sorted;
}

export const chargerStore = new ChargerStore();
