/**
 * What AutoRemoteStart needs of the backend: a narrow port of BackendCore (which holds an AutoRemoteStarts), so
 * the two do not import each other.
 */
import type { Clock } from '../util/clock.js';
import type { Logger } from '../util/log.js';
import type { SettingsStore } from '../config/index.js';
import type { Store } from '../store/index.js';
import type { BackendEvents } from './events.js';
import type { PendingCalls } from './pendingCalls.js';
import type { MiddlewareChains } from './chains.js';
import type { RemoteStartTransactionRequest, RemoteStartTransactionResponse } from '../ocpp/v16/types.generated.js';
import type { RequestStartTransactionRequest, RequestStartTransactionResponse } from '../ocpp/v201/types.generated.js';

export interface AutoRemoteStartsPort {
  store: Store;
  settings: SettingsStore;
  clock: Clock;
  events: BackendEvents;
  pending: PendingCalls;
  log: Logger;
  chains: MiddlewareChains;
  sendCall(chargePointId: string, action: 'RemoteStartTransaction', payload: RemoteStartTransactionRequest): Promise<RemoteStartTransactionResponse>;
  sendVersionedCall(
    protocol: 'ocpp2.0.1',
    chargePointId: string,
    action: 'RequestStartTransaction',
    payload: RequestStartTransactionRequest,
  ): Promise<RequestStartTransactionResponse>;
  isStopped(): boolean;
}
