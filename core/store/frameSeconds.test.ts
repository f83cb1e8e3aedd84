/**
 * The frames' per-second time index (migration 9, frameSeconds.ts): a time filter is an id range from it plus the
 * exact times, so it must never miss a frame, whatever order the times came in. Checked against a plain scan of
 * `at_ms` on logs whose clocks misbehave: late stamps, a clock stepped back by ten minutes, server CALLs that wait in
 * the queue and move to the wire later, send times corrected after the reply; a database migrated from schema 8;
 * and prune.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DATABASE_FILE, openStore, type Store } from './index.js';
import { messageLogQuery } from './messageLogQuery.js';
import { migrate } from './schema.js';

const BASE = Date.parse('2026-03-01T12:00:00Z');
const CHARGERS = ['CP-A', 'CP-B', 'CP-C', 'CP-D'];

/** A small deterministic generator, so a failure can be replayed. */
function random(seed: number): () => number {
  let x = seed;
  return () => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return x / 2147483648;
  };
}

/** 2,400 frames whose times run mostly forward, with the ways they do not. */
function disorderedLog(s: Store, seed = 7): void {
  const rnd = random(seed);
  let clock = BASE;
  const queued: number[] = [];
  for (let i = 0; i < 1200; i++) {
    clock += Math.floor(rnd() * 400);
    if (i === 600) clock -= 10 * 60_000; // the host's clock stepped back ten minutes
    const chargePointId = CHARGERS[i % CHARGERS.length] as string;
    // stamped by an edge whose clock is up to 3 s off, or received late
    const atMs = clock + Math.floor((rnd() - 0.5) * 6000);
    const call = s.frames.insert({
      atMs,
      chargePointId,
      connectionId: 'c',
      direction: 'in',
      messageType: 'CALL',
      action: 'Heartbeat',
      messageId: `m${i}`,
      raw: `[2,"m${i}","Heartbeat",{}]`,
    });
    const reply = s.frames.insert({
      atMs: atMs + Math.floor(rnd() * 50),
      chargePointId,
      connectionId: 'c',
      direction: 'out',
      messageType: 'CALLRESULT',
      action: 'Heartbeat',
      messageId: `m${i}`,
      callFrameId: call.id,
      raw: `[3,"m${i}",{}]`,
    });
    s.frames.linkReply(call.id, reply.id, reply.id - call.id, null);
    if (i % 40 === 0) {
      queued.push(
        s.frames.insertQueued({
          atMs: clock,
          chargePointId,
          connectionId: 'c',
          direction: 'out',
          messageType: 'CALL',
          action: 'Reset',
          messageId: `r${i}`,
          raw: `[2,"r${i}","Reset",{"type":"Soft"}]`,
        }).id,
      );
    }
    // a queued CALL goes out a while later, stamped with its send time
    if (i % 40 === 25) {
      const id = queued.shift();
      if (id !== undefined) {
        const placed = s.frames.toWire(id, { atMs: clock - 2000, sentAtMs: clock - 2000, state: 'sent', connectionId: 'c' })!;
        // and one in two has its send time corrected afterwards, by more than a second
        if (i % 80 === 25) s.db.prepare('UPDATE frames SET sent_at_ms = NULL WHERE id = ?').run(placed.id);
        if (i % 80 === 25) s.frames.setSentTime(placed.id, clock - 9000);
      }
    }
  }
}

/** The truth the time index must reproduce: a scan of every placed frame's at_ms. */
function scan(s: Store, from: number | undefined, to: number | undefined, chargePointId?: string, entriesOnly = false): number[] {
  const rows = s.db
    .prepare(
      `SELECT id FROM frames NOT INDEXED WHERE id > 0 AND at_ms >= ? AND at_ms < ? ${chargePointId ? 'AND charge_point_id = ?' : ''}
       ${entriesOnly ? `AND (message_type = 'CALL' OR call_frame_id IS NULL)` : ''} ORDER BY id DESC`,
    )
    .all(from ?? Number.MIN_SAFE_INTEGER, to ?? Number.MAX_SAFE_INTEGER, ...(chargePointId ? [chargePointId] : [])) as Array<{ id: number }>;
  return rows.map((r) => r.id);
}

function ranges(seed: number, n: number): Array<[number | undefined, number | undefined, string | undefined]> {
  const rnd = random(seed);
  const out: Array<[number | undefined, number | undefined, string | undefined]> = [];
  for (let i = 0; i < n; i++) {
    const from = BASE - 15 * 60_000 + Math.floor(rnd() * 12 * 60_000);
    const to = from + Math.floor(rnd() * 90_000);
    const open = rnd();
    const cp = rnd() < 0.5 ? CHARGERS[Math.floor(rnd() * CHARGERS.length)] : undefined;
    out.push([open < 0.1 ? undefined : from, open > 0.9 ? undefined : to, cp]);
  }
  return out;
}

function expectExact(s: Store): void {
  const log = messageLogQuery(s.db);
  for (const [from, to, cp] of ranges(11, 150)) {
    const truth = scan(s, from, to, cp);
    const listed = s.frames.list({
      from: from === undefined ? undefined : new Date(from).toISOString(),
      to: to === undefined ? undefined : new Date(to).toISOString(),
      chargePointId: cp,
      limit: 10_000,
      count: false,
    });
    expect(
      listed.rows.map((r) => r.id),
      `frames.list ${from}..${to} ${cp ?? ''}`,
    ).toEqual(truth);
    // the message log pages through the same entries, newest first (a CALL and its reply are one entry, at the CALL)
    const seen: number[] = [];
    let before: number | undefined;
    for (let page = 0; page < 200; page++) {
      const p = log.page({ from, to, chargePointId: cp, limit: 50, before });
      seen.push(...p.entries.map((e) => e.id).filter((id) => id > 0));
      if (!p.hasMore) break;
      before = p.nextBefore ?? undefined;
    }
    expect(seen, `log ${from}..${to} ${cp ?? ''}`).toEqual(scan(s, from, to, cp, true));
  }
}

describe('the per-second time index of frames', () => {
  it('finds exactly the frames of a time range, whatever order their times came in', () => {
    const s = openStore({ memory: true });
    disorderedLog(s);
    // the log really is out of order: some frame has a lower time than one stored before it
    const disorder = s.db.prepare('SELECT COUNT(*) AS n FROM frames a JOIN frames b ON b.id = a.id + 1 WHERE a.id > 0 AND b.at_ms < a.at_ms').get() as {
      n: number;
    };
    expect(disorder.n).toBeGreaterThan(100);
    expectExact(s);
    s.close();
  });

  it('keeps, for each second, the lowest and highest id stamped in it', () => {
    const s = openStore({ memory: true });
    disorderedLog(s, 3);
    const kept = s.db.prepare('SELECT at_second, min_id, max_id FROM frame_seconds ORDER BY at_second').all();
    const truth = s.db
      .prepare('SELECT CAST(at_ms / 1000 AS INTEGER) AS at_second, MIN(id) AS min_id, MAX(id) AS max_id FROM frames WHERE id > 0 GROUP BY 1 ORDER BY 1')
      .all();
    // a frame whose time changed leaves its old second wider than needed (never narrower): compare per second
    const truthBySecond = new Map(truth.map((r) => [(r as { at_second: number }).at_second, r as { min_id: number; max_id: number }]));
    for (const k of kept as Array<{ at_second: number; min_id: number; max_id: number }>) {
      const t = truthBySecond.get(k.at_second);
      if (!t) continue;
      expect(k.min_id).toBeLessThanOrEqual(t.min_id);
      expect(k.max_id).toBeGreaterThanOrEqual(t.max_id);
    }
    expect(new Set((kept as Array<{ at_second: number }>).map((k) => k.at_second))).toEqual(new Set(truthBySecond.keys()));
    s.close();
  });

  it('is built for a log written before it (schema 8), whose time indexes are then dropped', () => {
    const dir = mkdtempSync(join(tmpdir(), 'chargebench-seconds-'));
    try {
      const db = new Database(join(dir, DATABASE_FILE));
      migrate(db, 8);
      const insert = db.prepare(
        `INSERT INTO frames (at, at_ms, charge_point_id, direction, message_type, action, raw) VALUES (?, ?, ?, 'in', 'CALL', 'Heartbeat', '[]')`,
      );
      const rnd = random(5);
      for (let i = 0; i < 2000; i++) {
        const ms = BASE + i * 97 - (i > 1000 ? 300_000 : 0) + Math.floor(rnd() * 4000);
        insert.run(new Date(ms).toISOString(), ms, CHARGERS[i % 4]);
      }
      db.close();
      const s = openStore({ dataDir: dir, statisticsIntervalMs: 0, checkpointIntervalMs: 0 });
      const indexes = (s.db.prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'frames'`).all() as Array<{ name: string }>).map(
        (r) => r.name,
      );
      expect(indexes).not.toContain('frames_cp_at');
      expect(indexes).not.toContain('frames_at');
      expectExact(s);
      s.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('prune deletes every frame stamped before the cut, however late it was stored, and keeps the rest findable', () => {
    const s = openStore({ memory: true });
    disorderedLog(s, 9);
    const cut = BASE + 60_000;
    const before = (s.db.prepare('SELECT COUNT(*) AS n FROM frames WHERE at_ms < ?').get(cut) as { n: number }).n;
    const after = (s.db.prepare('SELECT COUNT(*) AS n FROM frames WHERE at_ms >= ?').get(cut) as { n: number }).n;
    expect(before).toBeGreaterThan(0);
    // some frame before the cut was stored after one behind it (the clock stepped back)
    const late = s.db
      .prepare('SELECT COUNT(*) AS n FROM frames WHERE at_ms < ? AND id > (SELECT MIN(id) FROM frames WHERE at_ms >= ? AND id > 0)')
      .get(cut, cut) as { n: number };
    expect(late.n).toBeGreaterThan(0);
    expect(s.prune(new Date(cut).toISOString()).frames).toBe(before);
    expect((s.db.prepare('SELECT COUNT(*) AS n FROM frames WHERE at_ms < ?').get(cut) as { n: number }).n).toBe(0);
    expect((s.db.prepare('SELECT COUNT(*) AS n FROM frames').get() as { n: number }).n).toBe(after);
    expect((s.db.prepare('SELECT COUNT(*) AS n FROM frame_seconds WHERE at_second < ?').get(Math.trunc(cut / 1000)) as { n: number }).n).toBe(0);
    expectExact(s);
    s.close();
  });
});
