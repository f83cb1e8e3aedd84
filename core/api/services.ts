/**
 * What the bench API needs from the rest of ChargeBench, as one interface. core/app/bench.ts implements it
 * over the real backend, store, edge/transport and simulator fleet; the routes only translate HTTP to these calls.
 */
import type {
  ChargerDetail, ChargerSummary, CommandResult, CountersView, FrameView, IdTagView, LogPage, LogQuery, MeterPoint, MeterSeries,
  MiddlewareChainView, OverviewView, Page, ProfileView, SettingsView, SimActionRequest, SimStopMode, SpawnJobView, SpawnRequest,
  TransactionDetailView, TransactionView, TransportView, AutoRemoteStartView,
} from './types.js';

export interface ChargerQuery {
  text?: string;
  state?: string;
  connected?: boolean;
  simulated?: boolean;
  offset: number;
  limit: number;
}

export interface TransactionQuery {
  chargePointId?: string;
  open?: boolean;
  offset: number;
  limit: number;
}

export interface MeterQuery {
  chargePointId?: string;
  connectorId?: number;
  transactionId?: number;
  from?: number;
  to?: number;
  /** At most this many points; longer ranges are downsampled (bucket averages, last energy). */
  maxPoints: number;
}

/** Events the live stream batches for the renderer. */
export type LiveEvent =
  | { kind: 'charger'; chargePointId: string }
  | { kind: 'chargerRemoved'; chargePointId: string }
  | { kind: 'frame'; frame: FrameView }
  | { kind: 'meter'; chargePointId: string; connectorId: number; transactionId: number | null; point: MeterPoint }
  | { kind: 'spawn'; job: SpawnJobView }
  | { kind: 'autoRemoteStart'; decision: AutoRemoteStartView };

export interface ApiServices {
  overview(): OverviewView;
  /** Cheap counters for the live stream (called once per flush). */
  counters(): CountersView;
  chargers: {
    list(q: ChargerQuery): Page<ChargerSummary>;
    get(id: string): ChargerDetail | null;
    /** Summaries for the given ids (live stream), skipping unknown ones. */
    summaries(ids: string[]): ChargerSummary[];
    disconnect(id: string): Promise<void>;
  };
  simulator: {
    profiles(): ProfileView[];
    spawn(req: SpawnRequest): SpawnJobView;
    jobs(): SpawnJobView[];
    /** mode: how their sessions end (default endSessions: StopTransaction, then close). */
    stop(ids: string[] | 'all', mode?: SimStopMode): Promise<number>;
    act(id: string, req: SimActionRequest): Promise<unknown>;
  };
  commands: {
    send(chargePointId: string, action: string, payload: unknown, timeoutMs?: number): Promise<CommandResult>;
  };
  messages: {
    query(q: LogQuery): LogPage;
    get(id: number): FrameView | null;
    /**
     * Matching frames oldest first, one JSON object per line: each next() returns a chunk of whole lines after a few
     * milliseconds' work (maybe empty), or null at the end.
     */
    exportNdjson(q: Omit<LogQuery, 'limit' | 'before' | 'after'>): { next(): string | null };
  };
  meters: { series(q: MeterQuery): MeterSeries };
  transactions: { list(q: TransactionQuery): Page<TransactionView>; get(id: number): TransactionDetailView | null };
  middleware: {
    list(): MiddlewareChainView[];
    /** Sets the chain's order and switches; names must be the chain's known middleware. */
    set(action: string, items: Array<{ name: string; enabled: boolean }>): Promise<MiddlewareChainView>;
    reset(action?: string): Promise<MiddlewareChainView[]>;
  };
  idTags: {
    list(): IdTagView[];
    upsert(tag: IdTagView): IdTagView;
    remove(idTag: string): boolean;
  };
  settings: {
    get(): SettingsView;
    update(patch: Record<string, unknown>): Promise<SettingsView>;
  };
  transport: { status(): TransportView };
  /** Subscribes to live events; returns the unsubscribe function. */
  subscribe(listener: (event: LiveEvent) => void): () => void;
}
