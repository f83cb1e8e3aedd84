/**
 * Is the bench server still the one this page loaded from? Polls /api/health (startedAt names the process) and
 * follows the live stream: 'gone' once neither answers for a while, 'restarted' when a different startedAt
 * answers (what the page shows came from the previous run), 'ok' otherwise. Read with useSyncExternalStore.
 */
import { call, contracts, ApiError } from './client.js';
import { live } from './live.js';
import { nextServerState, type ServerState } from './serverState.js';

export type { ServerState };

export const HEALTH_POLL_MS = 3000;

class ServerWatch {
  state: ServerState = { kind: 'ok' };
  private startedAt: string | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private listeners = new Set<() => void>();

  start(): void {
    if (this.timer) return;
    live.onState(() => {
      // the stream closing is the fastest sign: check now rather than at the next poll
      if (live.state === 'closed') void this.poll();
    });
    const tick = () => {
      void this.poll().finally(() => (this.timer = setTimeout(tick, HEALTH_POLL_MS)));
    };
    tick();
  }

  async poll(): Promise<void> {
    let next: ServerState;
    try {
      const h = await call(contracts.overview.health);
      this.startedAt ??= h.startedAt;
      next = nextServerState(this.state, this.startedAt, { ok: true, startedAt: h.startedAt }, Date.now());
    } catch (err) {
      next = nextServerState(
        this.state,
        this.startedAt,
        { ok: false, status: err instanceof ApiError ? err.status : 0, message: (err as Error).message },
        Date.now(),
      );
    }
    if (JSON.stringify(next) !== JSON.stringify(this.state)) {
      this.state = next;
      for (const l of this.listeners) l();
    }
  }

  subscribe = (l: () => void): (() => void) => {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  };
  snapshot = (): ServerState => this.state;
}

export const serverWatch = new ServerWatch();
