import { describe, expect, it } from 'vitest';
import { isoTime } from './isoTime.js';

describe('isoTime', () => {
  it('is exactly Date#toISOString, in and across seconds, at the edges and outside the fast range', () => {
    const samples = [
      0,
      1,
      9,
      10,
      99,
      100,
      999,
      1000,
      1001,
      Date.parse('2026-12-31T23:59:59.999Z'),
      Date.parse('2027-01-01T00:00:00.000Z'),
      253_402_300_799_999,
      253_402_300_800_000,
      -1,
      -1001,
      1.5,
      8.64e15,
    ];
    let ms = Date.parse('2026-06-01T12:00:00.000Z');
    for (let i = 0; i < 5000; i++) samples.push((ms += Math.floor(Math.random() * 700)));
    for (let i = 0; i < 200; i++) samples.push(Math.floor(Math.random() * 4e12));
    for (const v of samples) expect(isoTime(v), String(v)).toBe(new Date(v).toISOString());
    expect(() => isoTime(Number.NaN)).toThrow(RangeError);
  });
});
