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

const Evidence = Type.Object({ seq: Type.Integer(), at: Type.String(), charger: Type.String(), from: Enum(['charger', 'csms'] as const), text: Type.String() });

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
      Type.Object({ index: Type.Integer(), status: Enum([...STEP_STATUSES, 'running', 'pending'] as const), message: Type.String(), durationMs: Type.Number(), evidence: Type.Array(Evidence) }),
    ),
    result: Nullable(ScenarioResult),
  },
  { title: 'ScenarioRun' },
);

export type LibraryEntry = Static<typeof LibraryEntry>;
export type RunJob = Static<typeof RunJob>;
export type RunStepView = RunJob['steps'][number];

export const scenarios = {
  library: defineContract({ method: 'GET', path: '/api/scenarios', tag: 'Scenarios', summary: 'The shipped scenario library with each file’s steps', response: Type.Array(LibraryEntry) }),
  run: defineContract({
    method: 'POST',
    path: '/api/scenarios/runs',
    tag: 'Scenarios',
    summary: 'Starts a run of a library file; poll the returned job',
    body: Type.Object(
      {
        file: Type.String({ maxLength: 200, pattern: '^[A-Za-z0-9._-]+\\.(ya?ml|json)$', errorMessage: '"file" must be a scenario file name from the library, got "{value}"' }),
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
