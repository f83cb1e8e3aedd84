/**
 * One job registry for the bench's long-running jobs (spawns, command jobs, scenario runs, broker jobs): it
 * assigns ids, keeps the last N jobs of its kind, and tells its subscribers about each change as one event
 * shape ({ kind, job }), in the order the changes happen. The bench's live feed subscribes and puts the events on
 * the live stream; the GET routes read the same registry. Each kind keeps its own view type (from its contract).
 */

export type JobKind = 'spawn' | 'command' | 'scenario' | 'broker';

/** One change of a job: its kind and its view (for command jobs, the results that changed). */
export interface JobEvent<K extends JobKind = JobKind, V = unknown> {
  kind: K;
  job: V;
}

export interface JobRegistryOptions<V extends { id: string | number }> {
  /** How many jobs are kept (the oldest go first). */
  keep: number;
  /** The next job's id. */
  nextId: () => V['id'];
  /** A copy of a job as GET shows it and events carry it (default: structuredClone). */
  snapshot?: (job: V) => V;
}

export class JobRegistry<K extends JobKind, V extends { id: string | number }> {
  private readonly jobs = new Map<V['id'], V>();
  private readonly listeners = new Set<(e: JobEvent<K, V>) => void>();
  private readonly snapshotOf: (job: V) => V;

  constructor(
    readonly kind: K,
    private readonly options: JobRegistryOptions<V>,
  ) {
    this.snapshotOf = options.snapshot ?? ((job) => structuredClone(job));
  }

  /** Registers a new job (made with its id), drops the oldest beyond the kept count, publishes it; returns its snapshot. */
  start(make: (id: V['id']) => V): V {
    const job = make(this.options.nextId());
    this.jobs.set(job.id, job);
    while (this.jobs.size > this.options.keep) this.jobs.delete(this.jobs.keys().next().value as V['id']);
    this.changed(job);
    return this.snapshotOf(job);
  }

  /** Publishes a change of a job: its snapshot, or the given view (a command job sends only the results that changed). */
  changed(job: V, view: V = this.snapshotOf(job)): void {
    const e: JobEvent<K, V> = { kind: this.kind, job: view };
    for (const l of this.listeners) l(e);
  }

  get(id: V['id']): V | null {
    const job = this.jobs.get(id);
    return job ? this.snapshotOf(job) : null;
  }

  /** The job itself (not a copy), for its owner to change. */
  live(id: V['id']): V | undefined {
    return this.jobs.get(id);
  }

  /** Newest first. */
  list(map: (job: V) => V = this.snapshotOf): V[] {
    return [...this.jobs.values()].reverse().map(map);
  }

  latest(): V | null {
    const last = [...this.jobs.values()].at(-1);
    return last ? this.snapshotOf(last) : null;
  }

  subscribe(listener: (e: JobEvent<K, V>) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

/** Job ids as counters (1, 2, 3…). */
export function sequentialIds(): () => number {
  let next = 1;
  return () => next++;
}
