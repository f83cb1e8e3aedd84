/**
 * Everything a simulated charger does, as events with timestamps: frames in and out, status changes, meter
 * samples, transactions, connection and registration changes, errors. Emitters check `wants(kind)` first, so a
 * fleet nobody watches pays nothing for them.
 */
import type { ChargePointErrorCode, ConnectorStatus } from './connectorStatus.js';
import type { RegistrationStatus } from '../ocpp/v16/types.generated.js';
import type { ConnectorStatusEnumType as ConnectorStatus201 } from '../ocpp/v201/types.generated.js';

interface Base {
  chargerId: string;
  /** Charger clock time (ms since epoch). */
  at: number;
}

export type SimEvent =
  | (Base & { kind: 'frame'; dir: 'in' | 'out'; text: string })
  | (Base & { kind: 'connection'; state: 'connecting' | 'connected' | 'disconnected'; reason?: string })
  | (Base & { kind: 'registration'; status: RegistrationStatus | 'None' })
  | (Base & {
      kind: 'status';
      connectorId: number;
      status: ConnectorStatus | ConnectorStatus201;
      errorCode: ChargePointErrorCode;
      previous: ConnectorStatus | ConnectorStatus201;
      evseId?: number;
    })
  | (Base & {
      kind: 'meter';
      connectorId: number;
      transactionId: number | string | null;
      energyWh: number;
      powerW: number;
      soc: number | null;
      context: string;
    })
  | (Base & {
      kind: 'transaction';
      phase: 'started' | 'stopped';
      connectorId: number;
      transactionId: number | string | null;
      idTag: string;
      meterWh: number;
      reason?: string;
    })
  | (Base & { kind: 'error'; message: string });

export type SimEventKind = SimEvent['kind'];
export type SimEventOf<K extends SimEventKind> = Extract<SimEvent, { kind: K }>;

export interface SubscribeOptions {
  /** Only these kinds (default: all). */
  kinds?: readonly SimEventKind[];
  /** Only this charger's events. */
  chargerId?: string;
}

type Listener = (e: SimEvent) => void;
interface Sub {
  fn: Listener;
  kinds: ReadonlySet<SimEventKind> | null;
  chargerId: string | undefined;
}

export class EventBus {
  private subs: Sub[] = [];
  private perKind = new Map<SimEventKind, number>();
  private all = 0;

  /** Whether anyone listens to this kind; check before building an event. */
  wants(kind: SimEventKind): boolean {
    return this.all > 0 || (this.perKind.get(kind) ?? 0) > 0;
  }

  subscribe(fn: Listener, opts: SubscribeOptions = {}): () => void {
    const sub: Sub = { fn, kinds: opts.kinds ? new Set(opts.kinds) : null, chargerId: opts.chargerId };
    this.subs = [...this.subs, sub];
    this.count(sub, 1);
    let active = true;
    return () => {
      if (!active) return;
      active = false;
      this.subs = this.subs.filter((s) => s !== sub);
      this.count(sub, -1);
    };
  }

  emit(e: SimEvent): void {
    for (const s of this.subs) {
      if (s.kinds && !s.kinds.has(e.kind)) continue;
      if (s.chargerId !== undefined && s.chargerId !== e.chargerId) continue;
      try {
        s.fn(e);
      } catch {
        // A failing listener must not break the charger.
      }
    }
  }

  private count(sub: Sub, d: number): void {
    if (!sub.kinds) this.all += d;
    else for (const k of sub.kinds) this.perKind.set(k, (this.perKind.get(k) ?? 0) + d);
  }
}
