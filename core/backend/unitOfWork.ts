/**
 * One SQLite connection is shared by every charger, and middleware are async: a DB transaction must not
 * interleave with another charger's writes. Every write therefore goes through `UnitOfWork.run`.
 *
 * Group commit: work submitted while a transaction is busy is queued; the next transaction runs all queued
 * units one after another, each inside its own SAVEPOINT (a failing unit is rolled back alone and rejects
 * alone), then COMMITs once. Every unit's promise settles only after that COMMIT, so "resolved" always means
 * "durable in the database" (the transport acks after that).
 */
import type { Store } from '../store/index.js';

interface Unit {
  fn: () => unknown;
  resolve(value: unknown): void;
  reject(err: unknown): void;
}

/** Upper bound of units sharing one COMMIT (keeps a transaction short). */
const MAX_BATCH = 64;

export class UnitOfWork {
  private queue: Unit[] = [];
  private running = false;
  private savepoints = 0;
  constructor(private readonly store: Store) {}

  /** Runs fn inside a DB transaction; its writes are rolled back when it throws. Resolves after COMMIT. */
  run<T>(fn: () => Promise<T> | T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ fn, resolve: resolve as (v: unknown) => void, reject });
      if (!this.running) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.running = true;
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, MAX_BATCH);
        const db = this.store.db;
        const outcomes: Array<{ ok: boolean; value: unknown }> = [];
        try {
          db.exec('BEGIN IMMEDIATE');
        } catch (err) {
          for (const u of batch) u.reject(err);
          continue;
        }
        for (let i = 0; i < batch.length; i++) {
          const unit = batch[i]!;
          try {
            outcomes.push({ ok: true, value: await this.savepoint(unit.fn) });
          } catch (err) {
            outcomes.push({ ok: false, value: err });
          }
          // Late arrivals join this transaction (up to the bound) instead of waiting for the next one.
          if (i === batch.length - 1 && batch.length < MAX_BATCH && this.queue.length > 0) {
            batch.push(...this.queue.splice(0, MAX_BATCH - batch.length));
          }
        }
        try {
          db.exec('COMMIT');
        } catch (err) {
          if (db.inTransaction) db.exec('ROLLBACK');
          for (const u of batch) u.reject(err);
          continue;
        }
        batch.forEach((u, i) => {
          const o = outcomes[i]!;
          if (o.ok) u.resolve(o.value);
          else u.reject(o.value);
        });
      }
    } finally {
      this.running = false;
    }
  }

  /**
   * Inside run(): fn's writes are undone if it throws (the enclosing transaction continues, e.g. to store the
   * CALLERROR frame). Resolves to fn's value, or rejects with its error after the rollback.
   */
  async savepoint<T>(fn: () => Promise<T> | T): Promise<T> {
    const db = this.store.db;
    const name = `sp${++this.savepoints}`;
    db.exec(`SAVEPOINT ${name}`);
    try {
      const out = await fn();
      db.exec(`RELEASE ${name}`);
      return out;
    } catch (err) {
      db.exec(`ROLLBACK TO ${name}`);
      db.exec(`RELEASE ${name}`);
      throw err;
    }
  }
}
