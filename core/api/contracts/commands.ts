/**
 * Commands the central system sends: one to one charger (generated form or raw JSON), a charger's command
 * history, and command jobs (one command to many chargers, with progress on the live stream and a result each).
 */
import { Type, type Static } from '@sinclair/typebox';
import { ChargerId, ChargerParams, Enum, Nullable } from './common.js';
import { Defaulted, defineContract } from './contract.js';
import { CENTRAL_SYSTEM_ACTIONS } from '../../ocpp/actions.js';
import { CSMS_ACTIONS } from '../../ocpp/v201/actions.js';
import { PROTOCOL_VERSIONS } from '../../ocpp/protocol.js';

/** The 19 commands a 1.6 central system can send (18 CS-only + DataTransfer). */
export const COMMANDS = CENTRAL_SYSTEM_ACTIONS;
/** The 40 commands a 2.0.1 CSMS can send. */
export const COMMANDS_201 = CSMS_ACTIONS;
/** Every command of either version (each charger is sent those of its own version). */
export const ANY_COMMANDS = [...new Set<string>([...COMMANDS, ...COMMANDS_201])].sort() as readonly string[];
export type CommandName = (typeof COMMANDS)[number] | (typeof COMMANDS_201)[number];

const Action = Enum(ANY_COMMANDS as readonly CommandName[], {
  description: "A command the central system can send: OCPP 1.6 CS→CP or OCPP 2.0.1 CSMS→CS, valid for the charger's version",
  errorMessage: `"{value}" is not a command the central system can send; use one of ${ANY_COMMANDS.join(', ')}`,
});
const Payload = Type.Record(Type.String(), Type.Unknown(), {
  description: "The CALL's payload, checked against the action's OCA schema (refused when invalid and validation is strict)",
});
const TimeoutMs = Type.Integer({ minimum: 100, maximum: 300_000, description: 'How long to wait for the reply (default: Settings → call timeout)' });

export const CommandResult = Type.Object(
  {
    ok: Type.Boolean(),
    action: Type.String(),
    response: Type.Optional(Type.Unknown({ description: "The charger's CALLRESULT payload" })),
    error: Type.Optional(
      Type.Object({
        code: Type.String({ description: 'The CALLERROR code, or timeout / disconnected / overflow / noRoute / failed' }),
        description: Type.String(),
        details: Type.Optional(Type.Unknown()),
      }),
    ),
    latencyMs: Type.Integer(),
  },
  { title: 'CommandResult' },
);
export type CommandResult = Static<typeof CommandResult>;

export const CommandHistoryEntry = Type.Object(
  {
    frameId: Type.Integer({ description: 'The CALL in the message log' }),
    action: Type.String(),
    at: Type.String({ description: 'When it was written to the charger (or given up)' }),
    payload: Type.Unknown(),
    state: Nullable(Type.String({ description: 'queued | sent | answered | error | timeout | failed' })),
    reply: Nullable(
      Type.Object({ messageType: Type.String(), payload: Type.Unknown(), errorCode: Nullable(Type.String()), errorDescription: Nullable(Type.String()) }),
    ),
    latencyMs: Nullable(Type.Integer()),
  },
  { title: 'CommandHistoryEntry' },
);
export type CommandHistoryEntry = Static<typeof CommandHistoryEntry>;

export const COMMAND_OUTCOMES = ['pending', 'running', 'ok', 'callError', 'timeout', 'failed'] as const;
export type CommandOutcome = (typeof COMMAND_OUTCOMES)[number];

export const CommandJobResult = Type.Object(
  {
    chargePointId: Type.String(),
    outcome: Enum(COMMAND_OUTCOMES, {
      description: 'ok: a CALLRESULT; callError: the charger answered CALLERROR; timeout: no reply in time; failed: not sent (offline, queue full…)',
    }),
    response: Type.Optional(Type.Unknown()),
    error: Type.Optional(Type.Object({ code: Type.String(), description: Type.String() })),
    latencyMs: Nullable(Type.Integer()),
  },
  { title: 'CommandJobResult' },
);
export type CommandJobResult = Static<typeof CommandJobResult>;

export const CommandJobCounts = Type.Object({
  pending: Type.Integer(),
  running: Type.Integer(),
  ok: Type.Integer(),
  callError: Type.Integer(),
  timeout: Type.Integer(),
  failed: Type.Integer(),
});
export type CommandJobCounts = Static<typeof CommandJobCounts>;

export const CommandJobView = Type.Object(
  {
    id: Type.String(),
    action: Type.String(),
    payload: Type.Unknown(),
    total: Type.Integer(),
    counts: CommandJobCounts,
    done: Type.Boolean(),
    startedAt: Type.String(),
    finishedAt: Nullable(Type.String()),
    results: Type.Array(CommandJobResult, { description: 'Every charger, in the order asked (GET one job); on the live stream only those that changed' }),
  },
  { title: 'CommandJob' },
);
export type CommandJobView = Static<typeof CommandJobView>;

export const ChargerFilter = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: 100 })),
    state: Type.Optional(Type.String({ maxLength: 40 })),
    connected: Type.Optional(Type.Boolean()),
    simulated: Type.Optional(Type.Boolean()),
    protocol: Type.Optional(Enum(PROTOCOL_VERSIONS)),
  },
  { additionalProperties: false, description: 'The chargers the Chargers list shows with this filter (same meaning as GET /api/chargers)' },
);
export type ChargerFilter = Static<typeof ChargerFilter>;

export const commands = {
  send: defineContract({
    method: 'POST',
    path: '/api/chargers/:id/commands/:action',
    tag: 'Commands',
    summary: "Sends one command to one charger and returns the charger's answer (CALLRESULT, CALLERROR or timeout)",
    params: Type.Object({ id: ChargerId, action: Action }),
    body: Type.Object({ payload: Payload, timeoutMs: Type.Optional(TimeoutMs) }, { additionalProperties: false }),
    response: CommandResult,
    errors: { 400: 'not a CS→CP command, or the payload fails its schema while validation is strict' },
  }),
  history: defineContract({
    method: 'GET',
    path: '/api/chargers/:id/commands',
    tag: 'Commands',
    summary: 'The commands sent to this charger (any route, AutoRemoteStart too), newest first, with their replies',
    params: ChargerParams,
    query: Type.Object({ limit: Defaulted(Type.Integer({ minimum: 1, maximum: 500 }), 50), action: Type.Optional(Action) }),
    response: Type.Array(CommandHistoryEntry),
  }),
  startJob: defineContract({
    method: 'POST',
    path: '/api/command-jobs',
    tag: 'Commands',
    summary: 'Sends one command to many chargers (by id or by filter); progress on the live stream, a result per charger',
    body: Type.Object(
      {
        action: Action,
        payload: Payload,
        chargePointIds: Type.Optional(Type.Array(ChargerId, { minItems: 1, maxItems: 100_000 })),
        filter: Type.Optional(ChargerFilter),
        timeoutMs: Type.Optional(TimeoutMs),
        concurrency: Defaulted(Type.Integer({ minimum: 1, maximum: 1000, description: 'Chargers in flight at once' }), 100),
      },
      { additionalProperties: false },
    ),
    response: CommandJobView,
    errors: { 400: 'no target, no charger matches, or an invalid payload under strict validation' },
  }),
  jobs: defineContract({
    method: 'GET',
    path: '/api/command-jobs',
    tag: 'Commands',
    summary: 'Recent command jobs (without their per-charger results)',
    response: Type.Array(CommandJobView),
  }),
  job: defineContract({
    method: 'GET',
    path: '/api/command-jobs/:id',
    tag: 'Commands',
    summary: 'One command job with every charger’s result so far',
    params: Type.Object({ id: Type.String({ maxLength: 40 }) }),
    response: CommandJobView,
    errors: { 404: 'no such job' },
  }),
};
