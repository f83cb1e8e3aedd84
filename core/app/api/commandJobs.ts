/**
 * Command jobs: one command sent to many chargers, a bounded number in flight at once (each charger's own CALL
 * queue keeps one outstanding), a result per charger as it comes (reply, CALLERROR, timeout, not sent). Progress
 * goes out on the live stream as it happens (through the job registry, core/util/jobs.ts): counts, and the results
 * that changed. The last jobs are kept.
 */
import { randomBytes } from 'node:crypto';
import type { CommandJobCounts, CommandJobResult, CommandJobView, CommandOutcome, CommandResult } from '../../api/types.js';
import { JobRegistry } from '../../util/jobs.js';

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

const snapshot = (view: CommandJobView): CommandJobView => ({ ...view, counts: { ...view.counts }, results: [...view.results] });

export interface CommandJobRequest {
  action: string;
  payload: Record<string, unknown>;
  chargePointIds: string[];
  timeoutMs?: number;
  concurrency: number;
}

export class CommandJobs {
  readonly registry = new JobRegistry<'command', CommandJobView>('command', { keep: KEPT_JOBS, nextId: () => randomBytes(4).toString('hex'), snapshot });

  constructor(
    private readonly send: (chargePointId: string, action: string, payload: unknown, timeoutMs?: number) => Promise<CommandResult>,
    private readonly now: () => number = Date.now,
  ) {}

  start(req: CommandJobRequest): CommandJobView {
    const ids = [...new Set(req.chargePointIds)];
    const results: CommandJobResult[] = ids.map((chargePointId) => ({ chargePointId, outcome: 'pending', latencyMs: null }));
    const counts: CommandJobCounts = { pending: ids.length, running: 0, ok: 0, callError: 0, timeout: 0, failed: 0 };
    const started = this.registry.start((id) => ({
      id,
      action: req.action,
      payload: req.payload,
      total: ids.length,
      counts,
      done: ids.length === 0,
      startedAt: new Date(this.now()).toISOString(),
      finishedAt: null,
      results,
    }));
    const view = this.registry.live(started.id) as CommandJobView;
    const index = new Map(ids.map((id, i) => [id, i]));
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < ids.length) {
        const id = ids[next++] as string;
        this.update(view, index, id, { outcome: 'running' });
        const r = await this.send(id, req.action, req.payload, req.timeoutMs);
        this.update(view, index, id, {
          outcome: outcomeOf(r),
          ...(r.ok ? { response: r.response } : { error: { code: r.error?.code ?? 'failed', description: r.error?.description ?? '' } }),
          latencyMs: r.latencyMs,
        });
      }
    };
    void Promise.all(Array.from({ length: Math.min(req.concurrency, ids.length) }, worker)).then(() => {
      view.done = true;
      view.finishedAt = new Date(this.now()).toISOString();
      this.registry.changed(view, { ...view, counts: { ...counts }, results: [] });
    });
    return started;
  }

  private update(view: CommandJobView, index: Map<string, number>, id: string, change: Partial<CommandJobResult>): void {
    const i = index.get(id);
    if (i === undefined) return;
    const before = view.results[i] as CommandJobResult;
    const after: CommandJobResult = { ...before, ...change };
    view.results[i] = after;
    view.counts[before.outcome]--;
    view.counts[after.outcome]++;
    this.registry.changed(view, { ...view, counts: { ...view.counts }, results: [after] });
  }

  get(id: string): CommandJobView | null {
    return this.registry.get(id);
  }

  /** Newest first, without per-charger results. */
  list(): CommandJobView[] {
    return this.registry.list((v) => ({ ...v, counts: { ...v.counts }, results: [] }));
  }
}
