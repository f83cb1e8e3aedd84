/**
 * The message log's queries keep their index plans as the log grows (issue 16, defect 5): the store maintains
 * the planner's statistics itself — on open, periodically, after prune — so nothing (not the benchmark either)
 * has to run ANALYZE. Without statistics SQLite walks the action index for "charger + action", which on a
 * 1M-frame log took 140–470 ms for a charger with few frames; with them it uses the charger index.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from './store.js';
import { messageLogQuery, type LogPageQuery } from './messageLogQuery.js';

const dirs: string[] = [];
const stores: Store[] = [];
afterEach(() => {
  for (const s of stores.splice(0)) s.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function tempStore(opts: { statisticsIntervalMs?: number } = {}): { store: Store; dir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'chargebench-plans-'));
  dirs.push(dir);
  const store = openStore({ dataDir: dir, ...opts });
  stores.push(store);
  return { store, dir };
}

/** 60,000 frames: CALL/reply pairs from 300 busy chargers, and a slow charger with one frame in a thousand. */
function fill(store: Store): void {
  const actions = ['MeterValues', 'MeterValues', 'MeterValues', 'Heartbeat', 'StatusNotification', 'StartTransaction'];
  const t0 = Date.parse('2026-01-01T00:00:00Z');
  store.transaction(() => {
    for (let i = 0; i < 30_000; i++) {
      const chargePointId = i % 1000 === 0 ? 'SLOW-1' : `CP-${i % 300}`;
      const action = actions[i % actions.length] as string;
      const call = store.frames.insert({
        atMs: t0 + i * 100,
        chargePointId,
        connectionId: 'c',
        direction: 'in',
        messageType: 'CALL',
        action,
        messageId: `m${i}`,
        raw: `[2,"m${i}","${action}",{}]`,
      });
      const reply = store.frames.insert({
        atMs: t0 + i * 100 + 3,
        chargePointId,
        connectionId: 'c',
        direction: 'out',
        messageType: 'CALLRESULT',
        action,
        messageId: `m${i}`,
        callFrameId: call.id,
        raw: `[3,"m${i}",{}]`,
      });
      store.frames.linkReply(call.id, reply.id, 3, null);
    }
  });
}

const PLANS: Array<[string, LogPageQuery, RegExp]> = [
  ['slow charger + action', { chargePointId: 'SLOW-1', action: 'MeterValues', limit: 200 }, /USING INDEX frames_cp_id \(charge_point_id=\?\)/],
  ['slow charger', { chargePointId: 'SLOW-1', limit: 200 }, /USING INDEX frames_cp_id/],
  ['action', { action: 'StartTransaction', limit: 200 }, /USING INDEX frames_action/],
  [
    'charger + time range',
    { chargePointId: 'SLOW-1', from: Date.parse('2026-01-01T00:10:00Z'), to: Date.parse('2026-01-01T00:20:00Z'), limit: 200 },
    /USING INDEX frames_cp_id \(charge_point_id=\? AND id>\? AND id<\?\)/,
  ],
];

function expectIndexPlans(store: Store): void {
  const log = messageLogQuery(store.db);
  for (const [name, q, plan] of PLANS) expect(log.explain(q).join(' | '), name).toMatch(plan);
}

describe('message-log query plans on a grown log', () => {
  it('after a restart: the store measured the tables when it opened', () => {
    const { store, dir } = tempStore({ statisticsIntervalMs: 0 });
    fill(store);
    store.close();
    const reopened = openStore({ dataDir: dir, statisticsIntervalMs: 0 });
    stores.push(reopened);
    expectIndexPlans(reopened);
  });

  it('without a restart: the store refreshes its statistics while the log grows', async () => {
    const { store } = tempStore({ statisticsIntervalMs: 50 });
    fill(store);
    await new Promise((r) => setTimeout(r, 300));
    expectIndexPlans(store);
  });

  it('after prune: statistics follow the shrink', () => {
    const { store } = tempStore({ statisticsIntervalMs: 0 });
    fill(store);
    store.prune('2026-01-01T00:30:00Z');
    const stat = store.db.prepare(`SELECT stat FROM sqlite_stat1 WHERE tbl = 'frames' AND idx = 'frames_cp_id'`).get() as { stat: string } | undefined;
    expect(Number(stat?.stat.split(' ')[0])).toBeLessThan(60_000);
    expectIndexPlans(store);
  });
});
