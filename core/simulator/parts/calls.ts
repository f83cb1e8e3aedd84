/** The outbox typed for OCPP 1.6: CP→CS actions with their request and response types. */
import type { ChargePointAction, Payload, RequestOf, ResponseOf } from '../../ocpp/index.js';
import type { Outbox } from './outbox.js';

export interface CallOptions<A extends ChargePointAction> {
  /** Transaction-related: queued while offline, retried per TransactionMessageAttempts. */
  transactional?: boolean;
  /** May be sent before BootNotification is Accepted (triggered messages while Pending). */
  beforeAccepted?: boolean;
  /** Called synchronously with the answer, before the next queued message is built. */
  onAnswer?: (conf: ResponseOf<A>) => void;
}

type PayloadOrBuilder<A extends ChargePointAction> = RequestOf<A> | (() => RequestOf<A> | null);

export interface Calls {
  /** Sends a CALL and resolves with the answer; rejects when it cannot be sent or fails. */
  call<A extends ChargePointAction>(action: A, payload: PayloadOrBuilder<A>, opts?: CallOptions<A>): Promise<ResponseOf<A>>;
  /** call() for the charger's own use: failures are counted, never thrown (null). */
  send<A extends ChargePointAction>(action: A, payload: PayloadOrBuilder<A>, opts?: CallOptions<A>): Promise<ResponseOf<A> | null>;
  /** Sends now, outside the one-CALL-at-a-time queue, ignoring the answer. */
  sendUnqueued<A extends ChargePointAction>(action: A, payload: RequestOf<A>): void;
}

/** The outbox typed for 1.6 (prototype methods: no per-charger closures). */
export class TypedCalls implements Calls {
  constructor(private readonly outbox: Outbox) {}

  call<A extends ChargePointAction>(action: A, payload: PayloadOrBuilder<A>, opts?: CallOptions<A>): Promise<ResponseOf<A>> {
    return this.outbox.call(action, payload as Payload | (() => Payload | null), opts as never) as Promise<never>;
  }

  send<A extends ChargePointAction>(action: A, payload: PayloadOrBuilder<A>, opts?: CallOptions<A>): Promise<ResponseOf<A> | null> {
    return this.outbox.send(action, payload as Payload | (() => Payload | null), opts as never) as Promise<never>;
  }

  sendUnqueued<A extends ChargePointAction>(action: A, payload: RequestOf<A>): void {
    this.outbox.sendUnqueued(action, payload as unknown as Payload);
  }
}
