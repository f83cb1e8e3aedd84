/**
 * What AutoRemoteStart needs to know of each OCPP version (core/backend/autoRemoteStarts.ts decides the same way
 * for both): which status means "cable in, waiting" (1.6 Preparing, 2.0.1 Occupied), which transaction blocks a
 * start, how the charger's CALLs translate into what cancels or holds a pending start, and the CALL to send
 * (1.6 RemoteStartTransaction on a connector, 2.0.1 RequestStartTransaction on an EVSE with a remoteStartId).
 */
import type { Payload, ProtocolVersion } from '../ocpp/index.js';
import type { Store, TransactionRow } from '../store/index.js';
import type { AutoRemoteStartsPort } from './autoRemoteStartPort.js';
import type { MiddlewareChains } from './chains.js';

/** A committed CALL from the charger, as AutoRemoteStart reads it. */
export type Observation =
  | { kind: 'status'; connectorId: number; status: string }
  | { kind: 'authorize'; idTag: string; status: string }
  /** A transaction with an id tag on the connector (a local or remote start): nothing to start there. */
  | { kind: 'started'; connectorId: number; idTag: string; transactionId: string }
  | { kind: 'ended'; connectorId: number; idTag: string | null }
  | { kind: 'boot' };

export interface AutoRemoteStartProtocol {
  /** "Cable in, waiting for a start". */
  readonly readyStatus: string;
  /** The CALL it sends. */
  readonly startAction: string;
  /** What a connector is called in this version (for the decisions' words). */
  readonly connectorWord: string;
  /** What a start with an id tag is called. */
  readonly startedWord: string;
  enabled(chains: MiddlewareChains): boolean;
  observe(action: string, request: Payload, response: Payload): Observation[];
  /** The open transaction on this connector that makes a start pointless. */
  blockingTransaction(store: Store, chargePointId: string, connectorId: number): TransactionRow | undefined;
  /** How long an accepted Authorize counts as a local start in progress, in seconds (null: unknown). */
  connectionTimeoutS(store: Store, chargePointId: string): number | null;
  /** Sends the start; resolves with the charger's status (Accepted / Rejected). */
  send(core: AutoRemoteStartsPort, chargePointId: string, connectorId: number, idTag: string): Promise<string>;
}

const ocpp16: AutoRemoteStartProtocol = {
  readyStatus: 'Preparing',
  startAction: 'RemoteStartTransaction',
  connectorWord: 'connector',
  startedWord: 'StartTransaction',
  enabled: (chains) => chains.resolve('StatusNotification').some((d) => d.name === 'AutoRemoteStart'),
  observe(action, request, response) {
    switch (action) {
      case 'StatusNotification':
        return [{ kind: 'status', connectorId: Number(request.connectorId), status: String(request.status) }];
      case 'Authorize':
        return [{ kind: 'authorize', idTag: String(request.idTag), status: (response.idTagInfo as { status?: string } | undefined)?.status ?? 'unknown' }];
      case 'StartTransaction':
        return [{ kind: 'started', connectorId: Number(request.connectorId), idTag: String(request.idTag), transactionId: String(response.transactionId) }];
      case 'StopTransaction':
        // A card presented to stop a session is authorized too; its StopTransaction settles it.
        return request.idTag === undefined ? [] : [{ kind: 'ended', connectorId: -1, idTag: String(request.idTag) }];
      case 'BootNotification':
        return [{ kind: 'boot' }];
      default:
        return [];
    }
  },
  blockingTransaction: (store, cpId, connectorId) => store.transactions.activeOnConnector(cpId, connectorId)[0],
  connectionTimeoutS(store, cpId) {
    const v = Number(store.chargePoints.get(cpId)?.configuration?.find((k) => k.key === 'ConnectionTimeOut')?.value);
    return Number.isFinite(v) && v > 0 ? v : null;
  },
  send: (core, cpId, connectorId, idTag) => core.sendCall(cpId, 'RemoteStartTransaction', { connectorId, idTag }).then((conf) => conf.status),
};

/** remoteStartIds: unique within a run, increasing across runs (seconds since 2020, then counted up). */
let lastRemoteStartId = Math.floor((Date.now() - Date.UTC(2020, 0, 1)) / 1000);

const ocpp201: AutoRemoteStartProtocol = {
  readyStatus: 'Occupied',
  startAction: 'RequestStartTransaction',
  connectorWord: 'EVSE',
  startedWord: 'a TransactionEvent with an idToken',
  enabled: (chains) =>
    chains.resolve('ocpp2.0.1/StatusNotification').some((d) => d.name === 'AutoRemoteStart201') ||
    chains.resolve('ocpp2.0.1/TransactionEvent').some((d) => d.name === 'AutoRemoteStartOnEVConnected201'),
  observe(action, request, response) {
    switch (action) {
      case 'StatusNotification':
        return [{ kind: 'status', connectorId: Number(request.evseId), status: String(request.connectorStatus) }];
      case 'Authorize': {
        const token = request.idToken as { idToken: string };
        return [{ kind: 'authorize', idTag: token.idToken, status: (response.idTokenInfo as { status?: string } | undefined)?.status ?? 'unknown' }];
      }
      case 'TransactionEvent': {
        const evse = (request.evse as { id?: number } | undefined)?.id ?? -1;
        const token = request.idToken as { idToken: string; type: string } | undefined;
        const idTag = token && token.type !== 'NoAuthorization' ? token.idToken : null;
        const txId = String((request.transactionInfo as { transactionId: string }).transactionId);
        if (request.eventType === 'Ended') return [{ kind: 'ended', connectorId: evse, idTag }];
        return idTag ? [{ kind: 'started', connectorId: evse, idTag, transactionId: txId }] : [];
      }
      case 'BootNotification':
        return [{ kind: 'boot' }];
      default:
        return [];
    }
  },
  // A transaction started on the cable without a token is what RequestStartTransaction authorizes (F01.FR.03);
  // one with a token is a session already.
  blockingTransaction: (store, cpId, evseId) => store.transactions.activeOnConnector(cpId, evseId).find((t) => t.idTag !== ''),
  connectionTimeoutS(store, cpId) {
    const v = Number(store.deviceModel.actualValue(cpId, 'TxCtrlr', 'EVConnectionTimeOut'));
    return Number.isFinite(v) && v > 0 ? v : null;
  },
  send(core, cpId, evseId, idTag) {
    const remoteStartId = ++lastRemoteStartId;
    return core
      .sendVersionedCall('ocpp2.0.1', cpId, 'RequestStartTransaction', { evseId, remoteStartId, idToken: { idToken: idTag, type: 'Central' } })
      .then((conf) => conf.status);
  },
};

export const AUTO_REMOTE_START_PROTOCOLS: Record<ProtocolVersion, AutoRemoteStartProtocol> = { 'ocpp1.6': ocpp16, 'ocpp2.0.1': ocpp201 };
