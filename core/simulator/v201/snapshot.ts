/** What the fleet lists of a 2.0.1 station: connection, registration and, per EVSE, status, transaction and meter. */
import type { ConnectorStatusEnumType } from '../../ocpp/v201/index.js';
import type { ConnectionState } from '../parts/wire.js';
import type { RegistrationStatus201 } from './stationCore.js';
import type { StationPort } from './stationPort.js';

/** One EVSE connector as the fleet lists it (connectorId here is the EVSE id: one EV per EVSE). */
export interface StationConnectorSnapshot {
  connectorId: number;
  evseId: number;
  connectors: Array<{ connectorId: number; status: ConnectorStatusEnumType }>;
  status: ConnectorStatusEnumType;
  transactionId: string | null;
  idToken: string | null;
  energyWh: number;
  powerW: number;
  soc: number | null;
  plugged: boolean;
}

export interface StationSnapshot {
  id: string;
  protocol: 'ocpp2.0.1';
  profile: string;
  connection: ConnectionState;
  registration: RegistrationStatus201;
  powered: boolean;
  queued: number;
  connectors: StationConnectorSnapshot[];
}

export function stationSnapshot(cp: StationPort): StationSnapshot {
  return {
    id: cp.id,
    protocol: cp.protocol,
    profile: cp.profile.name,
    connection: cp.connection,
    registration: cp.registration,
    powered: cp.powered,
    queued: cp.outbox.queued,
    connectors: cp.evses.map((e) => {
      cp.sessions.advance(e);
      const shown = e.connectors.find((c) => c.id === e.pluggedConnector) ?? e.connectors.find((c) => c.status === 'Faulted') ?? e.connectors[0];
      return {
        connectorId: e.id,
        evseId: e.id,
        connectors: e.connectors.map((c) => ({
          connectorId: c.id,
          status: c.status,
        })),
        status: shown?.status ?? 'Unavailable',
        transactionId: e.tx?.id ?? null,
        idToken: e.tx?.idToken?.idToken ?? null,
        energyWh: Math.floor(e.meter.energyWh),
        powerW: Math.round(e.meter.powerW),
        soc: e.ev ? Math.round(e.ev.soc * 10) / 10 : null,
        plugged: e.ev !== null,
      };
    }),
  };
}
