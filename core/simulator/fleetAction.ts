/** What the fleet can do to one charger (Fleet.act): the same union for 1.6 chargers and 2.0.1 stations. */
import type { ChargePointAction, Payload, ResetType } from '../ocpp/index.js';
import type { StopReason } from './parts/sessions.js';
import type { ChargePointErrorCode, ConnectorStatus } from './connectorStatus.js';
import type { Ev } from './ev.js';
import type { FaultSpec } from './faults.js';

export type FleetAction =
  | { type: 'powerOn' }
  | { type: 'connect' }
  | { type: 'disconnect' }
  | { type: 'boot' }
  | { type: 'reboot'; resetType?: ResetType }
  | { type: 'plug'; connectorId?: number; ev?: Partial<Ev> }
  | { type: 'unplug'; connectorId?: number }
  | { type: 'authorize'; idTag: string }
  | { type: 'start'; connectorId?: number; idTag?: string }
  | { type: 'stop'; connectorId?: number; reason?: StopReason }
  | { type: 'status'; connectorId: number; status: ConnectorStatus; errorCode?: ChargePointErrorCode }
  | { type: 'fault'; fault: FaultSpec }
  | { type: 'sendRaw'; text: string }
  | { type: 'call'; action: ChargePointAction; payload: Payload };
