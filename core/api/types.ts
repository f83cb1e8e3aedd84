/**
 * The bench API's data shapes. HTTP bodies come from the route contracts (core/api/contracts: each type is its
 * JSON schema's); the live stream's messages are declared here. Pure types: import with `import type`.
 */
export type { Page } from './contracts/common.js';
export type {
  ChargerDetail,
  ChargerState,
  ChargerSummary,
  ConnectorView,
  SimChargerView,
  SimConnectorView,
  AutoRemoteStartView,
} from './contracts/chargers.js';
export type { RegistryEntry, Refusal, RemovalResult, BootDecision, HistoryChoice } from './contracts/registry.js';
export type {
  CommandResult,
  CommandHistoryEntry,
  CommandJobView,
  CommandJobResult,
  CommandJobCounts,
  CommandOutcome,
  ChargerFilter,
} from './contracts/commands.js';
export type { FrameView, LogEntry, LogPage, LogFilter, MessageType, Direction } from './contracts/messages.js';
export type { MeterPoint, MeterSeries, ConnectorMeterSeries } from './contracts/meters.js';
export type { TransactionView, TransactionDetailView, TransactionListQuery } from './contracts/transactions.js';
export type { ReservationView, ReservationState } from './contracts/reservations.js';
export type { ChargingProfileRecord, LibraryProfile } from './contracts/chargingProfiles.js';
export type { ConfigKeyView, ConfigurationView } from './contracts/configuration.js';
export type { DeviceModelView, ChargerEventView } from './contracts/deviceModel.js';
export type { MiddlewareView, MiddlewareChainView } from './contracts/middleware.js';
export type { IdTagView } from './contracts/idTags.js';
export type { SettingsView, SettingsPatch } from './contracts/settings.js';
export type { OverviewView, TransportView, CountersView, FleetPoint, FleetSeriesView } from './contracts/overview.js';
export type { ProfileView, SpawnRequest, SpawnJobView, SimStopMode, SimActionName, SimActionRequest } from './contracts/simulator.js';

import type { ChargerSummary, AutoRemoteStartView } from './contracts/chargers.js';
import type { CommandJobView } from './contracts/commands.js';
import type { FrameView } from './contracts/messages.js';
import type { MeterPoint } from './contracts/meters.js';
import type { CountersView } from './contracts/overview.js';
import type { SpawnJobView } from './contracts/simulator.js';
import type { RunJob } from './contracts/scenarios.js';
import type { BrokerJobView } from './contracts/broker.js';

/**
 * A job's change on the live stream, one shape for every kind of job (core/util/jobs.ts keeps them): the kind and
 * the job's view. A command job's carries its counts and the results that changed since the last batch.
 */
export type LiveJob =
  { kind: 'spawn'; job: SpawnJobView } | { kind: 'command'; job: CommandJobView } | { kind: 'scenario'; job: RunJob } | { kind: 'broker'; job: BrokerJobView };

/** The server-side log query: the wire filter with its times as epoch ms and `q` as `text`. */
export interface LogQuery {
  chargePointId?: string;
  action?: string;
  direction?: 'in' | 'out';
  messageType?: 'CALL' | 'CALLRESULT' | 'CALLERROR' | 'INVALID';
  from?: number;
  to?: number;
  text?: string;
  /** Return entries with id < before (paging backwards from the newest). */
  before?: number;
  /** Return entries with id > after (tailing). */
  after?: number;
  limit: number;
}

/** One message on the live websocket. Batched: at most one per flush interval per client. */
export interface LiveBatch {
  type: 'batch';
  seq: number;
  at: number;
  /** Chargers whose state changed since the last batch (coalesced: one entry per charger). */
  chargers: ChargerSummary[];
  /** Chargers that disappeared (stopped simulated chargers that never reached the store, removed chargers). */
  removed: string[];
  /** New log frames matching the client's frame filter (newest last), capped per batch. */
  frames: FrameView[];
  /** Frames that matched but were not sent because the batch cap was reached (the client should re-query). */
  framesDropped: number;
  /** Meter samples for the client's meter subscription (coalesced by charger/connector/timestamp). */
  meters: Array<{ chargePointId: string; connectorId: number; transactionId: number | null; point: MeterPoint }>;
  /** Jobs that changed since the last batch (spawns, command jobs, scenario runs, broker jobs), their latest view each. */
  jobs: LiveJob[];
  /** AutoRemoteStart decisions for the client's subscription (oldest first), capped per batch. */
  autoRemoteStarts: AutoRemoteStartView[];
  counters: CountersView;
  /** Events seen by the server since the last batch (shows how much coalescing saved). */
  eventsCoalesced: number;
}

/** Messages the renderer sends on the live websocket. */
export type LiveSubscription = {
  type: 'subscribe';
  frames?: { chargePointId?: string; action?: string } | null;
  meters?: { chargePointId: string; connectorId?: number } | null;
  chargers?: boolean;
  /** AutoRemoteStart decisions, for one charger or all ({}); null (default) for none. */
  autoRemoteStarts?: { chargePointId?: string } | null;
};

export interface LiveHello {
  type: 'hello';
  flushMs: number;
  serverTime: number;
}
