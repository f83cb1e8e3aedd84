import { describe, expect, it } from 'vitest';
import type { LogEntry } from '../../../core/api/types.js';
import { sortLogEntries } from './logSort.js';

const e = (id: number, latencyMs: number | null) => ({ id, latencyMs }) as unknown as LogEntry;
const ids = (l: LogEntry[]) => l.map((x) => x.id);

describe('sortLogEntries', () => {
  const rows = [e(5, 30), e(4, null), e(3, 900), e(2, 30)];
  it('time: desc is as loaded, asc reversed', () => {
    expect(sortLogEntries(rows, { key: 'time', dir: 'desc' })).toBe(rows);
    expect(ids(sortLogEntries(rows, { key: 'time', dir: 'asc' }))).toEqual([2, 3, 4, 5]);
  });
  it('latency both ways, ties newest first, no latency last', () => {
    expect(ids(sortLogEntries(rows, { key: 'latency', dir: 'desc' }))).toEqual([3, 5, 2, 4]);
    expect(ids(sortLogEntries(rows, { key: 'latency', dir: 'asc' }))).toEqual([5, 2, 3, 4]);
  });
});
