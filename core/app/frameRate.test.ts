import { describe, expect, it } from 'vitest';
import { FrameRate } from './frameRate.js';

describe('FrameRate', () => {
  it('averages the last 5 whole seconds, forgets older ones, and keeps constant memory', () => {
    const r = new FrameRate(5);
    const t0 = Date.parse('2026-01-01T00:00:00.000Z');
    for (let i = 0; i < 100; i++) r.add(t0 + i * 10); // 100 in second 0
    for (let i = 0; i < 50; i++) r.add(t0 + 1000 + i * 10); // 50 in second 1
    expect(r.perSecond(t0 + 500)).toBe(0); // the current second is not complete
    expect(r.perSecond(t0 + 2000)).toBe(30);
    expect(r.perSecond(t0 + 5999)).toBe(30);
    expect(r.perSecond(t0 + 6000)).toBe(10); // second 0 left the window
    expect(r.perSecond(t0 + 7000)).toBe(0);
    for (let i = 0; i < 1_000_000; i++) r.add(t0 + 10_000 + (i % 1000));
    expect(r.perSecond(t0 + 11_000)).toBe(200_000);
  });
});
