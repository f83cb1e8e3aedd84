/** Simulated chargers: profiles, spawn jobs (progress on the live stream), stopping them, acting as their EV or fault. */
import { Type, type Static } from '@sinclair/typebox';
import { PROTOCOL_VERSIONS } from '../../ocpp/protocol.js';
import { ChargerId, ChargerParams, ConnectorId, Enum, IdTag, Nullable } from './common.js';
import { Defaulted, defineContract, type Applied } from './contract.js';
import { BENCH_ACTION_NAMES, BENCH_ACTIONS, FAULTS, PANEL_FAULTS, type BenchActionName } from '../../simulator/actions/catalog.js';

export const ProfileView = Type.Object(
  {
    name: Type.String(),
    description: Type.String(),
    vendor: Type.String(),
    model: Type.String(),
    connectors: Type.Integer(),
    maxPowerW: Nullable(Type.Number()),
    quirks: Type.Array(Type.String()),
    protocols: Type.Optional(Type.Array(Enum(PROTOCOL_VERSIONS), { description: 'The OCPP versions this profile can be spawned as (absent: 1.6 only)' })),
  },
  { title: 'SimulatorProfile' },
);
export type ProfileView = Static<typeof ProfileView>;

/** Ids are prefix + a 4-digit number: the prefix uses the id rule's characters (core/ocpp/chargePointId.ts). */
const ID_PREFIX = '^[A-Za-z0-9\\-_.~*+@|]{0,40}$';

export const SpawnRequest = Type.Object(
  {
    count: Type.Integer({ minimum: 1, maximum: 20_000 }),
    profile: Type.String({ maxLength: 80 }),
    rampPerSec: Defaulted(Type.Number({ minimum: 0.1, maximum: 10_000 }), 50),
    idPrefix: Defaulted(
      Type.String({ pattern: ID_PREFIX, errorMessage: '"idPrefix" has an invalid format: up to 40 of letters, digits and - _ . ~ * + @ |, got "{value}"' }),
      'SIM-',
    ),
    autoSessions: Defaulted(Type.Boolean(), false),
    meterIntervalS: Type.Optional(Type.Integer({ minimum: 1, maximum: 86_400, description: "MeterValueSampleInterval (s); the profile's when absent" })),
    ocpp: Defaulted(
      Enum(PROTOCOL_VERSIONS, {
        description: 'The OCPP version the chargers speak (2.0.1: simulated charging stations, one EVSE per connector of a 1.6 profile)',
      }),
      'ocpp1.6',
    ),
  },
  { additionalProperties: false },
);
/** As the server hands it on (defaults applied). */
export type SpawnRequest = Applied<typeof SpawnRequest>;

/** The request as the job keeps it (defaults filled in). */
const SpawnRequestApplied = Type.Object({
  count: Type.Integer(),
  profile: Type.String(),
  rampPerSec: Type.Number(),
  idPrefix: Type.String(),
  autoSessions: Type.Boolean(),
  meterIntervalS: Type.Optional(Type.Integer()),
  ocpp: Enum(PROTOCOL_VERSIONS),
});

export const SpawnJobView = Type.Object(
  {
    id: Type.String(),
    request: SpawnRequestApplied,
    spawned: Type.Integer(),
    connected: Type.Integer(),
    failed: Type.Integer(),
    done: Type.Boolean(),
    error: Nullable(Type.String()),
    startedAt: Type.String(),
    registered: Type.Optional(Type.Integer({ description: 'Chargers added to the registry first (unknown chargers are refused)' })),
  },
  { title: 'SpawnJob' },
);
export type SpawnJobView = Static<typeof SpawnJobView>;

/**
 * How "stop simulated chargers" ends their sessions: endSessions (default) sends StopTransaction for each running
 * one and waits for the answers, then closes; powerCut drops the chargers without a word (their transactions stay
 * open, shown as "open, charger offline"); disconnect closes the connections cleanly without ending sessions.
 */
export const SIM_STOP_MODES = ['endSessions', 'powerCut', 'disconnect'] as const;
export type SimStopMode = (typeof SIM_STOP_MODES)[number];

/** The actions and faults come from the simulator's one catalog (core/simulator/actions/catalog.ts, Node-free). */
export const SIM_ACTIONS = BENCH_ACTION_NAMES;
export type SimActionName = BenchActionName;
/** The faults the fault panel offers, with the GUI's labels. */
export const SIM_FAULT_OPTIONS = PANEL_FAULTS;
export const SIM_FAULTS = PANEL_FAULTS.map((f) => f.kind);
const describeAll = (entries: readonly { name?: string; kind?: string; description: string }[]): string =>
  entries.map((e) => `${e.name ?? e.kind}: ${e.description}`).join(' ');

export const SimActionRequest = Type.Object(
  {
    action: Enum(SIM_ACTIONS, { description: describeAll(BENCH_ACTIONS) }),
    connectorId: Type.Optional(ConnectorId),
    idTag: Type.Optional(IdTag),
    fault: Type.Optional(Enum(SIM_FAULTS, { description: describeAll(FAULTS.filter((f) => f.label)) })),
    errorCode: Type.Optional(Type.String({ maxLength: 40, description: 'For fault "faulted": the ChargePointErrorCode' })),
    delayMs: Type.Optional(Type.Integer({ minimum: 0, maximum: 600_000, description: 'For fault "answerLate"' })),
    count: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, description: 'For fault "callError": how many CALLs' })),
    args: Type.Optional(
      Type.Object(
        { delayMs: Type.Optional(Type.Integer({ minimum: 0, maximum: 600_000 })), count: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })) },
        { additionalProperties: false, description: 'The fault parameters as an object (same as delayMs / count above)' },
      ),
    ),
  },
  { additionalProperties: false },
);
export type SimActionRequest = Static<typeof SimActionRequest>;

export const simulator = {
  profiles: defineContract({
    method: 'GET',
    path: '/api/simulator/profiles',
    tag: 'Simulator',
    summary: 'The charger profiles (firmware behaviours) to spawn',
    response: Type.Array(ProfileView),
  }),
  jobs: defineContract({
    method: 'GET',
    path: '/api/simulator/jobs',
    tag: 'Simulator',
    summary: 'Spawn jobs and their progress',
    response: Type.Array(SpawnJobView),
  }),
  spawn: defineContract({
    method: 'POST',
    path: '/api/simulator/spawn',
    tag: 'Simulator',
    summary: 'Spawns simulated chargers (ramped); when unknown chargers are refused they are registered first',
    body: SpawnRequest,
    response: SpawnJobView,
    errors: { 400: 'a bad field or an unknown profile' },
  }),
  stop: defineContract({
    method: 'POST',
    path: '/api/simulator/stop',
    tag: 'Simulator',
    summary: 'Stops simulated chargers (some, or all) and says how their sessions ended',
    body: Type.Object(
      {
        ids: Type.Optional(Type.Array(ChargerId, { maxItems: 20_000 })),
        all: Type.Optional(Type.Boolean()),
        mode: Defaulted(Enum(SIM_STOP_MODES), 'endSessions'),
      },
      { additionalProperties: false },
    ),
    response: Type.Object({ stopped: Type.Integer(), mode: Enum(SIM_STOP_MODES) }),
    errors: { 400: 'neither ids nor all' },
  }),
  act: defineContract({
    method: 'POST',
    path: '/api/simulator/chargers/:id/actions',
    tag: 'Simulator',
    summary: 'Acts on a simulated charger: plug/unplug an EV, start/stop a session, inject or clear a fault, reboot, disconnect',
    params: ChargerParams,
    body: SimActionRequest,
    response: Type.Object({ ok: Type.Boolean(), result: Type.Unknown() }),
    errors: { 404: 'not a simulated charger of this bench', 409: 'the charger refused the action in its current state' },
  }),
};
