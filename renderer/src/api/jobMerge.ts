/** How the renderer merges a job's views (pure; used by useJob.ts). */
import type { LiveJob } from '../../../core/api/types.js';

/** Whether a job has ended (a finished view is never replaced by a running one that arrived late). */
export function jobDone(e: LiveJob): boolean {
  switch (e.kind) {
    case 'spawn':
    case 'command':
      return e.job.done;
    case 'scenario':
      return e.job.status !== 'running';
    case 'broker':
      return e.job.state !== 'running';
  }
}

/**
 * A change merged into what is known of a job. A finished job is never replaced by a running view that arrived
 * late; a GET's view is the whole job and replaces; a live command-job change carries only the results that changed.
 */
export function mergeJob(prev: LiveJob, next: LiveJob, whole = false): LiveJob {
  if (jobDone(prev) && !jobDone(next)) return prev;
  if (whole) return next;
  if (prev.kind === 'command' && next.kind === 'command') {
    const byId = new Map(next.job.results.map((r) => [r.chargePointId, r]));
    const results = prev.job.results.length ? prev.job.results.map((r) => byId.get(r.chargePointId) ?? r) : next.job.results;
    return { kind: 'command', job: { ...next.job, results } };
  }
  return next;
}
