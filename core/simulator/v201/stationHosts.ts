/**
 * What the shared wire parts ask of a 2.0.1 station beyond parts/hosts.ts: offer ocpp2.0.1 (Basic auth, security
 * profile 1, comes from parts/connection.ts) with the profile's reconnect backoff, ping per
 * OCPPCommCtrlr.WebSocketPingInterval, retry TransactionEvents per OCPPCommCtrlr.MessageAttempts /
 * MessageAttemptInterval [TransactionEvent], answers late per the answerLate fault; replies are validated and the
 * CSMS answered through the 2.0.1 protocol port (v201Port.ts). One object per station, prototype methods.
 */
import type { ConnectionHost } from '../parts/connection.js';
import { WireHosts, type WiredCharger } from '../parts/hosts.js';
import type { OutboxHost } from '../parts/outbox.js';
import type { StationPort } from './stationPort.js';
import { V201Port } from './v201Port.js';

/** The station as its hosts see it (station.ts implements it): the shared parts' view over the StationPort. */
export interface HostedStation extends StationPort, Omit<WiredCharger, 'registration'> {}

export class StationHosts extends WireHosts<HostedStation> {
  readonly port: V201Port;

  constructor(state: HostedStation, password: string | undefined) {
    super(state, password);
    this.port = new V201Port(state);
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
  transmitted(): void {}
  answerDelayMs(): number {
    return this.state.faults?.answerDelayMs ?? 0;
  }
}
