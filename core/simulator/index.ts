/** The charger simulator's public API (GUI, scenarios, CLI). */
export {
  Charger,
  ChargerOfflineError,
  type ChargerOptions,
  type ChargerSnapshot,
  type ConnectorSnapshot,
  type ConnectionState,
  type RegistrationStatus,
  type StopReason,
  type StopMode,
  type StopOptions,
  type IdTagInfo,
} from './charger.js';
export { Fleet, FLEET_ACTION_TYPES, type FleetAction, type FleetOptions, type FleetSummary, type SpawnOptions, type SpawnProgress } from './fleet.js';
export { injectFault, Faults, FAULT_KINDS, type FaultSpec } from './faults.js';
export { BENCH_ACTIONS, FAULTS, FLEET_ACTIONS, PANEL_FAULTS, panelFault, SCENARIO_FAULTS, type FaultKind } from './actions/catalog.js';
export { QUIRKS, quirkHook } from './quirks/catalog.js';
export type { ProtocolPort, Answer } from './protocolPort.js';
export { EventBus, type SimEvent, type SimEventKind, type SimEventOf, type SubscribeOptions } from './events.js';
export {
  listProfiles,
  loadProfile,
  loadProfileFile,
  parseProfile,
  ProfileError,
  PROFILES_DIR,
  PROFILE_SCHEMA,
  type Profile,
  type ProfileSummary,
  type Quirks,
} from './profile.js';
export { Scheduler, type Task } from './scheduler.js';
export { ManualClock, scaledClock } from './clocks.js';
export { SimStats, LatencyHistogram } from './stats.js';
export { AutoSessions, type AutoSessionOptions } from './autoSessions.js';
export {
  CONNECTOR_STATUSES,
  ERROR_CODES,
  isLegalTransition,
  IllegalTransitionError,
  type ConnectorStatus,
  type ChargePointErrorCode,
} from './connectorStatus.js';
export type { Ev } from './ev.js';
