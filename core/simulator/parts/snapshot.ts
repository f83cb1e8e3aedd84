/** A charger's state as the fleet, the API and the CLI show it. */
import type { ChargePointErrorCode, ConnectorStatus } from '../connectorStatus.js';
import type { Connector } from '../connector.js';
import type { ConnectionState, RegistrationStatus } from './state.js';

export interface ConnectorSnapshot {
  connectorId: number;
  status: ConnectorStatus;
  errorCode: ChargePointErrorCode;
  transactionId: number | null;
  idTag: string | null;
  energyWh: number;
  powerW: number;
  soc: number | null;
  plugged: boolean;
}

export interface ChargerSnapshot {
  id: string;
  profile: string;
  connection: ConnectionState;
  registration: RegistrationStatus;
  powered: boolean;
  queued: number;
  connectors: ConnectorSnapshot[];
}

interface Snapshottable {
  readonly id: string;
  readonly profile: { name: string };
  readonly connection: ConnectionState;
  readonly registration: RegistrationStatus;
  readonly powered: boolean;
  readonly queued: number;
  readonly connectors: readonly Connector[];
  /** Brings a connector's meter up to now. */
  advance(c: Connector): number;
}

export function snapshotOf(cp: Snapshottable): ChargerSnapshot {
  return {
    id: cp.id,
    profile: cp.profile.name,
    connection: cp.connection,
    registration: cp.registration,
    powered: cp.powered,
    queued: cp.queued,
    connectors: cp.connectors.map((c) => {
      if (c.id > 0) cp.advance(c);
      return {
        connectorId: c.id,
        status: c.status,
        errorCode: c.errorCode,
        transactionId: c.tx?.id ?? null,
        idTag: c.tx?.idTag ?? null,
        energyWh: Math.floor(c.meter.energyWh),
        powerW: Math.round(c.meter.powerW),
        soc: c.ev ? Math.round(c.ev.soc * 10) / 10 : null,
        plugged: c.ev !== null,
      };
    }),
  };
}
