/**
 * Bench helper: fills a store's frames table with a realistic message log fast (indexes dropped, one transaction,
 * indexes rebuilt with the schema's own SQL): CALL/reply pairs from `chargers` chargers over ~3 hours, plus one
 * slow charger (a pair in 5,000), a few server CALLs and CALLERRORs. Seeded, so every run stores the same frames.
 */
import type { Database } from 'better-sqlite3';

export interface BulkLoadResult {
  /** Inserting the rows. */
  loadedMs: number;
  /** Inserting plus rebuilding the indexes. */
  totalMs: number;
  indexes: number;
  /** Start of the generated history (epoch ms). */
  t0: number;
}

// A realistic mix of charger CALLs (each answered), plus a few server CALLs and CALLERRORs.
const MIX: Array<[string, number]> = [
  ['MeterValues', 60],
  ['Heartbeat', 20],
  ['StatusNotification', 12],
  ['Authorize', 2],
  ['StartTransaction', 2],
  ['StopTransaction', 2],
  ['BootNotification', 1],
  ['RemoteStartTransaction', 1],
];
const bag: string[] = MIX.flatMap(([a, n]) => Array<string>(n).fill(a));

export function bulkLoadFrames(db: Database, total: number, chargers: number): BulkLoadResult {
  // mulberry32: a small seeded PRNG
  let seed = 42;
  const rand = (): number => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const t0 = Date.now() - 3 * 3600_000;
  const insertStart = performance.now();
  const indexes = db.prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'frames' AND sql IS NOT NULL`).all() as Array<{
    name: string;
    sql: string;
  }>;
  for (const ix of indexes) db.exec(`DROP INDEX ${ix.name}`);
  db.pragma('synchronous = OFF');
  const insert =
    db.prepare(`INSERT INTO frames (id, at, at_ms, charge_point_id, connection_id, direction, message_type, action, message_id, call_frame_id, reply_frame_id,
    latency_ms, error_code, error_description, valid, state, raw) VALUES (?, ?, ?, ?, 'c', ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, NULL, ?)`);
  db.transaction(() => {
    let id = 0;
    for (let pair = 0; id < total; pair++) {
      // one slow charger among the busy ones: the case the action index used to serve badly
      const cp = pair % 5000 === 0 ? 'SLOW-0001' : `CP-${String(Math.floor(rand() * chargers)).padStart(4, '0')}`;
      const action = bag[Math.floor(rand() * bag.length)] as string;
      const atMs = t0 + Math.floor((pair * 3 * 3600_000) / (total / 2));
      const msgId = `m${pair}`;
      const out = action === 'RemoteStartTransaction';
      const callId = ++id;
      const replyId = ++id;
      const isError = rand() < 0.001;
      const payload =
        action === 'MeterValues'
          ? `{"connectorId":1,"transactionId":${pair % 5000},"meterValue":[{"timestamp":"${new Date(atMs).toISOString()}","sampledValue":[{"value":"${pair % 100000}","measurand":"Energy.Active.Import.Register","unit":"Wh"}]}]}`
          : action === 'Authorize' || action === 'StartTransaction'
            ? `{"connectorId":1,"idTag":"TAG-${pair % 500}"}`
            : '{}';
      insert.run(
        callId,
        new Date(atMs).toISOString(),
        atMs,
        cp,
        out ? 'out' : 'in',
        'CALL',
        action,
        msgId,
        null,
        replyId,
        3,
        null,
        null,
        `[2,"${msgId}","${action}",${payload}]`,
      );
      if (isError) {
        insert.run(
          replyId,
          new Date(atMs + 3).toISOString(),
          atMs + 3,
          cp,
          out ? 'in' : 'out',
          'CALLERROR',
          action,
          msgId,
          callId,
          null,
          3,
          'InternalError',
          'boom',
          `[4,"${msgId}","InternalError","boom",{}]`,
        );
      } else {
        insert.run(
          replyId,
          new Date(atMs + 3).toISOString(),
          atMs + 3,
          cp,
          out ? 'in' : 'out',
          'CALLRESULT',
          action,
          msgId,
          callId,
          null,
          3,
          null,
          null,
          `[3,"${msgId}",{"status":"Accepted"}]`,
        );
      }
    }
  })();
  const loadedMs = performance.now() - insertStart;
  for (const ix of indexes) db.exec(ix.sql);
  db.pragma('synchronous = NORMAL');
  db.pragma('wal_checkpoint(TRUNCATE)');
  return { loadedMs, totalMs: performance.now() - insertStart, indexes: indexes.length, t0 };
}
