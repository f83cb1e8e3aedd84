/** What AutoRemoteStart decided for one connector, and why: the backend event, the log line and the GUI's view. */
import type { RemoteStartStopStatus } from '../ocpp/v16/types.generated.js';

/** Why a RemoteStartTransaction was not sent (or a pending one was dropped). */
export type AutoRemoteStartReason =
  /** The connector already has an active transaction. */
  | 'transactionRunning'
  /** A StartTransaction for the connector arrived while the start was pending. */
  | 'transactionStarted'
  /** The charger sent Authorize (a driver presented a card); OCPP 1.6 Authorize names no connector. */
  | 'authorized'
  /** The connector reported another status (or connector 0 went Unavailable/Faulted). */
  | 'statusChanged'
  /** The charger booted again. */
  | 'rebooted'
  /** The charger disconnected or went silent. */
  | 'disconnected'
  /** The charger's BootNotification is not Accepted (OCPP 1.6 §4.2.1: no RemoteStart then). */
  | 'notRegistered'
  /** AutoRemoteStart was switched off meanwhile. */
  | 'disabled'
  /** Conformance mode: the central system sends no CALL the charger did not ask for. */
  | 'conformanceMode'
  /** Other server CALLs to this charger stayed unanswered for a whole call timeout. */
  | 'callQueueBusy'
  /** The backend stopped. */
  | 'stopped';

export interface AutoRemoteStartDecision {
  chargePointId: string;
  connectorId: number;
  /** Server time of the decision (ISO). */
  at: string;
  /**
   * pending: will decide when the delay expires; notSent: dropped, see reason; sent: RemoteStartTransaction
   * handed to the edge; answered: the charger's reply (status); failed: no reply (timeout, disconnect, CALLERROR).
   */
  outcome: 'pending' | 'notSent' | 'sent' | 'answered' | 'failed';
  reason?: AutoRemoteStartReason;
  /** The charger's answer, for outcome answered. */
  status?: RemoteStartStopStatus;
  /** The free-vend id tag sent (or that would have been). */
  idTag: string;
  /** One readable sentence, e.g. "not sent: StartTransaction arrived first (transaction 12)". */
  detail: string;
}
