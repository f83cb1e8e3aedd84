/**
 * What the answers to the CSMS's CALLs (incoming/*) and the fleet snapshot may use of a 2.0.1 station: the shared
 * core (stationCore.ts) plus its named parts and the station-wide operations. They get this port, never the
 * ChargingStation class (station.ts implements it: no import cycle), like the 1.6 charger's incoming/port.ts.
 */
import type { BootReasonEnumType } from '../../ocpp/v201/index.js';
import type { Connection } from '../parts/connection.js';
import type { Outbox } from '../parts/outbox.js';
import type { ConnectionState } from '../parts/wire.js';
import type { Evse201 } from './evse.js';
import type { Sessions } from './sessions.js';
import type { FaultState201, StationCore } from './stationCore.js';
import type { StationState } from './stationState.js';
import type { StatusReporter } from './statuses.js';

export interface StationPort extends StationCore {
  readonly protocol: 'ocpp2.0.1';
  /** The shared websocket client (parts/connection.ts) and outbox (parts/outbox.ts), as the 1.6 charger's. */
  readonly socket: Connection;
  readonly connection: ConnectionState;
  readonly outbox: Outbox;
  readonly sessions: Sessions;
  readonly statuses: StatusReporter;
  /** Installed profiles, local list, cache, firmware and log status, reservations: what the CSMS manages. */
  readonly state: StationState;
  readonly faults: FaultState201 | null;
  /** Why the next BootNotification is sent. */
  bootReason: BootReasonEnumType;
  reboot(reason?: BootReasonEnumType): Promise<void>;
  sendBoot(): void;
  scheduleHeartbeat(): void;
  setOperative(operative: boolean): void;
  notifyStatus(e: Evse201, connectorId: number, triggered: boolean): void;
}
