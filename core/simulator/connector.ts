/**
 * One connector of a simulated charger: its status (with the error code), availability, the EV plugged in, the
 * energy meter, the running transaction and any reservation. Behaviour lives in the charger; this is the state.
 */
import type { AvailabilityType } from '../ocpp/index.js';
import type { Task } from './scheduler.js';
import type { ChargePointErrorCode, ConnectorStatus } from './connectorStatus.js';
import type { Ev } from './ev.js';
import type { MeterState } from './meter.js';
import type { SampledValue } from './meterSamples.js';

export interface Transaction {
  connectorId: number;
  idTag: string;
  /** Id assigned by the central system (null until StartTransaction is answered). */
  id: number | null;
  startedAt: number;
  meterStart: number;
  reservationId?: number;
  /** Transaction.Begin sample kept for StopTransaction.transactionData. */
  beginSample: { timestamp: number; sampledValue: SampledValue[] } | null;
  /** Power was cut while it ran: it is stopped with reason PowerLoss after the next boot. */
  interruptedAt: number | null;
}

export interface Reservation {
  id: number;
  idTag: string;
  parentIdTag?: string;
  expiresAt: number;
  expiry: Task | null;
}

export class Connector {
  readonly id: number;
  status: ConnectorStatus = 'Available';
  errorCode: ChargePointErrorCode = 'NoError';
  info: string | undefined;
  vendorErrorCode: string | undefined;
  /** Charger time of the last status change (ms). */
  statusChangedAt = 0;
  availability: AvailabilityType = 'Operative';
  /** Availability change waiting for the running transaction to end (ChangeAvailability → Scheduled). */
  scheduledAvailability: AvailabilityType | null = null;
  /** The status changed while offline or unregistered: report it once registered again. */
  unreported = false;
  ev: Ev | null = null;
  meter: MeterState;
  tx: Transaction | null = null;
  reservation: Reservation | null = null;
  /** Transaction that kept running unseen after a second start on this connector (doubleStartOnRemoteStart quirk). */
  shadowTx: Transaction | null = null;
  /** idTag being authorized for a local start (Authorize.req in flight): a RemoteStart now is refused. */
  authorizingIdTag: string | null = null;
  /** idTag authorized (locally or by RemoteStart) waiting for the cable. */
  pendingIdTag: string | null = null;
  pendingTimeout: Task | null = null;
  /** Periodic meter sampling while a transaction runs. */
  sampleTask: Task | null = null;

  constructor(id: number, now: number) {
    this.id = id;
    this.meter = { energyWh: 0, powerW: 0, at: now };
    this.statusChangedAt = now;
  }

  get faulted(): boolean {
    return this.status === 'Faulted';
  }
}
