/**
 * The three assertion kinds, evaluated over the run's FrameLog:
 * - expectFrame: a frame matching (action, type, direction, payload/reply subset, error code) appears inside a
 *   window (from the previous step's start, or from the run's start) within T — or, with absent, does not;
 * - expectTransaction: the charger's latest transaction ended (or runs) with energy in a range / a stop reason;
 * - expectNoCallError: no CALLERROR went either way (for one charger or all) in the window.
 * Each returns the frames that proved (or disproved) it, so reports can show them.
 */
import type { Clock } from '../util/clock.js';
import { durationMs, formatMs } from './duration.js';
import type { FrameLog, RecordedFrame } from './frameLog.js';
import { describeMatch, frameMatches } from './match.js';
import { latestTransaction, type ObservedTransaction } from './transactions.js';
import type { ExpectFrameStep, ExpectNoCallErrorStep, ExpectTransactionStep, FrameMatch } from './types.js';

export interface AssertionOutcome {
  passed: boolean;
  message: string;
  evidence: RecordedFrame[];
}

/** Where the assertion's window opens: the start of the previous step, or of the run. */
export interface AssertionWindow {
  previousStep: { seq: number; at: number };
  start: { seq: number; at: number };
}

export interface AssertionContext {
  log: FrameLog;
  clock: Clock;
  window: AssertionWindow;
  /** The charger to use when the step names none (single-charger scenarios). */
  defaultCharger?: string;
  signal?: AbortSignal;
  /**
   * Simulated ms added to every window for real network latency: at ×600 a 10 ms round trip is 6 simulated
   * seconds, so "within 5s" could not hold against any CSMS. The runner passes 250 real ms × speed.
   */
  allowanceMs?: number;
}

function withReplies(log: FrameLog, frames: RecordedFrame[]): RecordedFrame[] {
  const out: RecordedFrame[] = [];
  for (const f of frames) {
    out.push(f);
    const r = f.frame?.[0] === 2 ? log.replyTo(f) : undefined;
    if (r) out.push(r);
  }
  return out;
}

export async function expectFrame(ctx: AssertionContext, step: ExpectFrameStep): Promise<AssertionOutcome> {
  const { log, clock } = ctx;
  const match: FrameMatch = {
    ...(step.charger !== undefined ? { charger: step.charger } : {}),
    ...(step.from !== undefined ? { from: step.from } : {}),
    ...(step.type !== undefined ? { type: step.type } : {}),
    ...(step.action !== undefined ? { action: step.action } : {}),
    ...(step.payload !== undefined ? { payload: step.payload } : {}),
    ...(step.reply !== undefined ? { reply: step.reply } : {}),
    ...(step.errorCode !== undefined ? { errorCode: step.errorCode } : {}),
  };
  const open = step.since === 'start' ? ctx.window.start : ctx.window.previousStep;
  const withinMs = durationMs(step.within, 0);
  // Without `within` the frame must already be in the log (window: from its opening until now).
  const deadline = step.within === undefined ? clock.now() : open.at + withinMs + (ctx.allowanceMs ?? 0);
  const test = (f: RecordedFrame) => f.at <= deadline && frameMatches(log, f, match);
  const what = describeMatch(match);
  const span = withinMs > 0 ? ` within ${formatMs(withinMs)}` : '';
  if (step.absent) {
    const waitMs = Math.max(0, deadline - clock.now());
    const found = await log.waitFor(test, open.seq, waitMs, ctx.signal);
    if (found)
      return {
        passed: false,
        message: `expected no ${what}${span}, but one was sent ${formatMs(found.at - open.at)} after the window opened`,
        evidence: withReplies(log, [found]),
      };
    return { passed: true, message: `no ${what}${span}`, evidence: [] };
  }
  const found = await log.waitFor(test, open.seq, Math.max(0, deadline - clock.now()), ctx.signal);
  if (found) return { passed: true, message: `${what} seen after ${formatMs(found.at - open.at)}`, evidence: withReplies(log, [found]) };
  // Show what came closest: frames of the same action in the window.
  const near = log
    .all()
    .slice(open.seq)
    .filter((f) => f.frame && (match.action === undefined || log.actionOf(f) === match.action) && (match.charger === undefined || f.charger === match.charger))
    .filter((f) => f.frame?.[0] === { CALL: 2, CALLRESULT: 3, CALLERROR: 4 }[match.type ?? 'CALL'] || (match.type === undefined && match.action === undefined));
  const hint = near.length > 0 ? `; ${near.length} frame(s) of that action were seen but did not match (see evidence)` : '; no frame of that action was seen';
  return {
    passed: false,
    message: `expected ${what}${span}${hint}`,
    evidence: match.type === undefined || match.type === 'CALL' ? withReplies(log, near.slice(-6)) : near.slice(-6),
  };
}

function txSummary(tx: ObservedTransaction): string {
  const id = tx.transactionId === undefined ? 'unanswered' : `#${tx.transactionId}`;
  const energy = tx.energyWh === undefined ? 'running' : `${tx.energyWh} Wh, reason ${tx.stopReason ?? '-'}`;
  return `transaction ${id} on ${tx.charger} connector ${tx.connectorId} (${energy})`;
}

export async function expectTransaction(ctx: AssertionContext, step: ExpectTransactionStep): Promise<AssertionOutcome> {
  const charger = step.charger ?? ctx.defaultCharger;
  if (!charger) return { passed: false, message: 'no charger given', evidence: [] };
  const wantState = step.state ?? 'ended';
  const withinMs = durationMs(step.within, 0);
  const check = (): AssertionOutcome | null => {
    const tx = latestTransaction(ctx.log, charger, step.connector);
    if (!tx) return null;
    const stateOk = wantState === 'ended' ? tx.meterStopWh !== undefined : tx.meterStopWh === undefined;
    if (!stateOk) return null;
    const problems: string[] = [];
    if (step.energyWh) {
      const e = tx.energyWh ?? (wantState === 'running' ? undefined : NaN);
      const { min, max } = step.energyWh;
      if (e === undefined) problems.push('energy is unknown while the transaction runs');
      else if ((min !== undefined && !(e >= min)) || (max !== undefined && !(e <= max)))
        problems.push(`energy ${e} Wh is outside [${min ?? '-∞'}, ${max ?? '∞'}] Wh`);
    }
    if (step.stopReason !== undefined && tx.stopReason !== step.stopReason)
      problems.push(`stop reason is ${tx.stopReason ?? 'none'}, expected ${step.stopReason}`);
    return problems.length === 0
      ? { passed: true, message: `${txSummary(tx)} as expected`, evidence: tx.evidence }
      : { passed: false, message: `${txSummary(tx)}: ${problems.join('; ')}`, evidence: tx.evidence };
  };
  const deadline = step.within === undefined ? ctx.clock.now() : ctx.window.previousStep.at + withinMs + (ctx.allowanceMs ?? 0);
  let outcome = check();
  if (!outcome && deadline > ctx.clock.now()) {
    await ctx.log.waitFor(() => check() !== null, ctx.log.length, deadline - ctx.clock.now(), ctx.signal);
    outcome = check();
  }
  if (outcome) return outcome;
  const tx = latestTransaction(ctx.log, charger, step.connector);
  const where = `${charger}${step.connector !== undefined ? ` connector ${step.connector}` : ''}`;
  if (!tx)
    return {
      passed: false,
      message: `expected a${wantState === 'ended' ? 'n ended' : ' running'} transaction on ${where}, but no StartTransaction was sent`,
      evidence: [],
    };
  return {
    passed: false,
    message: `expected the latest transaction on ${where} to be ${wantState}${withinMs ? ` within ${formatMs(withinMs)}` : ''}, but ${txSummary(tx)}`,
    evidence: tx.evidence,
  };
}

export function expectNoCallError(ctx: AssertionContext, step: ExpectNoCallErrorStep): AssertionOutcome {
  const open = step.since === 'previousStep' ? ctx.window.previousStep : ctx.window.start;
  const errors = ctx.log
    .all()
    .slice(open.seq)
    .filter((f) => f.frame?.[0] === 4 && (step.charger === undefined || f.charger === step.charger));
  const invalid = ctx.log
    .all()
    .slice(open.seq)
    .filter((f) => f.frame === null && (step.charger === undefined || f.charger === step.charger));
  if (errors.length === 0 && invalid.length === 0) return { passed: true, message: 'no CALLERROR exchanged', evidence: [] };
  const evidence: RecordedFrame[] = [];
  for (const e of errors) {
    const c = ctx.log.callOf(e);
    if (c) evidence.push(c);
    evidence.push(e);
  }
  evidence.push(...invalid);
  const first = errors[0]?.frame;
  const detail = first && first[0] === 4 ? `first: ${first[2]} "${first[3]}"` : 'unparseable frames';
  return {
    passed: false,
    message: `${errors.length} CALLERROR(s)${invalid.length ? ` and ${invalid.length} unparseable frame(s)` : ''} exchanged (${detail})`,
    evidence,
  };
}
