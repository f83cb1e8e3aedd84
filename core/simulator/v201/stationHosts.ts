/**
 * What the shared wire parts ask of a 2.0.1 station (ConnectionHost, OutboxHost, RpcHost): offer ocpp2.0.1 with
 * Basic auth (security profile 1) and the profile's reconnect backoff, ping per OCPPCommCtrlr.WebSocketPingInterval,
 * retry TransactionEvents per OCPPCommCtrlr.MessageAttempts / MessageAttemptInterval [TransactionEvent], validate
 * replies and answer the CSMS through the 2.0.1 protocol port (v201Port.ts). One object per station, prototype methods.
 */
import type { Payload } from '../../ocpp/index.js';
import type { ConnectionHost } from '../parts/connection.js';
import type { OutboxHost } from '../parts/outbox.js';
import type { Rpc, RpcHost } from '../parts/rpc.js';
import type { ConnectionState } from '../parts/wire.js';
import type { SimStats } from '../stats.js';
import type { StationPort } from './stationPort.js';
import { V201Port } from './v201Port.js';

/** The station as its hosts see it (station.ts implements it): the shared parts' WireState over the StationPort. */
export interface HostedStation extends StationPort {
  readonly stats: SimStats;
  readonly rpc: Rpc;
  setConnection(state: ConnectionState, reason?: string): void;
  /** The socket opened / closed (Connection host). */
  opened(): void;
  closed(): void;
}

export class StationHosts implements ConnectionHost, OutboxHost, RpcHost {
  readonly port: V201Port;

  constructor(
    readonly state: HostedStation,
    readonly password: string | undefined,
  ) {
    this.port = new V201Port(state);
  }
  get outbox(): HostedStation['outbox'] {
    return this.state.outbox;
  }
  get peer(): string {
    return this.port.peer;
  }
  get reconnectMinS(): number {
    return this.state.profile.hardware.timing.reconnectMinS;
  }
  get reconnectMaxS(): number {
    return this.state.profile.hardware.timing.reconnectMaxS;
  }
  handshake(): ReturnType<ConnectionHost['handshake']> {
    return { subprotocols: [...this.port.subprotocols], pong: null };
  }
  pingIntervalS(): number {
    return this.state.dm.int('OCPPCommCtrlr', 'WebSocketPingInterval');
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
  callTimeoutS(): number {
    return this.state.profile.hardware.timing.callTimeoutS;
  }
  retryPolicy(): ReturnType<OutboxHost['retryPolicy']> {
    const dm = this.state.dm;
    return {
      maxAttempts: dm.int('OCPPCommCtrlr', 'MessageAttempts', 3, { variableInstance: 'TransactionEvent' }),
      intervalS: dm.int('OCPPCommCtrlr', 'MessageAttemptInterval', 60, { variableInstance: 'TransactionEvent' }),
      forever: false,
    };
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
  transmitted(): void {}
  answerDelayMs(): number {
    return this.state.faults?.answerDelayMs ?? 0;
  }
}
