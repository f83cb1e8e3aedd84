/**
 * Command jobs: one command sent to many chargers, a bounded number in flight at once (each charger's own CALL
 * queue keeps one outstanding), a result per charger as it comes (reply, CALLERROR, timeout, not sent). Progress
 * goes out on the live stream as it happens: counts, and the results that changed. The last jobs are kept.
 */
import { randomBytes } from 'node:crypto';
import type { CommandJobCounts, CommandJobResult, CommandJobView, CommandOutcome, CommandResult } from '../../api/types.js';

const KEPT_JOBS = 20;
/** Why a CALL was not answered at all (core/backend/errors.ts CallFailureReason, plus a routing failure). */
const NOT_SENT = new Set(['disconnected', 'overflow', 'replaced', 'noRoute', 'stopped', 'failed']);

/** How a command ended for one charger. */
export function outcomeOf(r: CommandResult): CommandOutcome {
  if (r.ok) return 'ok';
  const code = r.error?.code ?? 'failed';
  if (code === 'timeout') return 'timeout';
  return NOT_SENT.has(code) ? 'failed' : 'callError';
}

interface Job {
  view: CommandJobView;
  index: Map<string, number>;
}

export interface CommandJobRequest {
  action: string;
  payload: Record<string, unknown>;
  chargePointIds: string[];
  timeoutMs?: number;
  concurrency: number;
}

export class CommandJobs {
  private readonly jobs = new Map<string, Job>();

  constructor(
    private readonly send: (chargePointId: string, action: string, payload: unknown, timeoutMs?: number) => Promise<CommandResult>,
    private readonly publish: (job: CommandJobView) => void,
    private readonly now: () => number = Date.now,
  ) {}

  start(req: CommandJobRequest): CommandJobView {
    const ids = [...new Set(req.chargePointIds)];
    const results: CommandJobResult[] = ids.map((chargePointId) => ({ chargePointId, outcome: 'pending', latencyMs: null }));
    const counts: CommandJobCounts = { pending: ids.length, running: 0, ok: 0, callError: 0, timeout: 0, failed: 0 };
    const view: CommandJobView = {
      id: randomBytes(4).toString('hex'),
      action: req.action,
      payload: req.payload,
      total: ids.length,
      counts,
      done: ids.length === 0,
      startedAt: new Date(this.now()).toISOString(),
      finishedAt: null,
      results,
    };
    const job: Job = { view, index: new Map(ids.map((id, i) => [id, i])) };
    this.jobs.set(view.id, job);
    while (this.jobs.size > KEPT_JOBS) this.jobs.delete(this.jobs.keys().next().value as string);
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < ids.length) {
        const id = ids[next++] as string;
        this.update(job, id, { outcome: 'running' });
        const r = await this.send(id, req.action, req.payload, req.timeoutMs);
        this.update(job, id, {
          outcome: outcomeOf(r),
          ...(r.ok ? { response: r.response } : { error: { code: r.error?.code ?? 'failed', description: r.error?.description ?? '' } }),
          latencyMs: r.latencyMs,
        });
      }
    };
    void Promise.all(Array.from({ length: Math.min(req.concurrency, ids.length) }, worker)).then(() => {
      view.done = true;
      view.finishedAt = new Date(this.now()).toISOString();
      this.publish({ ...view, counts: { ...counts }, results: [] });
    });
    return this.snapshot(job);
  }

  private update(job: Job, id: string, change: Partial<CommandJobResult>): void {
    const i = job.index.get(id);
    if (i === undefined) return;
    const before = job.view.results[i] as CommandJobResult;
    const after: CommandJobResult = { ...before, ...change };
    job.view.results[i] = after;
    job.view.counts[before.outcome]--;
    job.view.counts[after.outcome]++;
    this.publish({ ...job.view, counts: { ...job.view.counts }, results: [after] });
  }

  private snapshot(job: Job): CommandJobView {
    return { ...job.view, counts: { ...job.view.counts }, results: [...job.view.results] };
  }

  get(id: string): CommandJobView | null {
    const job = this.jobs.get(id);
    return job ? this.snapshot(job) : null;
  }

  /** Newest first, without per-charger results. */
  list(): CommandJobView[] {
    return [...this.jobs.values()].reverse().map((j) => ({ ...j.view, counts: { ...j.view.counts }, results: [] }));
  }
}
