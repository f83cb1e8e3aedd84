/** Sorting the Message log's loaded rows by time (default, newest first) or latency (rows without one last). */
import type { LogEntry } from '../../../core/api/types.js';

export type LogSortKey = 'time' | 'latency';
export interface LogSort {
  key: LogSortKey;
  dir: 'asc' | 'desc';
}

/** Rows arrive newest first (by id): time desc is the list as it is. */
export function sortLogEntries(entries: LogEntry[], sort: LogSort): LogEntry[] {
  if (sort.key === 'time') return sort.dir === 'desc' ? entries : [...entries].reverse();
  const dir = sort.dir === 'asc' ? 1 : -1;
  return [...entries].sort((a, b) => {
    if (a.latencyMs === null && b.latencyMs === null) return b.id - a.id;
    if (a.latencyMs === null) return 1;
    if (b.latencyMs === null) return -1;
    return (a.latencyMs - b.latencyMs) * dir || b.id - a.id;
  });
}
