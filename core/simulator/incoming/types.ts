import type { CentralSystemAction, RequestOf, ResponseOf } from '../../ocpp/index.js';
import type { ChargerPort } from './port.js';

/** The answer to an incoming CALL, and what the charger does once the answer is on the wire. */
export interface Handled<A extends CentralSystemAction> {
  conf: ResponseOf<A>;
  after?: () => void;
}

export type Handler<A extends CentralSystemAction> = (cp: ChargerPort, req: RequestOf<A>) => Handled<A>;
export type HandlerTable = { [A in CentralSystemAction]: Handler<A> };
