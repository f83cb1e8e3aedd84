/** The Scenarios screen: the shipped library and runs (each on its own in-process ChargeBench). */
import { Type, type Static } from '@sinclair/typebox';
import { Enum, Nullable } from './common.js';
import { defineContract } from './contract.js';

const STEP_STATUSES = ['passed', 'failed', 'skipped', 'error'] as const;

export const LibraryEntry = Type.Object(
  {
    file: Type.String(),
    name: Type.String(),
    description: Type.String(),
    tags: Type.Array(Type.String()),
    chargers: Type.Integer(),
    steps: Type.Array(Type.Object({ index: Type.Integer(), kind: Type.String(), title: Type.String(), line: Type.Integer() })),
    error: Type.Optional(Type.String({ description: 'Why the file cannot run, with line numbers' })),
  },
  { title: 'ScenarioLibraryEntry' },
);

export const Evidence = Type.Object({
  seq: Type.Integer(),
  at: Type.String(),
  charger: Type.String(),
  from: Enum(['charger', 'csms'] as const),
  text: Type.String(),
});

const StepResult = Type.Object({
  index: Type.Integer(),
  kind: Type.String(),
  title: Type.String(),
  line: Type.Integer(),
  isAssertion: Type.Boolean(),
  status: Enum(STEP_STATUSES),
  message: Type.String(),
  durationMs: Type.Number(),
  simulatedMs: Type.Number(),
  evidence: Type.Array(Evidence),
});

const ScenarioResult = Type.Object({
  file: Type.String(),
  name: Type.String(),
  target: Type.String(),
  speed: Type.Number(),
  status: Enum(['passed', 'failed', 'error'] as const),
  error: Type.Optional(Type.String()),
  steps: Type.Array(StepResult),
  notes: Type.Optional(Type.Array(Type.String())),
  assertions: Type.Object({ passed: Type.Integer(), failed: Type.Integer(), skipped: Type.Integer() }),
  startedAt: Type.String(),
  durationMs: Type.Number(),
  simulatedMs: Type.Number(),
  frames: Type.Integer(),
});

export const RunJob = Type.Object(
  {
    id: Type.String(),
    file: Type.String(),
    status: Enum(['running', 'passed', 'failed', 'error'] as const),
    startedAt: Type.String(),
    steps: Type.Array(
      Type.Object({
        index: Type.Integer(),
        status: Enum([...STEP_STATUSES, 'running', 'pending'] as const),
        message: Type.String(),
        durationMs: Type.Number(),
        evidence: Type.Array(Evidence),
      }),
    ),
    result: Nullable(ScenarioResult),
  },
  { title: 'ScenarioRun' },
);

const FILE_NAME = Type.String({
  maxLength: 200,
  pattern: '^[A-Za-z0-9._-]+\\.(ya?ml|json)$',
  errorMessage: '"file" must be a file name ending in .yaml, .yml or .json (letters, digits, . _ -), got "{value}"',
});
const ScenarioText = Type.Object(
  { file: FILE_NAME, text: Type.String({ maxLength: 500_000, description: 'The scenario as YAML or JSON (as the file extension says)' }) },
  { additionalProperties: false },
);
export const ScenarioIssue = Type.Object(
  { line: Type.Integer(), col: Type.Integer(), path: Type.String(), message: Type.String() },
  { title: 'ScenarioIssue' },
);
export type LibraryEntry = Static<typeof LibraryEntry>;
export type RunJob = Static<typeof RunJob>;
export type EvidenceFrame = Static<typeof Evidence>;
export type RunStepView = RunJob['steps'][number];

export const scenarios = {
  check: defineContract({
    method: 'POST',
    path: '/api/scenarios/check',
    tag: 'Scenarios',
    summary: 'Checks scenario text as the runner would: its steps, or every problem with its line',
    body: ScenarioText,
    response: Type.Union([
      Type.Object({ ok: Type.Literal(true), entry: LibraryEntry }),
      Type.Object({ ok: Type.Literal(false), issues: Type.Array(ScenarioIssue) }),
    ]),
  }),
  runText: defineContract({
    method: 'POST',
    path: '/api/scenarios/runs/text',
    tag: 'Scenarios',
    summary: 'Starts a run of scenario text loaded or edited in the UI; its steps arrive on the live stream (GET the run reads them too)',
    body: Type.Composite([ScenarioText, Type.Object({ speed: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000 })) })], { additionalProperties: false }),
    response: Type.Object({ job: RunJob }),
    errors: { 400: 'the scenario is invalid (the problems with their lines)' },
  }),
  library: defineContract({
    method: 'GET',
    path: '/api/scenarios',
    tag: 'Scenarios',
    summary: 'The shipped scenario library with each file’s steps',
    response: Type.Array(LibraryEntry),
  }),
  run: defineContract({
    method: 'POST',
    path: '/api/scenarios/runs',
    tag: 'Scenarios',
    summary: 'Starts a run of a library file; its steps arrive on the live stream (GET the run reads them too)',
    body: Type.Object(
      {
        file: Type.String({
          maxLength: 200,
          pattern: '^[A-Za-z0-9._-]+\\.(ya?ml|json)$',
          errorMessage: '"file" must be a scenario file name from the library, got "{value}"',
        }),
        speed: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000 })),
      },
      { additionalProperties: false },
    ),
    response: Type.Object({ job: RunJob }),
    errors: { 400: 'no such file in the library, or it cannot run' },
  }),
  job: defineContract({
    method: 'GET',
    path: '/api/scenarios/runs/:id',
    tag: 'Scenarios',
    summary: 'A run: each step’s status, message and the frames that prove it',
    params: Type.Object({ id: Type.String({ maxLength: 40 }) }),
    response: Type.Object({ job: RunJob }),
    errors: { 404: 'no such run' },
  }),
};
