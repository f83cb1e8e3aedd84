/**
 * The one object per charger that wires the shared parts to it (ConnectionHost, OutboxHost, RpcHost): what is the
 * same for every version is here — socket events to the charger, frames to its Rpc, replies checked by its
 * protocol port, frames out through its Connection; each version's subclass says the rest (charger.ts `Hosts`,
 * v201/stationHosts.ts). Prototype methods only: 10,000 chargers share them, no per-charger closures.
 */
import type { Payload } from '../../ocpp/index.js';
import type { ProtocolPort } from '../protocolPort.js';
import type { Connection, ConnectionHost } from './connection.js';
import type { Outbox, OutboxHost } from './outbox.js';
import type { Rpc, RpcHost } from './rpc.js';
import type { WireState } from './wire.js';

/** A charger as its wire parts see it. */
export interface WiredCharger extends WireState {
  readonly socket: Connection;
  readonly outbox: Outbox;
  readonly rpc: Rpc;
  /** The socket opened / closed. */
  opened(): void;
  closed(): void;
}

export abstract class WireHosts<C extends WiredCharger> implements ConnectionHost, OutboxHost, RpcHost {
  abstract readonly port: ProtocolPort;
  abstract readonly reconnectMinS: number;
  abstract readonly reconnectMaxS: number;

  constructor(
    readonly state: C,
    readonly password: string | undefined,
  ) {}

  abstract handshake(): ReturnType<ConnectionHost['handshake']>;
  abstract pingIntervalS(): number;
  abstract callTimeoutS(): number;
  abstract retryPolicy(action: string): ReturnType<OutboxHost['retryPolicy']>;
  abstract transmitted(action: string, payload: Payload): void;
  abstract answerDelayMs(): number;

  get outbox(): Outbox {
    return this.state.outbox;
  }
  get peer(): string {
    return this.port.peer;
  }
  opened(): void {
    this.state.opened();
  }
  received(text: string): void {
    this.state.rpc.received(text);
  }
  closed(): void {
    this.state.closed();
  }
  checkReply(action: string, payload: Payload): string | null {
    return this.port.checkReply(action, payload);
  }
  nextMessageId(): string {
    return this.state.rpc.nextMessageId();
  }
  write(text: string): boolean {
    return this.state.socket.sendRaw(text);
  }
}
