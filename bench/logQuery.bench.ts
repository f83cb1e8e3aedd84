/**
 * Message-log queries over 1,000,000 stored frames (the GUI's filters), on a real store file (WAL, the schema's
 * indexes). Frames are CALL/reply pairs from 1,000 chargers over ~3 hours, generated with one bulk insert.
 * Prints the median and p95 of each query; the target is < 100 ms with a filter.
 *
 * The bench never runs ANALYZE itself: the store keeps the planner's statistics (on open, periodically, after
 * prune). It first times "slow charger + action" on the freshly loaded, never-measured log (what a store without
 * statistics did: the action index walked), then reopens the store (as after a restart, or as its 30 s refresh
 * would) and times every query with the statistics the store gathered, printing how long gathering took.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../core/store/index.js';
import { messageLogQuery, type LogPageQuery } from '../core/store/messageLogQuery.js';
import { bulkLoadFrames } from './lib/frameLog.js';

const TOTAL = Number(process.env.LOG_BENCH_FRAMES ?? 1_000_000);
const CHARGERS = 1000;
const dir = mkdtempSync(join(tmpdir(), 'chargebench-logbench-'));
let store = openStore({ dataDir: dir, statisticsIntervalMs: 0 });
let db = store.db;

const { loadedMs, totalMs: insertMs, indexes, t0 } = bulkLoadFrames(db, TOTAL, CHARGERS);
// The bulk load went around the store (raw SQL, indexes rebuilt): drop what the empty store measured on open,
// as if the log had grown from nothing during a long run.
if (db.prepare(`SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'`).get()) db.exec('DELETE FROM sqlite_stat1');
const count = (db.prepare('SELECT COUNT(*) AS n FROM frames').get() as { n: number }).n;
console.log(
  `stored ${count.toLocaleString()} frames (${CHARGERS} chargers + 1 slow one): bulk insert ${(loadedMs / 1000).toFixed(1)} s (${Math.round(count / (loadedMs / 1000)).toLocaleString()} rows/s), with ${indexes} indexes rebuilt ${(insertMs / 1000).toFixed(1)} s`,
);

const SLOW_CASE: LogPageQuery = { chargePointId: 'SLOW-0001', action: 'MeterValues', limit: 200 };
db.exec('ANALYZE sqlite_schema'); // makes this connection reload the (now empty) statistics; it measures nothing
const unmeasured = measureWith(messageLogQuery(db), SLOW_CASE);
const planBefore = messageLogQuery(db).explain(SLOW_CASE).join(' | ');
store.close();
const openStart = performance.now();
store = openStore({ dataDir: dir, statisticsIntervalMs: 0 });
const openMs = performance.now() - openStart;
db = store.db;
const log = messageLogQuery(db);
const measured = measureWith(log, SLOW_CASE);
console.log(`slow charger + action, no statistics:        median ${unmeasured.median.toFixed(2)} ms, p95 ${unmeasured.p95.toFixed(2)} ms  (${planBefore})`);
console.log(
  `slow charger + action, the store's statistics: median ${measured.median.toFixed(2)} ms, p95 ${measured.p95.toFixed(2)} ms  (${log.explain(SLOW_CASE).join(' | ')})`,
);
console.log(
  `  → ${(unmeasured.median / Math.max(0.01, measured.median)).toFixed(0)}× faster; opening the store (migrate + PRAGMA optimize with analysis_limit) took ${openMs.toFixed(0)} ms`,
);
const refreshStart = performance.now();
store.refreshStatistics();
console.log(`  the store's periodic refresh (PRAGMA optimize, nothing to do): ${(performance.now() - refreshStart).toFixed(2)} ms`);

const mid = t0 + 90 * 60_000;
const cases: Array<[string, LogPageQuery]> = [
  ['newest 200 (no filter)', { limit: 200 }],
  ['by charger', { chargePointId: 'CP-0421', limit: 200 }],
  ['by action (StartTransaction)', { action: 'StartTransaction', limit: 200 }],
  ['by charger + action', { chargePointId: 'CP-0421', action: 'MeterValues', limit: 200 }],
  ['slow charger + action', SLOW_CASE],
  ['by direction out', { direction: 'out', limit: 200 }],
  ['CALLERRORs only', { messageType: 'CALLERROR', limit: 200 }],
  ['time range (10 min, mid-history)', { from: mid, to: mid + 600_000, limit: 200 }],
  ['charger + time range', { chargePointId: 'CP-0421', from: mid, to: mid + 3600_000, limit: 200 }],
  ['free text, common (idTag prefix)', { text: 'TAG-', limit: 200 }],
  ['free text, rare (one idTag) — budgeted window', { text: 'TAG-123"', limit: 200 }],
  ['free text + charger', { chargePointId: 'CP-0421', text: 'TAG-', limit: 200 }],
  ['page deep (before id 500,000)', { before: 500_000, limit: 200 }],
];

function measure(q: LogPageQuery): { median: number; p95: number; rows: number } {
  return measureWith(log, q);
}

function measureWith(l: ReturnType<typeof messageLogQuery>, q: LogPageQuery): { median: number; p95: number; rows: number } {
  const times: number[] = [];
  let rows = 0;
  for (let i = 0; i < 21; i++) {
    const s = performance.now();
    rows = l.page(q).entries.length;
    times.push(performance.now() - s);
  }
  times.sort((a, b) => a - b);
  return { median: times[10] as number, p95: times[19] as number, rows };
}

console.log('\nquery (200 entries = CALL+reply pairs, keyset page)      median      p95   entries');
let worst = 0;
for (const [name, q] of cases) {
  const r = measure(q);
  worst = Math.max(worst, r.median);
  console.log(`  ${name.padEnd(52)} ${r.median.toFixed(2).padStart(7)} ms ${r.p95.toFixed(2).padStart(7)} ms ${String(r.rows).padStart(6)}`);
}
console.log(`\nworst median ${worst.toFixed(1)} ms (target < 100 ms with a filter) → ${worst < 100 ? 'OK' : 'SLOW'}`);

const exportStart = performance.now();
let lines = 0;
for (const _ of log.exportLines({ chargePointId: 'CP-0421' })) lines++;
console.log(`NDJSON export of one charger: ${lines.toLocaleString()} frames in ${(performance.now() - exportStart).toFixed(0)} ms`);

store.close();
rmSync(dir, { recursive: true, force: true });
