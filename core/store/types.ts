/** Row types the store returns (camelCase, ISO times). */
import { AuthorizationStatusValues, type AuthorizationStatus, type RegistrationStatus } from '../ocpp/v16/types.generated.js';
import type { ProtocolVersion } from '../ocpp/protocol.js';

export interface Page<T> {
  rows: T[];
  /** Total rows matching the filter (without limit/offset). */
  total: number;
}

export interface ChargePointRow {
  id: string;
  vendor: string | null;
  model: string | null;
  chargePointSerial: string | null;
  chargeBoxSerial: string | null;
  firmwareVersion: string | null;
  iccid: string | null;
  imsi: string | null;
  meterType: string | null;
  meterSerial: string | null;
  registrationStatus: RegistrationStatus | null;
  online: boolean;
  offlineReason: string | null;
  edgeId: string | null;
  connectionId: string | null;
  remoteAddress: string | null;
  subprotocol: string | null;
  /** The OCPP version of its (last) connection: negotiated, pinned, or ocpp1.6 for one that offered none. */
  protocol: ProtocolVersion;
  heartbeatInterval: number | null;
  lastIdTag: string | null;
  configuration: Array<{ key: string; readonly: boolean; value?: string }> | null;
  firstSeenAt: string;
  connectedAt: string | null;
  disconnectedAt: string | null;
  lastBootAt: string | null;
  lastHeartbeatAt: string | null;
  lastSeenAt: string | null;
  /** Status of connector 0 (the charger as a whole), when reported. */
  status: string | null;
  errorCode: string | null;
}

export interface ConnectorRow {
  chargePointId: string;
  connectorId: number;
  status: string;
  errorCode: string;
  info: string | null;
  vendorId: string | null;
  vendorErrorCode: string | null;
  statusAt: string | null;
  updatedAt: string;
}

export type IdTagStatus = AuthorizationStatus;
export const ID_TAG_STATUSES: readonly IdTagStatus[] = AuthorizationStatusValues;

export interface IdTagRow {
  idTag: string;
  status: IdTagStatus;
  expiryDate: string | null;
  parentIdTag: string | null;
  note: string | null;
  createdAt: string;
  updatedAt: string;
}

/** active | stopped | orphaned (closed by orphan cleanup) | stale (closed by the operator as stale). */
export type TransactionState = 'active' | 'stopped' | 'orphaned' | 'stale';

/** A BootNotification answer the operator chose for one charger (the registry). */
export type BootPolicyChoice = 'Accepted' | 'Pending' | 'Rejected';

export interface TransactionRow {
  id: number;
  chargePointId: string;
  connectorId: number;
  idTag: string;
  idTagStatus: IdTagStatus;
  reservationId: number | null;
  meterStart: number;
  meterStop: number | null;
  startedAt: string;
  stoppedAt: string | null;
  stopReason: string | null;
  stopIdTag: string | null;
  state: TransactionState;
  createdAt: string;
  updatedAt: string;
  /** meterStop - meterStart (Wh) once stopped. */
  energyWh: number | null;
  /**
   * Set when orphan cleanup closed it (a new StartTransaction on its connector while it was open), with cleanup's
   * provisional values. Kept when the charger's own StopTransaction arrives later and replaces them.
   */
  cleanup: TransactionCleanup | null;
  /** StopTransactions that arrived after the applied one with other data (each recorded in transaction_stops). */
  differingStops: number;
  /** Set when the operator closed it as stale; kept when the charger's own StopTransaction arrives later. */
  staleClose: { at: string; note: string | null; meterStop: number } | null;
  /** The OCPP version it was reported in. */
  protocol: ProtocolVersion;
  /** 2.0.1: the charger's own transactionId (a string); null for 1.6, whose transactionId is `id`. */
  chargerTransactionId: string | null;
  /** 2.0.1: the connector within the EVSE (`connectorId` holds the EVSE id). */
  evseConnectorId: number | null;
  /** 2.0.1: the chargingState and triggerReason of the highest seqNo seen, and that seqNo. */
  chargingState: string | null;
  lastTriggerReason: string | null;
  lastSeqNo: number | null;
  /** False while no energy reading has come (2.0.1 events may carry none): meterStart is provisional. */
  meterStartKnown: boolean;
}

export interface TransactionCleanup {
  /** Server time of the cleanup. */
  at: string;
  reason: string;
  /** The transaction whose StartTransaction closed this one. */
  byTransactionId: number | null;
  /** Cleanup's meter reading: the last sample, else meterStart. */
  meterStop: number;
  /** Cleanup's stop time: the new start's timestamp. */
  stoppedAt: string;
}

/**
 * What became of a StopTransaction: applied (it closed the transaction), afterCleanup (it replaced orphan
 * cleanup's values), afterStale (it replaced the operator's stale close), duplicate (a retry of a stop already recorded), differs (the transaction was already
 * stopped with other data: recorded, the first stop stays on the row).
 */
export type TransactionStopOutcome = 'applied' | 'afterCleanup' | 'afterStale' | 'duplicate' | 'differs';

/** One StopTransaction received for a transaction, as sent. */
export interface TransactionStopRow {
  id: number;
  transactionId: number;
  frameId: number | null;
  receivedAt: string;
  meterStop: number;
  stoppedAt: string;
  reason: string | null;
  idTag: string | null;
  transactionData: unknown;
  outcome: TransactionStopOutcome;
}

/** What became of a 2.0.1 TransactionEvent: applied (in seqNo order), late (after a higher seqNo: recorded, samples stored, state kept), duplicate (the same seqNo again: nothing stored twice). */
export type TransactionEventOutcome = 'applied' | 'late' | 'duplicate';

/** One 2.0.1 TransactionEvent received for a transaction. */
export interface TransactionEventRow {
  id: number;
  transactionId: number;
  frameId: number | null;
  seqNo: number;
  eventType: 'Started' | 'Updated' | 'Ended';
  triggerReason: string;
  timestamp: string;
  offline: boolean;
  chargingState: string | null;
  idToken: string | null;
  receivedAt: string;
  outcome: TransactionEventOutcome;
}

export interface MeterSampleRow {
  id: number;
  chargePointId: string;
  connectorId: number;
  transactionId: number | null;
  timestamp: string;
  value: string;
  numericValue: number | null;
  measurand: string;
  phase: string | null;
  unit: string;
  context: string;
  location: string;
  format: string;
  source: 'MeterValues' | 'StopTransaction' | 'TransactionEvent';
  frameId: number | null;
}

export type FrameDirection = 'in' | 'out';
export type FrameMessageType = 'CALL' | 'CALLRESULT' | 'CALLERROR';
export type OutboundCallState = 'queued' | 'sent' | 'answered' | 'error' | 'timeout' | 'failed';

export interface FrameRow {
  id: number;
  at: string;
  chargePointId: string;
  connectionId: string | null;
  direction: FrameDirection;
  messageType: FrameMessageType | null;
  action: string | null;
  messageId: string | null;
  /** On a reply: the id of the CALL frame it answers. */
  callFrameId: number | null;
  /** On a CALL: the id of the reply frame that answered it. */
  replyFrameId: number | null;
  latencyMs: number | null;
  errorCode: string | null;
  errorDescription: string | null;
  valid: boolean;
  state: OutboundCallState | null;
  /** Server CALLs: when the edge wrote it to the socket (then equal to `at`); null while queued or never sent. */
  sentAt: string | null;
  /** Server CALLs: when it was queued (sendCall). */
  queuedAt: string | null;
  eventId: string | null;
  /** The OCPP version of the connection it travelled on. */
  protocol: ProtocolVersion;
  raw: string;
}

export interface ConnectionEventRow {
  id: number;
  eventId: string | null;
  chargePointId: string;
  kind: 'connect' | 'disconnect' | 'offline';
  edgeId: string | null;
  connectionId: string | null;
  at: string;
  detail: string | null;
}
