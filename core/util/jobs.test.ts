/** The job registry: ids, the kept count, every change published in order, and GET reading the same state. */
import { describe, expect, it } from 'vitest';
import { JobRegistry, sequentialIds, type JobEvent } from './jobs.js';

interface View {
  id: number;
  step: number;
  done: boolean;
}

function registry(keep = 3) {
  const jobs = new JobRegistry<'broker', View>('broker', { keep, nextId: sequentialIds() });
  const events: Array<JobEvent<'broker', View>> = [];
  jobs.subscribe((e) => events.push(e));
  return { jobs, events };
}

describe('JobRegistry', () => {
  it('assigns ids and publishes each change in the order it happened, as { kind, job }', () => {
    const { jobs, events } = registry();
    const a = jobs.start((id) => ({ id, step: 0, done: false }));
    const b = jobs.start((id) => ({ id, step: 0, done: false }));
    expect([a.id, b.id]).toEqual([1, 2]);
    const liveA = jobs.live(a.id)!;
    liveA.step = 1;
    jobs.changed(liveA);
    const liveB = jobs.live(b.id)!;
    liveB.done = true;
    jobs.changed(liveB);
    liveA.step = 2;
    liveA.done = true;
    jobs.changed(liveA);
    expect(events.map((e) => [e.kind, e.job.id, e.job.step, e.job.done])).toEqual([
      ['broker', 1, 0, false],
      ['broker', 2, 0, false],
      ['broker', 1, 1, false],
      ['broker', 2, 0, true],
      ['broker', 1, 2, true],
    ]);
    // each event is a snapshot: later changes do not rewrite what was published
    expect(events[0]!.job).toEqual({ id: 1, step: 0, done: false });
  });

  it('keeps the last N jobs (the oldest go first), newest first in the list', () => {
    const { jobs } = registry(3);
    for (let i = 0; i < 5; i++) jobs.start((id) => ({ id, step: i, done: true }));
    expect(jobs.list().map((j) => j.id)).toEqual([5, 4, 3]);
    expect(jobs.get(1)).toBeNull();
    expect(jobs.get(2)).toBeNull();
    expect(jobs.latest()?.id).toBe(5);
  });

  it('GET reads the state the last event published, and a copy of it', () => {
    const { jobs, events } = registry();
    const { id } = jobs.start((i) => ({ id: i, step: 0, done: false }));
    const job = jobs.live(id)!;
    job.step = 7;
    jobs.changed(job);
    expect(jobs.get(id)).toEqual(events.at(-1)!.job);
    const read = jobs.get(id)!;
    read.step = 99;
    expect(jobs.get(id)!.step).toBe(7);
  });

  it('a given view is published as it is (a command job sends only the results that changed), GET still has the whole job', () => {
    const { jobs, events } = registry();
    const { id } = jobs.start((i) => ({ id: i, step: 0, done: false }));
    const job = jobs.live(id)!;
    job.step = 3;
    jobs.changed(job, { id, step: -1, done: false });
    expect(events.at(-1)!.job.step).toBe(-1);
    expect(jobs.get(id)!.step).toBe(3);
  });

  it('stops telling a listener that unsubscribed', () => {
    const jobs = new JobRegistry<'spawn', { id: string }>('spawn', { keep: 2, nextId: () => 'x' });
    const seen: string[] = [];
    const off = jobs.subscribe((e) => seen.push(e.kind));
    jobs.start((id) => ({ id }));
    off();
    jobs.start((id) => ({ id }));
    expect(seen).toEqual(['spawn']);
  });
});
