/**
 * The bench API's data shapes: what the HTTP routes return and what the live stream sends.
 * Pure types; the renderer imports them with `import type` (never core at runtime).
 */
import type { ChargePointStatus } from '../ocpp/v16/types.generated.js';
import type { SeriesPoint } from '../store/meterSeriesQuery.js';
import type { TransactionCleanup, TransactionStopRow, TransactionState } from '../store/types.js';
import type { AutoRemoteStartDecision } from '../backend/autoRemoteStartDecision.js';

/** One AutoRemoteStart decision for a connector (pending, not sent and why, sent, answered). */
export type AutoRemoteStartView = AutoRemoteStartDecision;

/** The OCPP 1.6 connector statuses, from the protocol's own types. */
export type ConnectorStatus = ChargePointStatus;

/** A charger's overall state as shown in lists: Offline when not connected, else the most telling connector status. */
export type ChargerState = ConnectorStatus | 'Offline' | 'Booting' | 'Unknown';

export interface Page<T> {
  items: T[];
  total: number;
  offset: number;
  limit: number;
}

export interface ConnectorView {
  connectorId: number;
  status: string;
  errorCode: string;
  info: string | null;
  vendorErrorCode: string | null;
  updatedAt: string | null;
  transactionId: number | null;
}

export interface ChargerSummary {
  id: string;
  connected: boolean;
  state: ChargerState;
  vendor: string | null;
  model: string | null;
  firmware: string | null;
  connectors: ConnectorView[];
  lastSeenAt: string | null;
  /** Present when the charger is one of this bench's simulated chargers. */
  simulated: boolean;
  profile: string | null;
  /** Live power draw summed over connectors (W), when known; null (unknown) whenever the charger is offline. */
  powerW: number | null;
  /** When an offline charger went offline (its disconnect, or the last frame heard when it fell silent); always set by the bench. */
  offlineSince?: string | null;
}

export interface ChargerDetail extends ChargerSummary {
  serialNumber: string | null;
  iccid: string | null;
  imsi: string | null;
  meterType: string | null;
  meterSerialNumber: string | null;
  bootStatus: string | null;
  lastBootAt: string | null;
  lastHeartbeatAt: string | null;
  connectedAt: string | null;
  openTransactions: TransactionView[];
  /** AutoRemoteStart's recent decisions for this charger (newest first; since the bench started). */
  autoRemoteStarts: AutoRemoteStartView[];
  /** The simulator's view of the charger (EV plugged, faults active), when simulated. */
  sim: SimChargerView | null;
}

export interface SimConnectorView {
  connectorId: number;
  status: string;
  plugged: boolean;
  transactionId: number | null;
  powerW: number | null;
  soc: number | null;
  energyWh: number | null;
}

export interface SimChargerView {
  id: string;
  profile: string;
  state: string;
  connectors: SimConnectorView[];
  faults: string[];
}

export interface TransactionView {
  id: number;
  chargePointId: string;
  connectorId: number;
  idTag: string;
  meterStart: number;
  meterStop: number | null;
  startedAt: string;
  stoppedAt: string | null;
  stopReason: string | null;
  /** Energy delivered so far (Wh): meterStop - meterStart, or the last reading while running. */
  energyWh: number | null;
  /** active | stopped | orphaned (closed by orphan cleanup, its own StopTransaction not received). */
  state: TransactionState;
  /** Whether the transaction's charger is online now: an open transaction on an offline charger is not "running". */
  chargerOnline: boolean;
  /** For an open transaction whose charger is offline: since when ("open, charger offline since …"). */
  chargerOfflineSince: string | null;
  /** Orphan cleanup's close, kept after the charger's own StopTransaction replaced its values. */
  cleanup: TransactionCleanup | null;
  /** Later StopTransactions with other data than the applied one (each kept). */
  differingStops: number;
  /** What a reader should know about this row, in words (cleanup, late or differing stops); null when nothing. */
  note: string | null;
}

/** A transaction with every StopTransaction received for it. */
export interface TransactionDetailView extends TransactionView {
  stops: TransactionStopRow[];
}

export type MessageType = 'CALL' | 'CALLRESULT' | 'CALLERROR' | 'INVALID';
/** in = from the charger to the central system; out = from the central system to the charger. */
export type Direction = 'in' | 'out';

export interface FrameView {
  id: number;
  chargePointId: string;
  direction: Direction;
  messageType: MessageType;
  messageId: string | null;
  action: string | null;
  /** When it was on the wire: received from the charger, or written to it by the edge (server CALLs). */
  at: string;
  /** CALL/CALLRESULT payload or CALLERROR details (cut at 64 levels of nesting); the raw text of an unparseable frame. */
  payload: unknown;
  errorCode: string | null;
  errorDescription: string | null;
  // The four below are always set by the bench (optional so hand-made views in tests stay short).
  /** On a reply: the id of the CALL frame it answers. */
  callFrameId?: number | null;
  /** Server CALLs: queued | sent | answered | error | timeout | failed; null for other frames. */
  state?: string | null;
  /** Server CALLs: when it was queued for the charger (at − queuedAt = time spent in the queue). */
  queuedAt?: string | null;
  /** Server CALLs: when the edge wrote it (equals at); null while queued or when it was never sent. */
  sentAt?: string | null;
  /**
   * Live stream only: this frame replaces the one with this id (a queued CALL reached the wire and took its place
   * in wire order, or it ended without a reply). Drop the old row, show this one.
   */
  replacesId?: number;
  /** The frame's raw text when the payload does not show all of it (and always on GET /api/messages/:id), maybe truncated. */
  raw?: string;
  /** Full length of the raw text when `raw` is truncated (open the frame by id for up to 4 MiB). */
  rawLength?: number;
  /** Why the payload is not the whole frame (nested too deep, too large to expand). */
  note?: string;
}

/** One row of the message log: a CALL with its reply (latency), or a lone frame (unanswered CALL, orphan reply, invalid). */
export interface LogEntry {
  /** The row's key: the id of its first frame. */
  id: number;
  chargePointId: string;
  action: string | null;
  call: FrameView | null;
  reply: FrameView | null;
  latencyMs: number | null;
}

export interface LogQuery {
  chargePointId?: string;
  action?: string;
  direction?: Direction;
  messageType?: MessageType;
  from?: number;
  to?: number;
  text?: string;
  /** Return entries with id < before (paging backwards from the newest). */
  before?: number;
  /** Return entries with id > after (tailing). */
  after?: number;
  limit: number;
}

export interface LogPage {
  items: LogEntry[];
  /** True when there are older entries than the last returned one. */
  hasMore: boolean;
  /** Pass as `before` to get the next (older) page. */
  nextBefore: number | null;
  tookMs: number;
}

/** One meter point: epoch ms of the sample (the charger's timestamp) and the values sampled then. */
export type MeterPoint = SeriesPoint;

/** One connector's meter points. */
export interface ConnectorMeterSeries {
  connectorId: number;
  points: MeterPoint[];
  downsampled: boolean;
  rawCount: number;
}

export interface MeterSeries {
  chargePointId: string;
  /** The connector asked for, or the only one with samples; null when several connectors answered ("All connectors"). */
  connectorId: number | null;
  transactionId: number | null;
  /** One series per connector, by connector id: never merged (each EV has its own energy register and SoC). */
  series: ConnectorMeterSeries[];
  /** The points when a single connector answered (a transaction, one connector); empty when several did: read `series`. */
  points: MeterPoint[];
  downsampled: boolean;
  rawCount: number;
}

export interface MiddlewareView {
  name: string;
  description: string;
  enabled: boolean;
}

export interface MiddlewareChainView {
  action: string;
  items: MiddlewareView[];
  /** True when the chain differs from the default (order or switches). */
  customized: boolean;
}

export interface IdTagView {
  idTag: string;
  status: string;
  expiryDate: string | null;
  parentIdTag: string | null;
}

export interface SettingsView {
  heartbeatInterval: number;
  bootPolicy: string;
  strictness: string;
  unknownChargers: string;
  acceptUnknownTags: boolean;
  autoRemoteStartDelayMs: number;
  /** The free-vend id tag AutoRemoteStart sends. */
  autoRemoteStartIdTag: string;
  /** OCA conformance mode: unknown id tags Invalid, no unrequested CALLs (AutoRemoteStart sends nothing). */
  conformance: boolean;
  callTimeoutMs: number;
  amqpUrl: string | null;
  transport: string;
  dataDir: string;
  [key: string]: unknown;
}

export interface TransportView {
  kind: string;
  connected: boolean;
  url: string | null;
  queueDepth: number | null;
  heldFrames: number | null;
  detail: string | null;
  /** Where a charger connects: ws://HOST:PORT/ocpp/{chargePointId} */
  ocppUrl: string;
  lanOcppUrls: string[];
  /** False when the edge listens on loopback only: chargers on other machines cannot reach it (start with --host 0.0.0.0). */
  lanReachable: boolean;
}

export interface OverviewView {
  chargers: { total: number; connected: number; simulated: number };
  byState: Record<string, number>;
  messagesPerSec: number;
  messagesTotal: number;
  /** Open transactions on chargers that are online. */
  transactionsRunning: number;
  /** Open transactions on chargers that are offline (no StopTransaction yet; what happens there is unknown). */
  transactionsOpenOffline: number;
  energyDeliveredWh: number;
  transport: TransportView;
}

export interface ProfileView {
  name: string;
  description: string;
  vendor: string;
  model: string;
  connectors: number;
  maxPowerW: number | null;
  quirks: string[];
}

export interface SpawnRequest {
  count: number;
  profile: string;
  rampPerSec: number;
  idPrefix: string;
  autoSessions: boolean;
  /** MeterValueSampleInterval (s) for the spawned chargers; the profile's when absent. */
  meterIntervalS?: number;
}

export interface SpawnJobView {
  id: string;
  request: SpawnRequest;
  spawned: number;
  connected: number;
  failed: number;
  done: boolean;
  error: string | null;
  startedAt: string;
}

/**
 * How "stop simulated chargers" ends their sessions: endSessions (default) sends StopTransaction for each running
 * one and waits for the answers, then closes; powerCut drops the chargers without a word (their transactions stay
 * open, shown as "open, charger offline"); disconnect closes the connections cleanly without ending sessions.
 */
export type SimStopMode = 'endSessions' | 'powerCut' | 'disconnect';

export type SimActionName = 'plug' | 'unplug' | 'startSession' | 'stopSession' | 'fault' | 'clearFault' | 'reboot' | 'disconnect' | 'reconnect';

export interface SimActionRequest {
  action: SimActionName | string;
  connectorId?: number;
  idTag?: string;
  /** For faults: the fault kind (e.g. dropConnection, noAnswer, lateAnswer, malformedJson, callError, faulted, powerCut). */
  fault?: string;
  errorCode?: string;
  [key: string]: unknown;
}

export interface CommandResult {
  ok: boolean;
  action: string;
  /** The charger's CALLRESULT payload. */
  response?: unknown;
  /** CALLERROR code, timeout or routing error. */
  error?: { code: string; description: string; details?: unknown };
  latencyMs: number;
}

export interface CountersView {
  messagesPerSec: number;
  messagesTotal: number;
  connected: number;
  transactionsRunning: number;
  /** Always set by the bench (optional for fallbacks). */
  transactionsOpenOffline?: number;
}

/** One message on the live websocket. Batched: at most one per flush interval per client. */
export interface LiveBatch {
  type: 'batch';
  seq: number;
  at: number;
  /** Chargers whose state changed since the last batch (coalesced: one entry per charger). */
  chargers: ChargerSummary[];
  /** Chargers that disappeared (stopped simulated chargers that never reached the store). */
  removed: string[];
  /** New log frames matching the client's frame filter (newest last), capped per batch. */
  frames: FrameView[];
  /** Frames that matched but were not sent because the batch cap was reached (the client should re-query). */
  framesDropped: number;
  /** Meter samples for the client's meter subscription (coalesced by charger/connector/timestamp). */
  meters: Array<{ chargePointId: string; connectorId: number; transactionId: number | null; point: MeterPoint }>;
  spawnJobs: SpawnJobView[];
  /** AutoRemoteStart decisions for the client's subscription (oldest first), capped per batch. */
  autoRemoteStarts: AutoRemoteStartView[];
  counters: CountersView;
  /** Events seen by the server since the last batch (shows how much coalescing saved). */
  eventsCoalesced: number;
}

/** Messages the renderer sends on the live websocket. */
export type LiveSubscription =
  | {
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
