/** Per-key serialization: the order every charger's events are handled in. */
import { describe, expect, it } from 'vitest';
import { KeyedSerializer } from './serial.js';

const tick = () => new Promise<void>((r) => setImmediate(r));

describe('KeyedSerializer', () => {
  it("runs one key's tasks one at a time in submission order, other keys alongside; a failure rejects alone", async () => {
    const s = new KeyedSerializer();
    const log: string[] = [];
    let inside = 0;
    let maxInsideA = 0;
    const task = (key: string, n: number, waits: number, fail = false) =>
      s.run(key, async () => {
        if (key === 'A') maxInsideA = Math.max(maxInsideA, ++inside);
        log.push(`${key}${n}+`);
        for (let i = 0; i < waits; i++) await tick();
        log.push(`${key}${n}-`);
        if (key === 'A') inside--;
        if (fail) throw new Error(`${key}${n} fails`);
        return `${key}${n}`;
      });
    const results = await Promise.allSettled([task('A', 1, 3), task('A', 2, 0, true), task('B', 1, 1), task('A', 3, 1)]);
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as Error).message))).toEqual(['A1', 'A2 fails', 'B1', 'A3']);
    expect(maxInsideA).toBe(1);
    expect(log.filter((l) => l.startsWith('A'))).toEqual(['A1+', 'A1-', 'A2+', 'A2-', 'A3+', 'A3-']);
    // B did not wait for A's queue
    expect(log.indexOf('B1-')).toBeLessThan(log.indexOf('A1-'));
  });

  it('a task that throws synchronously rejects and the next one still runs; idle() waits for everything submitted', async () => {
    const s = new KeyedSerializer();
    const done: number[] = [];
    const a = s.run('K', () => {
      throw new Error('sync');
    });
    const b = s.run('K', async () => {
      await tick();
      done.push(2);
    });
    await expect(a).rejects.toThrow('sync');
    await s.idle();
    expect(done).toEqual([2]);
    await b;
    await s.idle(); // nothing running: resolves at once
  });
});
