import { describe, expect, it } from 'vitest';
import type { ChargerSummary } from '../../../core/api/types.js';
import { nextSort, sortChargers } from './chargerSort.js';

const c = (id: string, o: Partial<ChargerSummary> = {}): ChargerSummary => ({
  id,
  connected: true,
  state: 'Available',
  vendor: null,
  model: null,
  firmware: null,
  connectors: [],
  lastSeenAt: null,
  simulated: false,
  profile: null,
  powerW: null,
  protocol: 'ocpp1.6',
  ...o,
});
const ids = (list: ChargerSummary[]) => list.map((x) => x.id);

describe('sortChargers', () => {
  const rows = [
    c('CP-10', { state: 'Unresponsive', powerW: 7000, lastSeenAt: '2026-01-01T00:00:05Z' }),
    c('CP-2', { state: 'Charging', errorCode: 'GroundFailure', powerW: 11000, lastSeenAt: '2026-01-01T00:00:09Z' }),
    c('CP-1', { state: 'Available', connected: false, powerW: 3000 }),
  ];
  it('by state, ties by natural id', () => {
    expect(ids(sortChargers([...rows, c('CP-3', { state: 'Charging' })], { key: 'state', dir: 'asc' }))).toEqual(['CP-1', 'CP-2', 'CP-3', 'CP-10']);
  });
  it('by power: an offline charger is unknown and sorts last both ways', () => {
    expect(ids(sortChargers(rows, { key: 'power', dir: 'desc' }))).toEqual(['CP-2', 'CP-10', 'CP-1']);
    expect(ids(sortChargers(rows, { key: 'power', dir: 'asc' }))).toEqual(['CP-10', 'CP-2', 'CP-1']);
  });
  it('by last seen and by error code, missing last', () => {
    expect(ids(sortChargers(rows, { key: 'lastSeen', dir: 'desc' }))).toEqual(['CP-2', 'CP-10', 'CP-1']);
    expect(ids(sortChargers(rows, { key: 'errorCode', dir: 'desc' }))).toEqual(['CP-2', 'CP-1', 'CP-10']);
  });
  it('nextSort flips the same column; a new time/power column starts newest/highest first', () => {
    expect(nextSort({ key: 'state', dir: 'asc' }, 'state')).toEqual({ key: 'state', dir: 'desc' });
    expect(nextSort({ key: 'state', dir: 'asc' }, 'power')).toEqual({ key: 'power', dir: 'desc' });
    expect(nextSort({ key: 'power', dir: 'desc' }, 'errorCode')).toEqual({ key: 'errorCode', dir: 'asc' });
  });
});
