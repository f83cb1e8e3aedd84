/** What a scenario run produced: one result per step, assertion counts, timings, and the frames that prove each. */
import type { RecordedFrame } from './frameLog.js';
import type { StepKind } from './types.js';

export type StepStatus = 'passed' | 'failed' | 'skipped' | 'error';

export interface EvidenceFrame {
  seq: number;
  at: string;
  charger: string;
  from: 'charger' | 'csms';
  text: string;
}

export interface StepResult {
  index: number;
  kind: StepKind;
  /** The step's name, or a generated description ("plug CP-1 connector 1"). */
  title: string;
  /** Line in the scenario file (0 when unknown). */
  line: number;
  isAssertion: boolean;
  status: StepStatus;
  message: string;
  /** Real milliseconds the step took. */
  durationMs: number;
  /** Simulated milliseconds the step took. */
  simulatedMs: number;
  evidence: EvidenceFrame[];
}

export type ScenarioStatus = 'passed' | 'failed' | 'error';

export interface ScenarioResult {
  file: string;
  name: string;
  /** "in-process" (ChargeBench's own backend) or the CSMS URL. */
  target: string;
  speed: number;
  status: ScenarioStatus;
  /** Set when the run could not start or aborted (bad file, backend failed, timeout). */
  error?: string;
  steps: StepResult[];
  /** Things the user should know about the run (e.g. backend set-up skipped against an external CSMS). */
  notes?: string[];
  assertions: { passed: number; failed: number; skipped: number };
  startedAt: string;
  durationMs: number;
  simulatedMs: number;
  frames: number;
}

export function toEvidence(frames: readonly RecordedFrame[]): EvidenceFrame[] {
  return frames.map((f) => ({ seq: f.seq, at: new Date(f.at).toISOString(), charger: f.charger, from: f.from, text: f.text }));
}

export function countAssertions(steps: readonly StepResult[]): ScenarioResult['assertions'] {
  const a = { passed: 0, failed: 0, skipped: 0 };
  for (const s of steps) {
    if (!s.isAssertion) continue;
    if (s.status === 'passed') a.passed++;
    else if (s.status === 'skipped') a.skipped++;
    else a.failed++;
  }
  return a;
}

/** A run failed when any step failed or errored (an action that could not be performed fails the run too). */
export function scenarioStatus(steps: readonly StepResult[], error?: string): ScenarioStatus {
  if (error) return 'error';
  return steps.some((s) => s.status === 'failed' || s.status === 'error') ? 'failed' : 'passed';
}
