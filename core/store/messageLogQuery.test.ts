/**
 * The message log's store side: every filter's page statement walks an index (so the 1M-frame targets of
 * bench/logQuery.bench.ts hold with the wire-order condition added), placeholders of queued CALLs stay out of the
 * history, and migration 4 gives rows stored before it their wire times.
 */
import { describe, expect, it } from 'vitest';
import { openStore } from './index.js';
import Database from 'better-sqlite3';
import { migrate } from './schema.js';
import { messageLogQuery, type LogPageQuery } from './messageLogQuery.js';

function filled() {
  const s = openStore({ memory: true });
  const base = Date.parse('2026-01-01T00:00:00Z');
  for (let i = 0; i < 200; i++) {
    const call = s.frames.insert({
      atMs: base + i * 10,
      chargePointId: `CP${i % 7}`,
      connectionId: 'c',
      direction: 'in',
      messageType: 'CALL',
      action: i % 3 ? 'Heartbeat' : 'MeterValues',
      messageId: `m${i}`,
      raw: `[2,"m${i}","Heartbeat",{}]`,
    });
    const reply = s.frames.insert({
      atMs: base + i * 10 + 1,
      chargePointId: `CP${i % 7}`,
      connectionId: 'c',
      direction: 'out',
      messageType: i % 50 ? 'CALLRESULT' : 'CALLERROR',
      action: call.action,
      messageId: `m${i}`,
      callFrameId: call.id,
      errorCode: i % 50 ? null : 'InternalError',
      raw: `[3,"m${i}",{}]`,
    });
    s.frames.linkReply(call.id, reply.id, 1, null);
  }
  s.db.exec('ANALYZE');
  return s;
}

describe('message log query plans', () => {
  const s = filled();
  const log = messageLogQuery(s.db);
  const mid = Date.parse('2026-01-01T00:00:01Z');
  const cases: Array<[string, LogPageQuery, RegExp]> = [
    // newest first along the rowid: no sort, LIMIT stops the walk
    ['newest page', { limit: 200 }, /^SCAN frames$/],
    ['paging back', { limit: 200, before: 300 }, /USING INTEGER PRIMARY KEY \(rowid<\?\)/],
    ['tailing', { limit: 200, after: 100 }, /USING INTEGER PRIMARY KEY \(rowid>\?\)/],
    ['by charger', { chargePointId: 'CP3', limit: 200 }, /USING INDEX frames_cp_id \(charge_point_id=\?\)/],
    ['by charger, paging back', { chargePointId: 'CP3', before: 300, limit: 200 }, /USING INDEX frames_cp_id \(charge_point_id=\? AND id<\?\)/],
    ['by action', { action: 'MeterValues', limit: 200 }, /USING INDEX frames_action \(action=\?\)/],
    ['CALLERRORs only', { messageType: 'CALLERROR', limit: 200 }, /USING INDEX frames_problems|USING COVERING INDEX frames_problems/],
    // a time range is an id range (frame_seconds) walked in id order along the filter's own index
    ['time range', { from: mid, to: mid + 500, limit: 200 }, /USING INTEGER PRIMARY KEY \(rowid>\? AND rowid<\?\)/],
    [
      'charger + time range',
      { chargePointId: 'CP3', from: mid, to: mid + 500, limit: 200 },
      /USING INDEX frames_cp_id \(charge_point_id=\? AND id>\? AND id<\?\)/,
    ],
    ['action + time range', { action: 'MeterValues', from: mid, to: mid + 500, limit: 200 }, /USING INDEX frames_action \(action=\? AND id>\? AND id<\?\)/],
  ];
  for (const [name, q, index] of cases) {
    it(`${name} walks an index`, () => {
      const plan = log.plan(q);
      expect(plan).toMatch(index);
      expect(plan).not.toMatch(/USE TEMP B-TREE/);
    });
    it(`${name}: the queued CALLs above the newest page are read from the placeholder id range only`, () => {
      expect(log.plan(q, 'queued')).toBe('SEARCH frames USING INTEGER PRIMARY KEY (rowid<?)');
    });
  }
});

describe('placeholders of queued CALLs', () => {
  it('take the next id when placed, never reuse an id in this process, and are not counted as wire frames', () => {
    const s = openStore({ memory: true });
    const a = s.frames.insertQueued({
      atMs: 1000,
      chargePointId: 'A',
      connectionId: null,
      direction: 'out',
      messageType: 'CALL',
      action: 'Reset',
      messageId: 'a',
      raw: '[2,"a","Reset",{"type":"Soft"}]',
    });
    const b = s.frames.insertQueued({
      atMs: 1001,
      chargePointId: 'A',
      connectionId: null,
      direction: 'out',
      messageType: 'CALL',
      action: 'Reset',
      messageId: 'b',
      raw: '[2,"b","Reset",{"type":"Soft"}]',
    });
    expect([a.id, b.id]).toEqual([-1, -2]);
    expect(s.frames.queued().map((f) => f.messageId)).toEqual(['b', 'a']);
    const hb = s.frames.insert({
      atMs: 1500,
      chargePointId: 'A',
      connectionId: 'c',
      direction: 'in',
      messageType: 'CALL',
      action: 'Heartbeat',
      messageId: 'h',
      raw: '[2,"h","Heartbeat",{}]',
    });
    const placed = s.frames.toWire(a.id, { atMs: 2000, sentAtMs: 2000, state: 'sent', connectionId: 'c' })!;
    expect(placed).toMatchObject({
      id: hb.id + 1,
      at: new Date(2000).toISOString(),
      sentAt: new Date(2000).toISOString(),
      queuedAt: new Date(1000).toISOString(),
      state: 'sent',
      connectionId: 'c',
      raw: a.raw,
    });
    expect(s.frames.toWire(a.id, { atMs: 3000, sentAtMs: 3000 })).toBeUndefined();
    expect(s.frames.toWire(placed.id, { atMs: 3000, sentAtMs: 3000 })).toBeUndefined();
    const c = s.frames.insertQueued({
      atMs: 3000,
      chargePointId: 'A',
      connectionId: null,
      direction: 'out',
      messageType: 'CALL',
      action: 'Reset',
      messageId: 'c',
      raw: '[]',
    });
    expect(c.id).toBe(-3);
    expect((s.db.prepare('SELECT MAX(id) AS n FROM frames').get() as { n: number }).n).toBe(2);
  });
});

describe('migration 4 (wire time)', () => {
  it('gives server CALLs stored before it their send time, keeps the queued time, and ends leftover queued ones', () => {
    const db = new Database(':memory:');
    migrate(db, 3);
    const ins = db.prepare(
      `INSERT INTO frames (at, at_ms, charge_point_id, direction, message_type, action, message_id, state, sent_at_ms, raw) VALUES (?, ?, 'A', ?, ?, ?, ?, ?, ?, '[]')`,
    );
    ins.run(new Date(1000).toISOString(), 1000, 'out', 'CALL', 'RemoteStartTransaction', 'sent', 'answered', 2000);
    ins.run(new Date(1100).toISOString(), 1100, 'out', 'CALL', 'Reset', 'never', 'queued', null);
    ins.run(new Date(1200).toISOString(), 1200, 'in', 'CALL', 'Heartbeat', 'hb', null, null);
    migrate(db);
    const rows = db.prepare('SELECT message_id, at, at_ms, queued_at_ms, sent_at_ms, state FROM frames ORDER BY id').all();
    expect(rows).toEqual([
      { message_id: 'sent', at: new Date(2000).toISOString(), at_ms: 2000, queued_at_ms: 1000, sent_at_ms: 2000, state: 'answered' },
      { message_id: 'never', at: new Date(1100).toISOString(), at_ms: 1100, queued_at_ms: 1100, sent_at_ms: null, state: 'failed' },
      { message_id: 'hb', at: new Date(1200).toISOString(), at_ms: 1200, queued_at_ms: null, sent_at_ms: null, state: null },
    ]);
    db.close();
  });
});
