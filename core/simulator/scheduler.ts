/**
 * One timer wheel for a whole fleet: every charger's heartbeat, meter sample, retry and timeout is a task in a
 * binary heap, and only the earliest one holds a real timer on the injected clock. Thousands of chargers cost one
 * timer, not thousands; cancelling is O(log n) so dead timeouts never pile up.
 */
import type { Clock, TimerHandle } from '../util/clock.js';

export interface Task {
  due: number;
  /** Tie-breaker so tasks due at the same instant run in the order they were scheduled. */
  seq: number;
  /** Position in the heap, -1 once run or cancelled. */
  idx: number;
  fn: () => void;
}

/** How many due tasks run before yielding to I/O (keeps sockets serviced when 10,000 heartbeats fall due together). */
const BATCH = 500;

export class Scheduler {
  readonly clock: Clock;
  private heap: Task[] = [];
  private seq = 0;
  private armedDue = Infinity;
  private armedHandle: TimerHandle | null = null;
  private running = false;
  /** Reports a task that threw; the scheduler keeps going. */
  onError: (err: unknown) => void = () => {};

  constructor(clock: Clock) {
    this.clock = clock;
  }

  now(): number {
    return this.clock.now();
  }

  get size(): number {
    return this.heap.length;
  }

  after(ms: number, fn: () => void): Task {
    return this.at(this.clock.now() + Math.max(0, ms), fn);
  }

  at(due: number, fn: () => void): Task {
    const task: Task = { due, seq: this.seq++, idx: this.heap.length, fn };
    this.heap.push(task);
    this.up(task.idx);
    if (!this.running && due < this.armedDue) this.arm();
    return task;
  }

  /** Cancels a task (no-op when already run, cancelled or null). Returns null so callers can `t = s.cancel(t)`. */
  cancel(task: Task | null | undefined): null {
    if (!task || task.idx < 0) return null;
    const i = task.idx;
    const last = this.heap.pop() as Task;
    task.idx = -1;
    if (last !== task) {
      this.heap[i] = last;
      last.idx = i;
      this.down(i);
      this.up(last.idx);
    }
    return null;
  }

  /** Drops every task (used when a fleet stops). */
  clear(): void {
    for (const t of this.heap) t.idx = -1;
    this.heap = [];
    this.disarm();
  }

  private disarm(): void {
    if (this.armedHandle !== null) this.clock.clearTimeout(this.armedHandle);
    this.armedHandle = null;
    this.armedDue = Infinity;
  }

  private arm(): void {
    this.disarm();
    const top = this.heap[0];
    if (!top) return;
    this.armedDue = top.due;
    this.armedHandle = this.clock.setTimeout(() => this.run(), Math.max(0, top.due - this.clock.now()));
  }

  private run(): void {
    this.armedHandle = null;
    this.armedDue = Infinity;
    this.running = true;
    try {
      const now = this.clock.now();
      for (let n = 0; n < BATCH; n++) {
        const top = this.heap[0];
        if (!top || top.due > now) break;
        this.cancel(top);
        try {
          top.fn();
        } catch (err) {
          this.onError(err);
        }
      }
    } finally {
      this.running = false;
    }
    this.arm();
  }

  private less(a: Task, b: Task): boolean {
    return a.due < b.due || (a.due === b.due && a.seq < b.seq);
  }

  private up(i: number): void {
    const h = this.heap;
    const t = h[i] as Task;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const parent = h[p] as Task;
      if (!this.less(t, parent)) break;
      h[i] = parent;
      parent.idx = i;
      i = p;
    }
    h[i] = t;
    t.idx = i;
  }

  private down(i: number): void {
    const h = this.heap;
    const n = h.length;
    const t = h[i];
    if (!t) return;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const c = r < n && this.less(h[r] as Task, h[l] as Task) ? r : l;
      const child = h[c] as Task;
      if (!this.less(child, t)) break;
      h[i] = child;
      child.idx = i;
      i = c;
    }
    h[i] = t;
    t.idx = i;
  }
}
