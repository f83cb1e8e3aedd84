/** A manual clock for tests: time moves only when advance() is called; due timers fire in order. */
import type { Clock, TimerHandle } from '../../util/clock.js';

interface Timer {
  id: number;
  due: number;
  fn: () => void;
}

export class FakeClock implements Clock {
  private timers: Timer[] = [];
  private seq = 0;
  constructor(public ms: number = Date.parse('2026-01-01T00:00:00.000Z')) {}

  now(): number {
    return this.ms;
  }
  iso(): string {
    return new Date(this.ms).toISOString();
  }
  setTimeout(fn: () => void, ms: number): TimerHandle {
    const t: Timer = { id: ++this.seq, due: this.ms + Math.max(0, ms), fn };
    this.timers.push(t);
    return t as unknown as TimerHandle;
  }
  clearTimeout(handle: TimerHandle): void {
    this.timers = this.timers.filter((t) => t !== (handle as unknown as Timer));
  }
  /** Timers waiting to fire. */
  get pendingTimers(): number {
    return this.timers.length;
  }
  /** Moves time forward, firing due timers in order and letting promise callbacks run after each. */
  async advance(ms: number): Promise<void> {
    const end = this.ms + ms;
    for (;;) {
      await settle();
      const next = this.timers.filter((t) => t.due <= end).sort((a, b) => a.due - b.due || a.id - b.id)[0];
      if (!next) break;
      this.timers = this.timers.filter((t) => t !== next);
      this.ms = next.due;
      next.fn();
    }
    this.ms = end;
    await settle();
  }
}

/** Lets pending promise chains (and setImmediate callbacks) run. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise<void>((r) => setImmediate(r));
}
