/**
 * What the answers to the central system's CALLs (incoming/*) may use of a 1.6 charger: its shared state and its
 * named parts. Handlers get this port, never the Charger class (no import cycle), and return their answer.
 */
import type { ResetType } from '../../ocpp/index.js';
import type { Configuration } from '../configuration.js';
import type { Connector } from '../connector.js';
import type { Faults } from '../faults.js';
import type { Calls } from '../parts/calls.js';
import type { Firmware } from '../parts/firmware.js';
import type { LocalAuth } from '../parts/localAuth.js';
import type { Metering } from '../parts/metering.js';
import type { Registration } from '../parts/registration.js';
import type { Sessions } from '../parts/sessions.js';
import type { RegistrationStatus } from '../parts/state.js';
import type { Statuses } from '../parts/statuses.js';
import type { Profile } from '../profile.js';
import type { Scheduler } from '../scheduler.js';

export interface ChargerPort {
  readonly id: string;
  readonly profile: Profile;
  readonly config: Configuration;
  readonly connectors: readonly Connector[];
  readonly scheduler: Scheduler;
  readonly registration: RegistrationStatus;
  /** Time of the last status change on any connector. */
  readonly lastStatusChangeAt: number;
  firmwareVersion: string;
  now(): number;
  timestamp(t?: number): string;
  connector(connectorId: number): Connector;
  readonly faults: Faults;
  readonly calls: Calls;
  readonly registrar: Registration;
  readonly statuses: Statuses;
  readonly metering: Metering;
  readonly sessions: Sessions;
  readonly auth: LocalAuth;
  readonly firmware: Firmware;
  reboot(type: ResetType): Promise<void>;
}
