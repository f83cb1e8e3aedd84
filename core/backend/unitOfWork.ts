/**
 * One SQLite connection is shared by every charger, and middleware are async: a DB transaction must not
 * interleave with another charger's writes. Every write therefore goes through `UnitOfWork.run`.
 *
 * Group commit: work submitted while a transaction is busy is queued; the next transaction runs all queued
 * units one after another, each inside its own SAVEPOINT (a failing unit is rolled back alone and rejects
 * alone), then COMMITs once. Every unit's promise settles only after that COMMIT, so "resolved" always means
 * "durable in the database" (the transport acks after that).
 *
 * A transaction starts on the event loop's check phase (setImmediate), not at once: the frames that arrived in
 * one poll of the sockets (hundreds under load) then share one COMMIT instead of one each — the commit, not the
 * handling, is what costs. An idle charger waits one loop turn (microseconds) for it.
 *
 * The transaction-control statements are prepared once. Savepoints nest strictly (a unit's savepoint holds its
 * chain's), so one name serves every level: RELEASE and ROLLBACK TO act on the innermost savepoint of that name.
 */
import type { Statement } from 'better-sqlite3';
import type { Store } from '../store/index.js';

interface Unit {
  fn: () => unknown;
  resolve(value: unknown): void;
  reject(err: unknown): void;
}

/** Upper bound of units sharing one COMMIT (keeps a transaction, and the wait of its first unit, short). */
const MAX_BATCH = 256;

interface ControlStatements {
  begin: Statement;
  commit: Statement;
  rollback: Statement;
  savepoint: Statement;
  release: Statement;
  rollbackTo: Statement;
}

export class UnitOfWork {
  private queue: Unit[] = [];
  private running = false;
  private scheduled = false;
  private control: ControlStatements | null = null;
  constructor(private readonly store: Store) {}

  /** Runs fn inside a DB transaction; its writes are rolled back when it throws. Resolves after COMMIT. */
  run<T>(fn: () => Promise<T> | T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ fn, resolve: resolve as (v: unknown) => void, reject });
      if (!this.running && !this.scheduled) {
        this.scheduled = true;
        setImmediate(() => {
          this.scheduled = false;
          void this.drain();
        });
      }
    });
  }

  private statements(): ControlStatements {
    if (this.control) return this.control;
    const db = this.store.db;
    this.control = {
      begin: db.prepare('BEGIN IMMEDIATE'),
      commit: db.prepare('COMMIT'),
      rollback: db.prepare('ROLLBACK'),
      savepoint: db.prepare('SAVEPOINT unit'),
      release: db.prepare('RELEASE unit'),
      rollbackTo: db.prepare('ROLLBACK TO unit'),
    };
    return this.control;
  }

  private async drain(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, MAX_BATCH);
        const db = this.store.db;
        const outcomes: Array<{ ok: boolean; value: unknown }> = [];
        let sql: ControlStatements;
        try {
          sql = this.statements();
          sql.begin.run();
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
          sql.commit.run();
        } catch (err) {
          if (db.inTransaction) sql.rollback.run();
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
    const sql = this.statements();
    sql.savepoint.run();
    try {
      const out = await fn();
      sql.release.run();
      return out;
    } catch (err) {
      sql.rollbackTo.run();
      sql.release.run();
      throw err;
    }
  }
}
