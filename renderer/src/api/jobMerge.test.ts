/** Merging a job's views in the renderer: late running views never undo an end; command changes carry only some results. */
import { describe, expect, it } from 'vitest';
import type { CommandJobView, LiveJob } from '../../../core/api/types.js';
import type { RunJob } from '../../../core/api/contracts/scenarios.js';
import { jobDone, mergeJob } from './jobMerge.js';

const run = (status: RunJob['status'], step: RunJob['steps'][number]['status']): LiveJob => ({
  kind: 'scenario',
  job: {
    id: 'r1',
    file: 'a.yaml',
    status,
    startedAt: '2026-01-01T00:00:00Z',
    steps: [{ index: 0, status: step, message: '', durationMs: 0, evidence: [] }],
    result: null,
  },
});

const command = (done: boolean, results: CommandJobView['results']): LiveJob => ({
  kind: 'command',
  job: {
    id: 'c1',
    action: 'Reset',
    payload: {},
    total: 2,
    counts: { pending: 0, running: 0, ok: results.filter((r) => r.outcome === 'ok').length, callError: 0, timeout: 0, failed: 0 },
    done,
    startedAt: '2026-01-01T00:00:00Z',
    finishedAt: done ? '2026-01-01T00:00:01Z' : null,
    results,
  },
});

describe('mergeJob', () => {
  it('a running view (a late GET or batch) never replaces a finished one', () => {
    const ended = run('passed', 'passed');
    expect(mergeJob(ended, run('running', 'running'))).toBe(ended);
    expect(mergeJob(ended, run('running', 'running'), true)).toBe(ended);
    expect(mergeJob(run('running', 'running'), ended)).toBe(ended);
    expect(jobDone(ended)).toBe(true);
  });

  it("a command job's live change updates only the results it carries; a GET's view replaces them all", () => {
    const first = command(false, [
      { chargePointId: 'A', outcome: 'pending', latencyMs: null },
      { chargePointId: 'B', outcome: 'pending', latencyMs: null },
    ]);
    const b = mergeJob(first, command(false, [{ chargePointId: 'B', outcome: 'ok', latencyMs: 5 }]));
    expect(b.kind === 'command' && b.job.results.map((r) => r.outcome)).toEqual(['pending', 'ok']);
    const end = mergeJob(b, command(true, []));
    expect(end.kind === 'command' && [end.job.done, end.job.results.map((r) => r.outcome)]).toEqual([true, ['pending', 'ok']]);
    const whole = mergeJob(first, command(false, [{ chargePointId: 'A', outcome: 'ok', latencyMs: 1 }]), true);
    expect(whole.kind === 'command' && whole.job.results).toEqual([{ chargePointId: 'A', outcome: 'ok', latencyMs: 1 }]);
  });
});
