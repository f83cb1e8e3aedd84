/**
 * OCPP 1.6 connector statuses and the legal transitions between them (OCPP 1.6 §4.9, "Status transitions").
 * Connector 0 (the charge point itself) only knows Available, Unavailable and Faulted.
 */
import { ChargePointErrorCodeValues, ChargePointStatusValues, type ChargePointErrorCode, type ChargePointStatus } from '../ocpp/index.js';

/** A connector's status: OCPP 1.6's ChargePointStatus. */
export type ConnectorStatus = ChargePointStatus;
export type { ChargePointErrorCode };

export const CONNECTOR_STATUSES: readonly ConnectorStatus[] = ChargePointStatusValues;

export const ERROR_CODES: readonly ChargePointErrorCode[] = ChargePointErrorCodeValues;

/** from → allowed targets (the spec's table; A1, B2... on the diagonal are not transitions). */
const LEGAL: Record<ConnectorStatus, readonly ConnectorStatus[]> = {
  Available: ['Preparing', 'Charging', 'SuspendedEV', 'SuspendedEVSE', 'Reserved', 'Unavailable', 'Faulted'],
  Preparing: ['Available', 'Charging', 'SuspendedEV', 'SuspendedEVSE', 'Finishing', 'Faulted'],
  Charging: ['Available', 'SuspendedEV', 'SuspendedEVSE', 'Finishing', 'Unavailable', 'Faulted'],
  SuspendedEV: ['Available', 'Charging', 'SuspendedEVSE', 'Finishing', 'Unavailable', 'Faulted'],
  SuspendedEVSE: ['Available', 'Charging', 'SuspendedEV', 'Finishing', 'Unavailable', 'Faulted'],
  Finishing: ['Available', 'Preparing', 'Unavailable', 'Faulted'],
  Reserved: ['Available', 'Preparing', 'Unavailable', 'Faulted'],
  Unavailable: ['Available', 'Preparing', 'Charging', 'SuspendedEV', 'SuspendedEVSE', 'Faulted'],
  Faulted: ['Available', 'Preparing', 'Charging', 'SuspendedEV', 'SuspendedEVSE', 'Finishing', 'Reserved', 'Unavailable'],
};
const CONNECTOR_ZERO: readonly ConnectorStatus[] = ['Available', 'Unavailable', 'Faulted'];

export function isLegalTransition(from: ConnectorStatus, to: ConnectorStatus, connectorId = 1): boolean {
  if (connectorId === 0) return from !== to && CONNECTOR_ZERO.includes(from) && CONNECTOR_ZERO.includes(to);
  return LEGAL[from].includes(to);
}

export class IllegalTransitionError extends Error {
  constructor(
    readonly connectorId: number,
    readonly from: ConnectorStatus,
    readonly to: ConnectorStatus,
  ) {
    super(`Connector ${connectorId}: ${from} → ${to} is not a legal OCPP 1.6 status transition`);
    this.name = 'IllegalTransitionError';
  }
}

/** Statuses in which a transaction is running on the connector. */
export function isTransactionStatus(s: ConnectorStatus): boolean {
  return s === 'Charging' || s === 'SuspendedEV' || s === 'SuspendedEVSE';
}
