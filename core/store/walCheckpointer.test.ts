/** Checkpoints happen off the event-loop thread: committed pages reach the database file without the writer copying them. */
import { describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DATABASE_FILE, openStore } from './index.js';

const until = async (ok: () => boolean, ms = 5000) => {
  const end = Date.now() + ms;
  while (!ok() && Date.now() < end) await new Promise((r) => setTimeout(r, 25));
  return ok();
};

describe('WAL checkpointer (worker thread)', () => {
  it('copies committed frames into the database file while the writer only appends, and leaves no WAL after close', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cb-ckpt-'));
    const file = join(dir, DATABASE_FILE);
    try {
      const store = openStore({ dataDir: dir });
      const before = statSync(file).size;
      const raw = `[2,"x","DataTransfer",{"vendorId":"v","data":"${'d'.repeat(1000)}"}]`;
      // ~600 pages: far below this connection's own auto-checkpoint (4,000 pages), so only the worker can copy them.
      for (let t = 0; t < 20; t++) {
        store.transaction(() => {
          for (let i = 0; i < 100; i++) store.frames.insert({ atMs: Date.now(), chargePointId: `CP${i % 10}`, connectionId: 'c', direction: 'in', messageType: 'CALL', action: 'DataTransfer', messageId: `m${t}-${i}`, eventId: `e:${t}:${i}`, raw });
        });
      }
      expect(await until(() => statSync(file).size > before + 1_000_000)).toBe(true);
      expect(store.frames.list({ count: true, limit: 1 }).total).toBe(2000);
      store.close();
      expect(await until(() => !existsSync(`${file}-wal`))).toBe(true);
      const again = openStore({ dataDir: dir });
      expect(again.frames.list({ count: true, limit: 1 }).total).toBe(2000);
      again.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
