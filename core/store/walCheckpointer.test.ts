import { describe, expect, it } from 'vitest';
import { copyFileSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import Database from 'better-sqlite3';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from './index.js';

function fillFrames(s: ReturnType<typeof openStore>, calls: number): void {
  s.transaction(() => {
    for (let i = 0; i < calls; i++) {
      const cp = `CP${i % 50}`;
      const call = s.frames.insert({
        atMs: 1_700_000_000_000 + i,
        chargePointId: cp,
        connectionId: `c-${cp}`,
        direction: 'in',
        messageType: 'CALL',
        action: 'Heartbeat',
        messageId: String(i),
        raw: `[2,"${i}","Heartbeat",{}]`,
      });
      s.frames.insert({
        atMs: 1_700_000_000_001 + i,
        chargePointId: cp,
        connectionId: `c-${cp}`,
        direction: 'out',
        messageType: 'CALLRESULT',
        action: 'Heartbeat',
        messageId: String(i),
        callFrameId: call.id,
        raw: `[3,"${i}",{"currentTime":"2026-01-01T00:00:00.000Z"}]`,
      });
    }
  });
}

describe('WAL checkpoints in a worker thread', () => {
  it('copy every committed page into the database file while the committing connection keeps only a backstop', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cb-ckpt-'));
    try {
      const s = openStore({ dataDir: dir, checkpointIntervalMs: 60_000, statisticsIntervalMs: 0 });
      expect(s.checkpointer).not.toBeNull();
      expect(await s.checkpointer!.ready).toBe(true);
      // The committing connection does not checkpoint at 4,000 pages any more: the worker does.
      expect(s.db.pragma('wal_autocheckpoint', { simple: true })).toBe(16000);
      const dbBytesBefore = statSync(s.path).size;
      fillFrames(s, 5000);
      const report = await s.checkpointer!.checkpointNow();
      expect(report.walPages).toBeGreaterThan(100);
      expect(report.copied).toBe(report.walPages);
      // The pages are in the database file itself: it grew, and a reader of the file alone sees every row.
      expect(statSync(s.path).size).toBeGreaterThan(dbBytesBefore);
      expect(s.frames.list({ chargePointId: 'CP7', limit: 1000 }).total).toBe(200);
      s.close();
      const again = openStore({ dataDir: dir, checkpointIntervalMs: 0 });
      expect(again.frames.list({ limit: 1, count: true }).total).toBe(10_000);
      again.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('runs on its interval without being asked', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cb-ckpt-'));
    try {
      const s = openStore({ dataDir: dir, checkpointIntervalMs: 20, statisticsIntervalMs: 0 });
      await s.checkpointer!.ready;
      fillFrames(s, 2000);
      // Reports come from the timer (nothing asks for one here): soon one shows every committed page copied.
      const report = await new Promise<{ walPages: number; copied: number }>((resolve) => {
        const poll = (): void => {
          const r = s.checkpointer!.last;
          if (r && r.walPages > 100 && r.copied === r.walPages) resolve(r);
          else setTimeout(poll, 10);
        };
        poll();
      });
      expect(report.copied).toBe(report.walPages);
      // The database file holds the rows without the WAL: a second reader opened on a copy of the file alone sees them.
      const copy = join(dir, 'copy.sqlite');
      copyFileSync(s.path, copy);
      const reader = new Database(copy, { readonly: true });
      expect((reader.prepare('SELECT COUNT(*) AS n FROM frames').get() as { n: number }).n).toBe(4000);
      reader.close();
      s.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('is off for in-memory stores and when the interval is 0: SQLite then checkpoints at 4,000 pages itself', () => {
    const mem = openStore({ memory: true });
    expect(mem.checkpointer).toBeNull();
    mem.close();
    const dir = mkdtempSync(join(tmpdir(), 'cb-ckpt-'));
    try {
      const s = openStore({ dataDir: dir, checkpointIntervalMs: 0 });
      expect(s.checkpointer).toBeNull();
      expect(s.db.pragma('wal_autocheckpoint', { simple: true })).toBe(4000);
      s.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
