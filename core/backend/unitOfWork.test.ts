/** Group commit: units share a COMMIT, fail alone, and settle only once durable. */
import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../store/index.js';
import { UnitOfWork } from './unitOfWork.js';

describe('UnitOfWork', () => {
  it('a failing unit is rolled back alone; the others commit; every promise settles after COMMIT', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cb-uow-'));
    const store = openStore({ dataDir: dir });
    const reader = new Database(join(dir, 'chargebench.sqlite'), { readonly: true });
    try {
      const uow = new UnitOfWork(store);
      const seen = (id: string) => reader.prepare('SELECT 1 FROM charge_points WHERE id = ?').get(id) !== undefined;
      const results = await Promise.allSettled(
        ['A', 'B', 'C', 'D'].map((id) =>
          uow
            .run(async () => {
              store.chargePoints.ensure(id, 'x');
              await new Promise((r) => setImmediate(r));
              if (id === 'C') throw new Error('unit C fails');
              return id;
            })
            .then((v) => ({ v, visible: seen(id) })),
        ),
      );
      expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
      for (const r of results) if (r.status === 'fulfilled') expect(r.value.visible).toBe(true);
      expect(seen('C')).toBe(false);
      expect(store.db.inTransaction).toBe(false);
    } finally {
      reader.close();
      store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("the savepoints' page journal stays in memory (temp_store), not in a temp file written per page", () => {
    const store = openStore({ memory: true });
    expect(store.db.pragma('temp_store', { simple: true })).toBe(2);
    store.close();
  });

  it('units run one at a time even when they await', async () => {
    const store = openStore({ memory: true });
    const uow = new UnitOfWork(store);
    let inside = 0;
    let maxInside = 0;
    await Promise.all(
      Array.from({ length: 10 }, () =>
        uow.run(async () => {
          maxInside = Math.max(maxInside, ++inside);
          await new Promise((r) => setImmediate(r));
          inside--;
        }),
      ),
    );
    expect(maxInside).toBe(1);
    store.close();
  });
});
