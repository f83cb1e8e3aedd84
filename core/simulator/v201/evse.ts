/**
 * Per-EVSE state of a 2.0.1 station: its connectors (each with the status last reported), the EV plugged into one
 * of them, the meter (the same MeterState / Ev model as 1.6), the transaction, availability, reservation and the
 * authorization waiting for a plug. The status each connector should show follows from that state.
 */
import type { ChargingStateEnumType, ConnectorStatusEnumType, IdTokenType, OperationalStatusEnumType } from '../../ocpp/v201/index.js';
import type { Ev } from '../ev.js';
import type { MeterState } from '../meter.js';
import type { Task } from '../scheduler.js';

export interface Transaction201 {
  id: string;
  evseId: number;
  connectorId: number;
  idToken: IdTokenType | null;
  startedAt: number;
  /** Next seqNo for this transaction's TransactionEvent (0 for Started). */
  seqNo: number;
  chargingState: ChargingStateEnumType;
  remoteStartId?: number;
  reservationId?: number;
  /** Set by a power cut: the energy stopped then; Ended (PowerLoss) follows the next boot. */
  interruptedAt: number | null;
}

export interface Reservation201 {
  id: number;
  idToken: IdTokenType;
  groupIdToken?: IdTokenType;
  expiry: Task | null;
}

export interface Connector201 {
  id: number;
  /** The status now (what StatusNotification reports). */
  status: ConnectorStatusEnumType;
  /** The status last sent to the CSMS (null: never, or must be sent again). */
  reported: ConnectorStatusEnumType | null;
  changedAt: number;
  faulted: boolean;
}

export interface Evse201 {
  id: number;
  connectors: Connector201[];
  ev: Ev | null;
  /** The connector the EV is plugged into. */
  pluggedConnector: number | null;
  meter: MeterState;
  tx: Transaction201 | null;
  availability: OperationalStatusEnumType;
  /** ChangeAvailability waiting for the transaction to end. */
  scheduledAvailability: OperationalStatusEnumType | null;
  reservation: Reservation201 | null;
  /** Authorized id token waiting for the EV (EVConnectionTimeOut), with the remote start that gave it. */
  pending: {
    idToken: IdTokenType;
    remoteStartId?: number;
    timeout: Task | null;
  } | null;
  authorizing: boolean;
  sampleTask: Task | null;
}

export function newEvse(id: number, connectors: number, now: number): Evse201 {
  return {
    id,
    connectors: Array.from({ length: connectors }, (_, i) => ({
      id: i + 1,
      status: 'Available',
      reported: null,
      changedAt: now,
      faulted: false,
    })),
    ev: null,
    pluggedConnector: null,
    meter: { energyWh: 0, powerW: 0, at: now },
    tx: null,
    availability: 'Operative',
    scheduledAvailability: null,
    reservation: null,
    pending: null,
    authorizing: false,
    sampleTask: null,
  };
}

/** The status a connector shows (OCPP 2.0.1 G01): Faulted and Unavailable first, then Occupied, Reserved, Available. */
export function connectorStatus(e: Evse201, c: Connector201, stationOperative: boolean): ConnectorStatusEnumType {
  if (c.faulted) return 'Faulted';
  if (e.availability === 'Inoperative' || !stationOperative) return e.tx && e.pluggedConnector === c.id ? 'Occupied' : 'Unavailable';
  if (e.pluggedConnector === c.id || (e.tx && e.tx.connectorId === c.id)) return 'Occupied';
  // One EV per EVSE: the other connectors of an occupied EVSE are unavailable while it charges.
  if (e.pluggedConnector !== null) return 'Unavailable';
  if (e.reservation) return 'Reserved';
  return 'Available';
}

export function isFaulted(e: Evse201): boolean {
  return e.connectors.every((c) => c.faulted);
}
