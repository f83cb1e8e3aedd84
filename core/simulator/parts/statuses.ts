/**
 * Connector statuses (OCPP 1.6): legal transitions only, StatusNotification per change (kept back while offline or
 * unregistered and sent once registered again), the resting status, availability (Operative / Inoperative, and a
 * change scheduled until the session ends).
 */
import type { AvailabilityType, RequestOf } from '../../ocpp/index.js';
import type { Connector } from '../connector.js';
import { IllegalTransitionError, isLegalTransition, type ChargePointErrorCode, type ConnectorStatus } from '../connectorStatus.js';
import { quirkHook } from '../quirks/catalog.js';
import type { Calls } from './calls.js';
import type { ChargerState } from './state.js';

export class Statuses {
  constructor(
    private readonly s: ChargerState,
    private readonly calls: Calls,
  ) {}

  /** Moves a connector to a new status (legal transitions only) and reports it with StatusNotification. */
  setStatus(connectorId: number, to: ConnectorStatus, errorCode: ChargePointErrorCode = 'NoError', info?: string): void {
    const c = this.s.connector(connectorId);
    const from = c.status;
    if (from === to && c.errorCode === errorCode && c.info === info) return;
    if (from !== to && !isLegalTransition(from, to, connectorId)) throw new IllegalTransitionError(connectorId, from, to);
    c.status = to;
    c.errorCode = errorCode;
    c.info = info;
    const now = this.s.now();
    c.statusChangedAt = now;
    this.s.statusChanged(connectorId, from, to, errorCode, now);
    this.notifyStatus(c);
  }

  /** Sends the connector's current status (or remembers to once online and registered). */
  notifyStatus(c: Connector, opts: { triggered?: boolean } = {}): void {
    const s = this.s;
    if (!quirkHook(s.profile.quirks, 'statusNotification', true, { connectorId: c.id })) return;
    if (!s.isOnline || (s.registration !== 'Accepted' && !opts.triggered)) {
      c.unreported = true;
      return;
    }
    c.unreported = false;
    const req: RequestOf<'StatusNotification'> = { connectorId: c.id, errorCode: c.errorCode, status: c.status, timestamp: s.timestamp(c.statusChangedAt) };
    if (c.info) req.info = c.info;
    if (c.vendorErrorCode) req.vendorErrorCode = c.vendorErrorCode;
    void this.calls.send('StatusNotification', req, { beforeAccepted: opts.triggered ?? false });
  }

  reportUnreported(): void {
    for (const c of this.s.connectors) if (c.unreported) this.notifyStatus(c);
  }

  /** The status a connector returns to when nothing special holds it (available, plugged, inoperative). */
  restingStatus(c: Connector): ConnectorStatus {
    if (c.availability === 'Inoperative') return 'Unavailable';
    if (c.reservation && !c.ev) return 'Reserved';
    if (c.ev) return c.tx ? 'Charging' : c.status === 'Finishing' ? 'Finishing' : 'Preparing';
    return 'Available';
  }

  /** Applies a ChangeAvailability that waited for the transaction to end. */
  applyScheduledAvailability(c: Connector): void {
    if (!c.scheduledAvailability || c.tx || (c.status === 'Preparing' && c.ev)) return;
    const to = c.scheduledAvailability;
    c.scheduledAvailability = null;
    this.setAvailability(c, to);
  }

  /** Operative/Inoperative now (the caller checked there is no transaction). */
  setAvailability(c: Connector, type: AvailabilityType): void {
    c.availability = type;
    if (type === 'Inoperative') {
      if (c.status !== 'Faulted' && c.status !== 'Unavailable') this.setStatus(c.id, 'Unavailable');
    } else if (c.status === 'Unavailable') {
      this.setStatus(c.id, c.id === 0 ? 'Available' : this.restingStatus(c));
    }
  }

  /** Puts a connector (0 = the whole charge point) in Faulted with an error code; `stop` ends a running transaction first. */
  fault(
    connectorId: number,
    errorCode: ChargePointErrorCode,
    info: string | undefined,
    vendorErrorCode: string | undefined,
    stop: (c: Connector) => void,
  ): void {
    if (errorCode === 'NoError') throw new Error('a fault needs an error code other than NoError');
    const targets = connectorId === 0 ? this.s.connectors : [this.s.connector(connectorId)];
    for (const c of targets) {
      c.vendorErrorCode = vendorErrorCode;
      if (c.tx && c.tx.interruptedAt === null) stop(c);
      else this.setStatus(c.id, 'Faulted', errorCode, info);
    }
  }

  /** Clears a fault: back to Available / Preparing / Unavailable as the connector's situation says. */
  clearFault(connectorId: number): void {
    const targets = connectorId === 0 ? this.s.connectors : [this.s.connector(connectorId)];
    for (const c of targets) {
      if (c.status !== 'Faulted') continue;
      c.vendorErrorCode = undefined;
      const to =
        c.id === 0
          ? c.availability === 'Inoperative'
            ? 'Unavailable'
            : 'Available'
          : c.ev && c.status === 'Faulted'
            ? c.availability === 'Inoperative'
              ? 'Unavailable'
              : 'Preparing'
            : this.restingStatus(c);
      this.setStatus(c.id, to);
    }
  }
}
