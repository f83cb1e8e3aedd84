/** The backend's typed events, for the bench API and the GUI. Emitted after the data is committed. */
import { EventEmitter } from 'node:events';
import type {
  ChargePointRow,
  ChargerEventRow,
  ChargingProfileSentRow,
  ConnectorRow,
  FrameRow,
  MeterSampleRow,
  ReservationRow,
  TransactionRow,
} from '../store/index.js';
import type { CallFailureReason } from './errors.js';
import type { AutoRemoteStartDecision } from './autoRemoteStartDecision.js';

export type ChargePointChange = 'connected' | 'disconnected' | 'offline' | 'online' | 'boot' | 'heartbeat' | 'status';

export interface BackendEventMap {
  /** A stored frame (either direction), with its CALL link and latency on replies. */
  frame: FrameRow;
  /**
   * A stored server CALL changed: it reached the wire (then it moves from its placeholder id to its place in wire
   * order: previousId ≠ frame.id) or ended without a reply (timeout / failed).
   */
  frameUpdated: { previousId: number; frame: FrameRow };
  chargePoint: { change: ChargePointChange; chargePoint: ChargePointRow };
  connector: ConnectorRow;
  transaction: { change: 'started' | 'updated' | 'stopped'; transaction: TransactionRow };
  meterValues: { chargePointId: string; connectorId: number; transactionId: number | null; samples: MeterSampleRow[] };
  /** A server CALL that got no reply (timeout, disconnect…), with the payload that was sent. */
  callFailed: { chargePointId: string; messageId: string; action: string; reason: CallFailureReason; description: string; payload?: Record<string, unknown> };
  /** AutoRemoteStart's decisions for a connector: pending, not sent (and why), sent, the charger's answer. */
  autoRemoteStart: AutoRemoteStartDecision;
  /** A reservation changed state (Reserved, Rejected, Failed, Cancelled, Expired, Used). */
  reservation: ReservationRow;
  /** A charging profile was recorded (record) or some were cleared (record null). */
  chargingProfile: { chargePointId: string; record: ChargingProfileSentRow | null };
  /** The charger's configuration as known changed (GetConfiguration stored, a ChangeConfiguration answered). */
  configuration: { chargePointId: string };
  /** OCPP 2.0.1: a charger reported an event, security event or status (NotifyEvent, SecurityEventNotification…). */
  chargerEvent: ChargerEventRow;
  /** OCPP 2.0.1: a NotifyReport part was stored in the charger's device model (`complete`: the last part, tbc false). */
  deviceModel: { chargePointId: string; requestId: number; variables: number; complete: boolean };
}

export type BackendEventName = keyof BackendEventMap;

export class BackendEvents {
  private readonly emitter = new EventEmitter();
  constructor() {
    this.emitter.setMaxListeners(100);
  }
  on<K extends BackendEventName>(name: K, listener: (payload: BackendEventMap[K]) => void): () => void {
    this.emitter.on(name, listener);
    return () => this.emitter.off(name, listener);
  }
  once<K extends BackendEventName>(name: K, listener: (payload: BackendEventMap[K]) => void): void {
    this.emitter.once(name, listener);
  }
  off<K extends BackendEventName>(name: K, listener: (payload: BackendEventMap[K]) => void): void {
    this.emitter.off(name, listener);
  }
  /** Listener exceptions are contained: a broken subscriber must not break frame handling. */
  emit<K extends BackendEventName>(name: K, payload: BackendEventMap[K]): void {
    for (const l of this.emitter.listeners(name) as Array<(p: BackendEventMap[K]) => void>) {
      try {
        l(payload);
      } catch {
        // ignored: subscribers log their own failures
      }
    }
  }
}

/** One event waiting for its DB transaction to commit. */
export type PendingEvent = { [K in BackendEventName]: { name: K; payload: BackendEventMap[K] } }[BackendEventName];
