/**
 * What every step runner shares: the run's context (clock, frames, fleet, target), the outcome type, and the waits
 * (sleep, until), failure and "${transactionId}" placeholder helpers.
 */
import type { Fleet } from '../simulator/fleet.js';
import type { Clock } from '../util/clock.js';
import type { ScenarioTarget } from './centralSystem.js';
import type { FrameLog, RecordedFrame } from './frameLog.js';
import { containsSubset } from './match.js';
import type { StepStatus } from './result.js';
import { latestTransaction } from './transactions.js';
import type { CallStep } from './types.js';

export interface Outcome {
  status: StepStatus;
  message: string;
  evidence?: RecordedFrame[];
  /** A failed check that does not stop the run (a send whose reply differs from `expect`). */
  soft?: boolean;
}

export class StepFailure extends Error {}

export const DEFAULT_STEP_TIMEOUT_MS = 120_000;

export interface RunContext {
  clock: Clock;
  speed: number;
  /** Simulated ms added to every wait for real latency (REAL_LATENCY_ALLOWANCE_MS × speed). */
  allowance: number;
  frames: FrameLog;
  fleet: Fleet;
  target: ScenarioTarget;
  defaultCharger: string | undefined;
  signal: AbortSignal;
}

export function sleep(ctx: RunContext, ms: number): Promise<void> {
  if (ms <= 0 || ctx.signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      ctx.clock.clearTimeout(t);
      ctx.signal.removeEventListener('abort', done);
      resolve();
    };
    const t = ctx.clock.setTimeout(done, ms);
    ctx.signal.addEventListener('abort', done);
  });
}

/** Waits (on the run's clock) until `test` holds, re-checking on every frame and status change. */
export function until(ctx: RunContext, test: () => boolean, timeoutMs: number): Promise<boolean> {
  if (test()) return Promise.resolve(true);
  return new Promise((resolve) => {
    let settled = false;
    const finish = (v: boolean) => {
      if (settled) return;
      settled = true;
      offFrames();
      offBus();
      ctx.clock.clearTimeout(timer);
      ctx.signal.removeEventListener('abort', onAbort);
      resolve(v);
    };
    const check = () => {
      if (test()) finish(true);
    };
    const offFrames = ctx.frames.subscribe(check);
    const offBus = ctx.fleet.bus.subscribe(check, { kinds: ['status', 'connection', 'registration', 'transaction'] });
    const timer = ctx.clock.setTimeout(() => finish(test()), timeoutMs);
    const onAbort = () => finish(false);
    ctx.signal.addEventListener('abort', onAbort);
  });
}

export function fail(message: string): never {
  throw new StepFailure(message);
}

/** Replaces "${transactionId}" / "${transactionId:N}" with the charger's latest transaction id (from the frames). */
export function fillPlaceholders(ctx: RunContext, chargerId: string, value: unknown): unknown {
  if (typeof value === 'string') {
    const m = /^\$\{transactionId(?::(\d+))?\}$/.exec(value);
    if (!m) return value;
    const tx = latestTransaction(ctx.frames, chargerId, m[1] !== undefined ? Number(m[1]) : undefined);
    if (tx?.transactionId === undefined) fail(`${value}: ${chargerId} has no answered StartTransaction (or TransactionEvent Started) yet`);
    return tx.transactionId;
  }
  if (Array.isArray(value)) return value.map((v) => fillPlaceholders(ctx, chargerId, v));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fillPlaceholders(ctx, chargerId, v)]));
  return value;
}

/** fillPlaceholders, after waiting for the CSMS's StartTransaction answer when a placeholder needs its id. */
export async function withTransactionIds(ctx: RunContext, chargerId: string, payload: Record<string, unknown>): Promise<unknown> {
  const wanted = /"\$\{transactionId(?::(\d+))?\}"/.exec(JSON.stringify(payload));
  if (wanted) {
    const connectorId = wanted[1] !== undefined ? Number(wanted[1]) : undefined;
    await until(ctx, () => latestTransaction(ctx.frames, chargerId, connectorId)?.transactionId !== undefined, DEFAULT_STEP_TIMEOUT_MS + ctx.allowance);
  }
  return fillPlaceholders(ctx, chargerId, payload);
}

/** A `call` step's outcome from the charger's CALL and the CSMS's answer (reply payload or CALLERROR code). */
export function callOutcome(
  ctx: RunContext,
  chargerId: string,
  step: CallStep,
  seq0: number,
  reply: Record<string, unknown> | null,
  error: string | null,
): Outcome {
  const call = ctx.frames
    .all()
    .slice(seq0)
    .find((f) => f.charger === chargerId && f.from === 'charger' && f.frame?.[0] === 2 && f.frame[2] === step.action);
  const answer = call ? ctx.frames.replyTo(call) : undefined;
  const evidence = [call, answer].filter((f): f is RecordedFrame => f !== undefined);
  const got = error ? `CALLERROR ${error}` : JSON.stringify(reply);
  if (step.expectError !== undefined && error !== step.expectError)
    return { status: 'failed', message: `${step.action} answered ${got}, expected CALLERROR ${step.expectError}`, evidence, soft: true };
  if (step.expectError === undefined && error) return { status: 'failed', message: `${step.action} answered ${got}`, evidence, soft: true };
  if (step.expectReply && !containsSubset(reply, step.expectReply))
    return { status: 'failed', message: `${step.action} answered ${got}, expected ⊇ ${JSON.stringify(step.expectReply)}`, evidence, soft: true };
  return { status: 'passed', message: `${step.action} answered ${got}`, evidence };
}
