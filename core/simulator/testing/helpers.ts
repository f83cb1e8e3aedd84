/** Test helpers: wait for a condition on real I/O without fixed sleeps, and build a charger on a manual clock. */
import { ManualClock } from '../clocks.js';
import { Charger, type ChargerOptions } from '../charger.js';
import { EventBus } from '../events.js';
import { loadProfile, type Profile } from '../profile.js';
import { Scheduler } from '../scheduler.js';

export async function waitFor<T>(fn: () => T | undefined | null | false, what = 'condition', timeoutMs = 5_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = fn();
    if (v !== undefined && v !== null && v !== false) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** Waits until the charger has no CALL queued or unanswered, then advances the manual clock. */
export async function advance(t: { cp: Charger; clock: ManualClock }, ms: number): Promise<void> {
  await waitFor(() => t.cp.idle, `${t.cp.id} idle before advancing the clock`);
  t.clock.advance(ms);
}

export interface TestCharger {
  cp: Charger;
  clock: ManualClock;
  scheduler: Scheduler;
  bus: EventBus;
}

export function makeCharger(url: string, profile: string | Profile = 'reference', opts: Partial<ChargerOptions> = {}, clock = new ManualClock()): TestCharger {
  const scheduler = opts.scheduler ?? new Scheduler(clock);
  const bus = opts.bus ?? new EventBus();
  const p = typeof profile === 'string' ? loadProfile(profile) : profile;
  let n = 0;
  const cp = new Charger({ id: opts.id ?? 'CP-1', url, profile: p, scheduler, bus, random: () => (n = (n * 9301 + 49297) % 233280) / 233280, ...opts });
  return { cp, clock, scheduler, bus };
}
