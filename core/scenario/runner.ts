/**
 * Runs a parsed scenario: starts its simulated chargers against the target CSMS on a fast-forwarded clock, performs
 * each step in order, evaluates the assertions over the recorded frames, and returns one result per step with the
 * frames that proved it. An action step that fails stops the run (the rest are skipped); a failed assertion does not.
 */
import type { Clock } from '../util/clock.js';
import { createLogger } from '../util/log.js';
import type { Fleet } from '../simulator/fleet.js';
import { expectFrame, expectNoCallError, expectTransaction, type AssertionContext, type AssertionWindow } from './assertions.js';
import type { ScenarioTarget } from './centralSystem.js';
import { scenarioChargers, type ScenarioChargers } from './chargerFleet.js';
import { durationMs, formatMs } from './duration.js';
import { FrameLog, type RecordedFrame } from './frameLog.js';
import type { ParsedScenario } from './parse.js';
import { countAssertions, scenarioStatus, toEvidence, type ScenarioResult, type StepResult } from './result.js';
import { scaledClock } from './scaledClock.js';
import { stepTitle } from './stepTitle.js';
import { ASSERTION_KINDS, type Step } from './types.js';
import { runAction, StepFailure, type Outcome, type RunContext } from './stepActions.js';

const log = createLogger('scenario');

export type RunEvent =
  | { type: 'started'; file: string; name: string; steps: Array<{ index: number; kind: string; title: string; line: number }> }
  | { type: 'stepStarted'; index: number }
  | { type: 'step'; result: StepResult }
  | { type: 'frame'; frame: RecordedFrame }
  | { type: 'finished'; result: ScenarioResult };

export interface RunOptions {
  target: ScenarioTarget;
  /** Overrides the scenario's speed (simulated ms per real ms). */
  speed?: number;
  /** Clock to scale (tests). */
  baseClock?: Clock;
  onEvent?: (e: RunEvent) => void;
  signal?: AbortSignal;
}

/**
 * Real milliseconds of latency every wait and assertion window allows for, scaled by the speed: sockets, the
 * CSMS and a busy machine work in real time, so at ×600 even 10 ms of round trip is 6 simulated seconds.
 */
export const REAL_LATENCY_ALLOWANCE_MS = 250;
const DEFAULT_SCENARIO_TIMEOUT_MS = 4 * 3_600_000;

export async function runScenario(parsed: ParsedScenario, opts: RunOptions): Promise<ScenarioResult> {
  const { scenario, file } = parsed;
  const speed = opts.speed ?? scenario.speed ?? 60;
  const clock = scaledClock(speed, opts.baseClock);
  const frames = new FrameLog(clock);
  const startedReal = Date.now();
  const startedSim = clock.now();
  const defaultCharger = scenario.chargers.length === 1 ? scenario.chargers[0]?.id : undefined;
  const titles = scenario.steps.map((s) => stepTitle(s, defaultCharger));
  const results: StepResult[] = [];
  const emit = (e: RunEvent) => {
    try {
      opts.onEvent?.(e);
    } catch (err) {
      log.warn({ err: (err as Error).message }, 'scenario event listener failed');
    }
  };
  emit({
    type: 'started',
    file,
    name: scenario.name,
    steps: scenario.steps.map((s, i) => ({ index: i, kind: s.do, title: titles[i] as string, line: parsed.stepPositions[i]?.line ?? 0 })),
  });
  const unsubscribeFrames = frames.subscribe((frame) => emit({ type: 'frame', frame }));

  const abort = new AbortController();
  const onOuterAbort = () => abort.abort();
  opts.signal?.addEventListener('abort', onOuterAbort);
  const budgetMs = durationMs(scenario.timeout, DEFAULT_SCENARIO_TIMEOUT_MS);
  let timedOut = false;
  const budget = clock.setTimeout(() => {
    timedOut = true;
    abort.abort();
  }, budgetMs);

  let chargers: ScenarioChargers | null = null;
  let fatal: string | undefined;
  const setupNotes: string[] = [];
  try {
    chargers = scenarioChargers(clock, frames, opts.target.url, scenario.chargers, speed);
    // Backend set-up from the scenario header.
    if (scenario.backend) {
      const control = opts.target.control;
      if (!control) setupNotes.push('backend set-up skipped: not supported against an external CSMS');
      else {
        for (const [key, value] of Object.entries(scenario.backend.settings ?? {})) await control.setSetting(key, value);
        for (const m of scenario.backend.middleware ?? []) await control.setMiddleware(m.name, m.enabled, m.action);
      }
    }
  } catch (err) {
    fatal = `set-up failed: ${(err as Error).message}`;
  }

  const ctx: RunContext = {
    clock,
    speed,
    allowance: REAL_LATENCY_ALLOWANCE_MS * speed,
    frames,
    fleet: chargers?.fleet as Fleet,
    target: opts.target,
    defaultCharger,
    signal: abort.signal,
  };
  const window: AssertionWindow = { previousStep: { seq: 0, at: startedSim }, start: { seq: 0, at: startedSim } };
  let stopReason: string | null = fatal ?? null;

  for (let i = 0; i < scenario.steps.length; i++) {
    const step = scenario.steps[i] as Step;
    // A send with `expect` asserts on the charger's reply, so it counts as an assertion too.
    const isAssertion =
      ASSERTION_KINDS.includes(step.do) ||
      (step.do === 'send' && step.expect !== undefined) ||
      (step.do === 'call' && (step.expectReply !== undefined || step.expectError !== undefined));
    const isCheck = ASSERTION_KINDS.includes(step.do);
    const base = { index: i, kind: step.do, title: titles[i] as string, line: parsed.stepPositions[i]?.line ?? 0, isAssertion };
    if (stopReason !== null) {
      const r: StepResult = { ...base, status: 'skipped', message: stopReason, durationMs: 0, simulatedMs: 0, evidence: [] };
      results.push(r);
      emit({ type: 'step', result: r });
      continue;
    }
    emit({ type: 'stepStarted', index: i });
    const t0 = Date.now();
    const s0 = clock.now();
    const seq0 = frames.length;
    if (!isCheck) window.previousStep = { seq: seq0, at: s0 };
    let outcome: Outcome;
    try {
      outcome = isCheck ? await runAssertion(ctx, step, window) : await runAction(ctx, step);
    } catch (err) {
      outcome = { status: err instanceof StepFailure ? 'failed' : 'error', message: (err as Error).message };
    }
    if (abort.signal.aborted && outcome.status === 'passed' && !isCheck) {
      // an abort ends waits early: a wait cut short did not pass
      outcome = { status: 'failed', message: timedOut ? `scenario timeout (${formatMs(budgetMs)}) reached` : 'run cancelled' };
    }
    const evidence = outcome.evidence ?? frames.all().slice(seq0, seq0 + 20);
    const r: StepResult = {
      ...base,
      status: outcome.status,
      message: outcome.message,
      durationMs: Date.now() - t0,
      simulatedMs: clock.now() - s0,
      evidence: toEvidence(evidence),
    };
    results.push(r);
    emit({ type: 'step', result: r });
    if (abort.signal.aborted) stopReason = timedOut ? `skipped: scenario timeout (${formatMs(budgetMs)}) reached` : 'skipped: run cancelled';
    else if (!isCheck && !outcome.soft && (outcome.status === 'failed' || outcome.status === 'error'))
      stopReason = `skipped: step ${i + 1} (${base.title}) did not complete`;
  }

  clock.clearTimeout(budget);
  opts.signal?.removeEventListener('abort', onOuterAbort);
  await chargers?.stop();
  unsubscribeFrames();
  const result: ScenarioResult = {
    file,
    name: scenario.name,
    target: opts.target.label,
    speed,
    status: scenarioStatus(results, fatal),
    ...(fatal ? { error: fatal } : {}),
    steps: results,
    assertions: countAssertions(results),
    startedAt: new Date(startedReal).toISOString(),
    durationMs: Date.now() - startedReal,
    simulatedMs: clock.now() - startedSim,
    frames: frames.length,
  };
  if (setupNotes.length) result.notes = setupNotes;
  emit({ type: 'finished', result });
  return result;
}

async function runAssertion(ctx: RunContext, step: Step, window: AssertionWindow): Promise<Outcome> {
  const actx: AssertionContext = {
    log: ctx.frames,
    clock: ctx.clock,
    window,
    signal: ctx.signal,
    allowanceMs: ctx.allowance,
    ...(ctx.defaultCharger ? { defaultCharger: ctx.defaultCharger } : {}),
  };
  let out;
  switch (step.do) {
    case 'expectFrame':
      out = await expectFrame(actx, step);
      break;
    case 'expectTransaction':
      out = await expectTransaction(actx, step);
      break;
    case 'expectNoCallError':
      out = expectNoCallError(actx, step);
      break;
    default:
      throw new Error(`step kind "${step.do}" is not an assertion`);
  }
  return { status: out.passed ? 'passed' : 'failed', message: out.message, evidence: out.evidence };
}
