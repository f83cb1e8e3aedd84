/**
 * What the bench API needs from the rest of ChargeBench, one part per domain. core/app/api/* implements each
 * over the real backend, store, edge and simulator fleet; the routes only translate HTTP to these calls.
 * Inputs are the contracts' validated shapes (core/api/contracts), so names agree from the wire to here.
 */
import type { Applied, BodyOf } from './contracts/contract.js';
import type { ChargerListQuery } from './contracts/chargers.js';
import type { TransactionListQuery } from './contracts/transactions.js';
import type { contracts } from './contracts/index.js';
import type { FleetSeriesView } from './contracts/overview.js';
import type {
  AutoRemoteStartView,
  BootDecision,
  ChargerDetail,
  ChargerFilter,
  ChargerSummary,
  ChargingProfileRecord,
  CommandHistoryEntry,
  CommandJobView,
  CommandResult,
  ChargerEventView,
  ConfigKeyView,
  ConfigurationView,
  CountersView,
  DeviceModelView,
  FrameView,
  HistoryChoice,
  IdTagView,
  LibraryProfile,
  LiveJob,
  LogPage,
  LogQuery,
  MeterPoint,
  MeterSeries,
  MiddlewareChainView,
  OverviewView,
  Page,
  ProfileView,
  Refusal,
  RegistryEntry,
  RemovalResult,
  ReservationState,
  ReservationView,
  SettingsPatch,
  SettingsView,
  SimActionRequest,
  SimStopMode,
  SpawnJobView,
  SpawnRequest,
  TransactionDetailView,
  TransactionView,
  TransportView,
} from './types.js';

export type ChargerQuery = Applied<typeof ChargerListQuery>;
export type TransactionQuery = Applied<typeof TransactionListQuery>;

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
  | { kind: 'job'; job: LiveJob }
  | { kind: 'autoRemoteStart'; decision: AutoRemoteStartView };

export interface ApiServices {
  overview(): OverviewView;
  /** Cheap counters for the live stream (called once per flush). */
  counters(): CountersView;
  /** The fleet series since a time (ms); optional: a bench without a sampler answers 503. */
  fleetSeries?(since: number): FleetSeriesView;
  chargers: {
    list(q: ChargerQuery): Page<ChargerSummary>;
    get(id: string): ChargerDetail | null;
    /** Summaries for the given ids (live stream), skipping unknown ones. */
    summaries(ids: string[]): ChargerSummary[];
    disconnect(id: string): Promise<void>;
  };
  registry: {
    add(entry: BodyOf<typeof contracts.registry.add>): Promise<RegistryEntry>;
    update(id: string, patch: BodyOf<typeof contracts.registry.update>): Promise<RegistryEntry>;
    /** Removes offline chargers (connected ones are skipped, with why). */
    remove(ids: string[] | 'allOffline', history: HistoryChoice): Promise<RemovalResult>;
    /** Accept / Reject: the charger's boot answer from now on; TriggerMessage(BootNotification) when asked and connected. */
    decide(
      id: string,
      decision: Exclude<BootDecision, 'Pending'>,
      trigger: boolean,
    ): Promise<{ registry: RegistryEntry; trigger: CommandResult | null; note: string }>;
    refusals(): Refusal[];
  };
  simulator: {
    profiles(): ProfileView[];
    spawn(req: SpawnRequest): Promise<SpawnJobView>;
    jobs(): SpawnJobView[];
    /** mode: how their sessions end (default endSessions: StopTransaction, then close). */
    stop(ids: string[] | 'all', mode?: SimStopMode): Promise<number>;
    act(id: string, req: SimActionRequest): Promise<unknown>;
  };
  commands: {
    send(chargePointId: string, action: string, payload: unknown, timeoutMs?: number): Promise<CommandResult>;
    history(chargePointId: string, q: { limit: number; action?: string }): CommandHistoryEntry[];
    startJob(req: {
      action: string;
      payload: Record<string, unknown>;
      chargePointIds?: string[];
      filter?: ChargerFilter;
      timeoutMs?: number;
      concurrency: number;
    }): CommandJobView;
    jobs(): CommandJobView[];
    job(id: string): CommandJobView | null;
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
  transactions: {
    list(q: TransactionQuery): Page<TransactionView>;
    get(id: number): TransactionDetailView | null;
    closeStale(id: number, note: string | null): Promise<TransactionView>;
  };
  reservations: {
    list(q: { chargePointId?: string; state?: ReservationState; offset: number; limit: number }): Page<ReservationView>;
    get(id: number): ReservationView | null;
    reserve(chargePointId: string, req: BodyOf<typeof contracts.reservations.reserve>): Promise<{ reservation: ReservationView; result: CommandResult }>;
    cancel(id: number): Promise<{ reservation: ReservationView; result: CommandResult }>;
  };
  chargingProfiles: {
    list(chargePointId: string): ChargingProfileRecord[];
    send(chargePointId: string, req: BodyOf<typeof contracts.chargingProfiles.send>): Promise<{ record: ChargingProfileRecord | null; result: CommandResult }>;
    clear(chargePointId: string, req: BodyOf<typeof contracts.chargingProfiles.clear>): Promise<{ result: CommandResult; cleared: number }>;
    library(): LibraryProfile[];
    save(name: string, description: string, profile: Record<string, unknown>): Promise<LibraryProfile>;
    remove(name: string): Promise<boolean>;
  };
  /** OCPP 2.0.1 chargers: the device model they reported, reading it (GetBaseReport), the events they reported. */
  deviceModel: {
    get(chargePointId: string): DeviceModelView;
    read(chargePointId: string, reportBase: string, timeoutMs?: number): Promise<{ requestId: number; result: CommandResult }>;
    events(chargePointId: string, kind?: ChargerEventView['kind'], limit?: number): ChargerEventView[];
  };
  configuration: {
    get(chargePointId: string): ConfigurationView;
    read(chargePointId: string, keys?: string[]): Promise<{ configuration: ConfigurationView; result: CommandResult }>;
    change(chargePointId: string, key: string, value: string): Promise<{ key: ConfigKeyView; result: CommandResult }>;
  };
  middleware: {
    list(): MiddlewareChainView[];
    /** Sets the chain's order and switches; names must be the chain's known middleware. */
    set(action: string, items: Array<{ name: string; enabled: boolean }>): Promise<MiddlewareChainView>;
    reset(action?: string): Promise<MiddlewareChainView[]>;
  };
  idTags: {
    list(): IdTagView[];
    upsert(tag: IdTagView): Promise<IdTagView>;
    remove(idTag: string): Promise<boolean>;
  };
  settings: {
    get(): SettingsView;
    update(patch: SettingsPatch): Promise<SettingsView>;
  };
  transport: { status(): TransportView };
  /** Subscribes to live events; returns the unsubscribe function. */
  subscribe(listener: (event: LiveEvent) => void): () => void;
}
