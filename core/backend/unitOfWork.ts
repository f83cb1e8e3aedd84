/**
 * One SQLite connection is shared by every charger, and middleware are async: a DB transaction must not
 * interleave with another charger's writes. Every write therefore goes through `UnitOfWork.run`, which holds
 * a process-wide lock for the duration of one BEGIN … COMMIT (chains are short: microseconds of real work).
 */
import type { Store } from '../store/index.js';
import { Mutex } from './serial.js';

export class UnitOfWork {
  private readonly lock = new Mutex();
  private savepoints = 0;
  constructor(private readonly store: Store) {}

  /** Runs fn inside BEGIN IMMEDIATE … COMMIT; rolls back and rethrows when fn throws. */
  run<T>(fn: () => Promise<T> | T): Promise<T> {
    return this.lock.run(async () => {
      const db = this.store.db;
      db.exec('BEGIN IMMEDIATE');
      try {
        const out = await fn();
        db.exec('COMMIT');
        return out;
      } catch (err) {
        if (db.inTransaction) db.exec('ROLLBACK');
        throw err;
      }
    });
  }

  /**
   * Inside run(): fn's writes are undone if it throws (the outer transaction continues, e.g. to store the
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
