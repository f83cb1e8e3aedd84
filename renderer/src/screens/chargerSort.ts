/** Sorting the Chargers table by a column: state, error code, last seen or power (id breaks ties, naturally). */
import type { ChargerSummary } from '../../../core/api/types.js';

export type ChargerSortKey = 'id' | 'state' | 'errorCode' | 'lastSeen' | 'power';
export interface ChargerSort {
  key: ChargerSortKey;
  dir: 'asc' | 'desc';
}

const collator = new Intl.Collator(undefined, { numeric: true });

/** Missing values (no error, never seen, power unknown) sort last in either direction. */
function compareMaybe<T>(a: T | null, b: T | null, cmp: (x: T, y: T) => number, dir: number): number {
  if (a === null && b === null) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return cmp(a, b) * dir;
}

export function sortChargers(rows: readonly ChargerSummary[], sort: ChargerSort): ChargerSummary[] {
  const dir = sort.dir === 'asc' ? 1 : -1;
  const byId = (a: ChargerSummary, b: ChargerSummary) => collator.compare(a.id, b.id);
  const key = (a: ChargerSummary, b: ChargerSummary): number => {
    switch (sort.key) {
      case 'id':
        return byId(a, b) * dir;
      case 'state':
        return collator.compare(a.state, b.state) * dir;
      case 'errorCode':
        return compareMaybe(a.errorCode ?? null, b.errorCode ?? null, collator.compare, dir);
      case 'lastSeen':
        return compareMaybe(a.lastSeenAt ? Date.parse(a.lastSeenAt) : null, b.lastSeenAt ? Date.parse(b.lastSeenAt) : null, (x, y) => x - y, dir);
      case 'power':
        return compareMaybe(a.connected ? a.powerW : null, b.connected ? b.powerW : null, (x, y) => x - y, dir);
    }
  };
  return [...rows].sort((a, b) => key(a, b) || byId(a, b));
}

/** Clicking a header: a new column sorts ascending (time and power: newest / highest first), the same one flips. */
export function nextSort(current: ChargerSort, key: ChargerSortKey): ChargerSort {
  if (current.key === key) return { key, dir: current.dir === 'asc' ? 'desc' : 'asc' };
  return { key, dir: key === 'lastSeen' || key === 'power' ? 'desc' : 'asc' };
}
