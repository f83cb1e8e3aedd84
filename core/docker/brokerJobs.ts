/**
 * The broker helper as long-running jobs for the bench API / Settings screen: start and stop can take
 * minutes (first image pull), so the API starts a job and its progress goes out on the live stream (core/util/jobs.ts;
 * GET /api/broker/job reads the latest). One job at a time: asking again while one runs returns the running job.
 */
import type Docker from 'dockerode';
import { createDockerClient } from './dockerEngine.js';
import { DockerUnavailableError } from './dockerEngine.js';
import {
  rabbitBrokerStatus,
  startRabbitBroker,
  stopRabbitBroker,
  BrokerError,
  type BrokerProgress,
  type BrokerStartResult,
  type BrokerStatus,
  type BrokerStopResult,
  type RabbitBrokerOptions,
} from './rabbitContainer.js';
import { JobRegistry, sequentialIds, type JobEvent } from '../util/jobs.js';

export interface BrokerJobView {
  id: number;
  action: 'start' | 'stop';
  state: 'running' | 'done' | 'failed';
  startedAt: string;
  finishedAt: string | null;
  /** Latest progress first-to-last (bounded). */
  progress: BrokerProgress[];
  /** For start: the AMQP URL to switch the transport to. */
  result: BrokerStartResult | BrokerStopResult | null;
  error: string | null;
  /** Why it failed, for the UI to offer the right alternative. */
  failure: 'docker-unavailable' | 'not-ready' | 'error' | null;
}

const MAX_PROGRESS = 100;
/** Finished jobs kept (GET shows the latest). */
const KEPT_JOBS = 10;

export class BrokerJobs {
  private readonly jobs = new JobRegistry<'broker', BrokerJobView>('broker', { keep: KEPT_JOBS, nextId: sequentialIds() });
  private current: BrokerJobView | null = null;
  private docker: Docker | undefined;

  constructor(
    private readonly makeDocker: () => Docker = () => createDockerClient(),
    private readonly options: RabbitBrokerOptions = {},
  ) {}

  private client(): Docker {
    return (this.docker ??= this.makeDocker());
  }

  status(): Promise<BrokerStatus> {
    return rabbitBrokerStatus(this.client(), this.options);
  }

  job(): BrokerJobView | null {
    return this.jobs.latest();
  }

  /** Each change of a job (started, a progress step, done or failed), in order. */
  subscribe(listener: (e: JobEvent<'broker', BrokerJobView>) => void): () => void {
    return this.jobs.subscribe(listener);
  }

  start(): BrokerJobView {
    return this.run('start', (progress) => startRabbitBroker(this.client(), this.options, progress));
  }

  stop(remove: boolean): BrokerJobView {
    return this.run('stop', (progress) => stopRabbitBroker(this.client(), { ...this.options, remove }, progress));
  }

  /** Resolves when the current job (if any) has finished. */
  async settled(): Promise<BrokerJobView | null> {
    await this.pending;
    return this.job();
  }

  private pending: Promise<unknown> = Promise.resolve();

  private run(action: 'start' | 'stop', work: (progress: (p: BrokerProgress) => void) => Promise<BrokerStartResult | BrokerStopResult>): BrokerJobView {
    if (this.current?.state === 'running') return this.job()!;
    const started = this.jobs.start((id) => ({
      id,
      action,
      state: 'running',
      startedAt: new Date().toISOString(),
      finishedAt: null,
      progress: [],
      result: null,
      error: null,
      failure: null,
    }));
    const job = this.jobs.live(started.id) as BrokerJobView;
    this.current = job;
    const progress = (p: BrokerProgress) => {
      job.progress.push(p);
      if (job.progress.length > MAX_PROGRESS) job.progress.splice(0, job.progress.length - MAX_PROGRESS);
      this.jobs.changed(job);
    };
    this.pending = work(progress).then(
      (result) => {
        job.result = result;
        job.state = 'done';
        job.finishedAt = new Date().toISOString();
        this.jobs.changed(job);
      },
      (err: unknown) => {
        job.error = (err as Error)?.message ?? String(err);
        job.failure = err instanceof DockerUnavailableError ? 'docker-unavailable' : err instanceof BrokerError && err.step === 'wait' ? 'not-ready' : 'error';
        job.state = 'failed';
        job.finishedAt = new Date().toISOString();
        this.jobs.changed(job);
      },
    );
    return started;
  }
}

let shared: BrokerJobs | undefined;
/** The process-wide helper (one Docker engine, one managed broker). */
export function sharedBrokerJobs(): BrokerJobs {
  return (shared ??= new BrokerJobs());
}
