/**
 * Follows one job (spawn, command job, scenario run, broker job) from the view its start call returned: its changes
 * arrive on the live stream (core/util/jobs.ts publishes them), and one GET on every (re)connect of the stream
 * catches up whatever happened meanwhile. No polling.
 */
import { useEffect, useState } from 'react';
import type { LiveJob } from '../../../core/api/types.js';
import type { BrokerJobView } from '../../../core/api/contracts/broker.js';
import { api, call, contracts } from './client.js';
import { live } from './live.js';
import { scenarioApi } from './scenarios.js';
import { jobDone, mergeJob } from './jobMerge.js';

export type JobKind = LiveJob['kind'];
type JobViews = { [E in LiveJob as E['kind']]: E['job'] };
export type JobOf<K extends JobKind> = JobViews[K];

/** The job as GET shows it now (null: gone, or not readable). */
async function read(e: LiveJob): Promise<LiveJob | null> {
  switch (e.kind) {
    case 'spawn': {
      const j = (await api.spawnJobs()).find((x) => x.id === e.job.id);
      return j ? { kind: 'spawn', job: j } : null;
    }
    case 'command':
      return { kind: 'command', job: await call(contracts.commands.job, { params: { id: e.job.id } }) };
    case 'scenario':
      return { kind: 'scenario', job: (await scenarioApi.job(e.job.id)).job };
    case 'broker': {
      // core/docker's own type says more than the contract's schema
      const j = ((await call(contracts.broker.job)) as { job: BrokerJobView | null }).job;
      return j && j.id === e.job.id ? { kind: 'broker', job: j } : null;
    }
  }
}

/** Follows a job: onJob gets each new view (the first is the given one). Returns the function that stops following. */
export function followJob<K extends JobKind>(kind: K, initial: JobOf<K>, onJob: (job: JobOf<K>) => void): () => void {
  let known = { kind, job: initial } as LiveJob;
  let stopped = false;
  const apply = (e: LiveJob, fromGet: boolean): void => {
    if (stopped) return;
    known = mergeJob(known, e, fromGet);
    onJob(known.job as JobOf<K>);
  };
  const catchUp = (): void =>
    void read(known).then(
      (e) => e && apply(e, true),
      () => undefined,
    );
  const offBatch = live.on((b) => {
    for (const e of b.jobs ?? []) if (e.kind === kind && e.job.id === initial.id) apply(e, false);
  });
  const offState = live.onState(() => live.state === 'open' && catchUp());
  // whatever happened before the subscription took effect
  catchUp();
  return () => {
    stopped = true;
    offBatch();
    offState();
  };
}

/** Resolves with the job's view once it has ended. */
export function jobEnded<K extends JobKind>(kind: K, initial: JobOf<K>): Promise<JobOf<K>> {
  return new Promise((resolve) => {
    if (jobDone({ kind, job: initial } as LiveJob)) return resolve(initial);
    const stop = followJob(kind, initial, (job) => {
      if (!jobDone({ kind, job } as LiveJob)) return;
      stop();
      resolve(job);
    });
  });
}

/** The job's latest view, following it on the live stream from the given view (null: nothing to follow). */
export function useJob<K extends JobKind>(kind: K, initial: JobOf<K> | null): JobOf<K> | null {
  const [job, setJob] = useState<JobOf<K> | null>(initial);
  useEffect(() => {
    setJob(initial);
    if (!initial) return;
    return followJob(kind, initial, setJob);
  }, [kind, initial]);
  return job;
}
