/**
 * What a 2.0.1 station's parts (sessions.ts, statuses.ts, stationState.ts) may use of the station: its identity,
 * device model, EVSEs, clock, events and its way to send. The parts get this, never the ChargingStation class
 * (station.ts builds them: no import cycle); stationPort.ts adds the parts themselves for the CALL handlers.
 */
import type { OcppErrorCode } from '../../ocpp/index.js';
import type { ChargingStationAction, RegistrationStatusEnumType, RequestOf, ResponseOf } from '../../ocpp/v201/index.js';
import type { EventBus, SimEvent } from '../events.js';
import type { SendOptions } from '../parts/outbox.js';
import type { ConnectionState } from '../parts/wire.js';
import type { Scheduler } from '../scheduler.js';
import type { DeviceModel } from './deviceModel.js';
import type { Evse201 } from './evse.js';
import type { Profile201 } from './profile.js';

export type RegistrationStatus201 = 'None' | RegistrationStatusEnumType;

export interface StationObserver {
  connectionChanged(id: string, from: ConnectionState, to: ConnectionState): void;
  chargingChanged(id: string, delta: 1 | -1): void;
}

export interface FaultState201 {
  unresponsive: boolean;
  answerDelayMs: number;
  callErrors: number;
  callErrorCode: OcppErrorCode;
}

export interface StationCore {
  readonly id: string;
  readonly profile: Profile201;
  readonly dm: DeviceModel;
  readonly evses: readonly Evse201[];
  readonly scheduler: Scheduler;
  readonly bus: EventBus;
  readonly random: () => number;
  readonly observer: StationObserver | undefined;
  readonly registration: RegistrationStatus201;
  readonly powered: boolean;
  /** Station-wide ChangeAvailability (no evse). */
  readonly operative: boolean;
  readonly isOnline: boolean;
  firmwareVersion: string;
  now(): number;
  timestamp(t?: number): string;
  emit(e: SimEvent): void;
  error(message: string): void;
  evse(id: number): Evse201 | undefined;
  mustEvse(evseId: number): Evse201;
  /** Recomputes the EVSE's connector statuses and reports every change (StatusNotification). */
  refresh(e: Evse201): void;
  call<A extends ChargingStationAction>(action: A, payload: RequestOf<A>, opts?: SendOptions): Promise<ResponseOf<A>>;
  /** call() for the station's own use: failures are counted, never thrown. */
  send<A extends ChargingStationAction>(action: A, payload: RequestOf<A>, opts?: SendOptions): Promise<ResponseOf<A> | null>;
}
