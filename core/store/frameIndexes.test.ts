/**
 * The indexes on `frames` after migration 3, justified by query plans: every frame pays for every index on insert,
 * so each one must serve a query, and every query the frames repo and the message log issue must still be answered
 * through an index (or the primary key) rather than a scan of all frames.
 */
import { describe, expect, it } from 'vitest';
import type { Database } from 'better-sqlite3';
import { openStore, type Store } from './index.js';
import { frameRepo } from './frames.js';
import { messageLogQuery, type LogPageQuery } from './messageLogQuery.js';

/** The same database, recording the SQL of every statement prepared through it. */
function recording(db: Database): { db: Database; sql: string[] } {
  const sql: string[] = [];
  const proxy = new Proxy(db, {
    get(target, prop) {
      if (prop === 'prepare') {
        return (source: string) => {
          sql.push(source);
          return target.prepare(source);
        };
      }
      const v = Reflect.get(target, prop, target) as unknown;
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
  return { db: proxy, sql };
}

function plan(db: Database, sql: string): string {
  const params = (sql.match(/\?|@\w+/g) ?? []).length;
  const named = /@\w+/.test(sql);
  const stmt = db.prepare(`EXPLAIN QUERY PLAN ${sql}`);
  const rows = (
    named ? stmt.all(Object.fromEntries((sql.match(/@\w+/g) ?? []).map((p) => [p.slice(1), null]))) : stmt.all(...Array<null>(params).fill(null))
  ) as Array<{ detail: string }>;
  return rows.map((r) => r.detail).join(' | ');
}

/** A plan that reads frames without an index: a full scan. Unfiltered newest-first pages may walk the table (they stop at LIMIT). */
const fullScan = (p: string) => /SCAN (frames|\w)\b(?! USING)/.test(p);

function filled(): Store {
  const s = openStore({ memory: true });
  const base = Date.parse('2026-01-01T00:00:00Z');
  for (let i = 0; i < 200; i++) {
    const cp = `CP${i % 7}`;
    const call = s.frames.insert({
      atMs: base + i * 1000,
      chargePointId: cp,
      connectionId: 'c',
      direction: 'in',
      messageType: 'CALL',
      action: i % 2 ? 'Heartbeat' : 'MeterValues',
      messageId: `m${i}`,
      eventId: `e:${i}`,
      raw: `[2,"m${i}","Heartbeat",{}]`,
    });
    const reply = s.frames.insert({
      atMs: base + i * 1000 + 3,
      chargePointId: cp,
      connectionId: 'c',
      direction: 'out',
      messageType: 'CALLRESULT',
      action: 'Heartbeat',
      messageId: `m${i}`,
      callFrameId: call.id,
      latencyMs: 3,
      raw: `[3,"m${i}",{}]`,
    });
    s.frames.linkReply(call.id, reply.id, 3, null);
  }
  s.frames.insert({
    atMs: base,
    chargePointId: 'CP1',
    connectionId: 'c',
    direction: 'out',
    messageType: 'CALL',
    action: 'Reset',
    messageId: 'r1',
    state: 'queued',
    raw: '[2,"r1","Reset",{"type":"Soft"}]',
  });
  s.db.exec('ANALYZE');
  return s;
}

describe('frames indexes (migration 3)', () => {
  it('keeps an index only where a query needs it: message ids of outbound CALLs only, no call_frame_id index', () => {
    const s = openStore({ memory: true });
    const indexes = new Map(
      (
        s.db.prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'frames' AND sql IS NOT NULL`).all() as Array<{
          name: string;
          sql: string;
        }>
      ).map((r) => [r.name, r.sql]),
    );
    expect(indexes.has('frames_msgid')).toBe(false);
    expect(indexes.has('frames_call')).toBe(false);
    expect(indexes.get('frames_out_calls')).toMatch(/WHERE direction = 'out' AND message_type = 'CALL'/);
    s.close();
  });

  it('every lookup of the frames repo is answered by an index or the primary key', () => {
    const s = filled();
    const rec = recording(s.db);
    frameRepo(rec.db);
    const selects = rec.sql.filter((q) => /^\s*SELECT/i.test(q) && /WHERE/i.test(q));
    expect(selects.length).toBeGreaterThanOrEqual(4);
    for (const q of selects) expect(fullScan(plan(s.db, q)), `${q}\n  → ${plan(s.db, q)}`).toBe(false);
    const outbound = selects.find((q) => q.includes(`direction = 'out' AND message_type = 'CALL'`))!;
    expect(plan(s.db, outbound)).toContain('frames_out_calls');
    const byEvent = selects.find((q) => q.includes('event_id = ?'))!;
    expect(plan(s.db, byEvent)).toContain('frames_event');
    s.close();
  });

  it("the repo still finds what the dropped indexes served: a late reply's CALL, and the reply of a CALL", () => {
    const s = filled();
    const call = s.frames.findOutboundCall('CP1', 'r1');
    expect(call?.action).toBe('Reset');
    expect(s.frames.findOutboundCall('CP1', 'm1')).toBeUndefined(); // an inbound CALL is not a server CALL
    const first = s.frames.list({ chargePointId: 'CP0', messageType: 'CALL', order: 'asc', limit: 1 }).rows[0]!;
    expect(s.frames.replyTo(first.id)?.id).toBe(first.replyFrameId);
    expect(s.frames.replyTo(first.replyFrameId!)).toBeUndefined();
    s.close();
  });

  it('every filtered message-log query walks an index, not all frames', () => {
    const s = filled();
    const rec = recording(s.db);
    const log = messageLogQuery(rec.db);
    const mid = Date.parse('2026-01-01T00:01:00Z');
    const filters: LogPageQuery[] = [
      { chargePointId: 'CP3', limit: 50 },
      { action: 'MeterValues', limit: 50 },
      { chargePointId: 'CP3', action: 'Heartbeat', limit: 50 },
      { from: mid, to: mid + 30_000, limit: 50 },
      { chargePointId: 'CP3', from: mid, to: mid + 30_000, limit: 50 },
      { messageType: 'CALLERROR', limit: 50 },
      { messageType: 'INVALID', limit: 50 },
      { chargePointId: 'CP3', text: 'Heartbeat', limit: 50 },
      { text: 'Heartbeat', limit: 50 },
      { before: 100, limit: 50 },
    ];
    for (const f of filters) {
      rec.sql.length = 0;
      log.page(f);
      for (const q of rec.sql.filter((x) => /WHERE/i.test(x))) expect(fullScan(plan(s.db, q)), `${JSON.stringify(f)}: ${q}\n  → ${plan(s.db, q)}`).toBe(false);
    }
    s.close();
  });
});
