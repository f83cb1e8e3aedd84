/**
 * The SQLite store (better-sqlite3, WAL mode): `openStore({ dataDir })` for the app, `openStore({ memory: true })` for tests.
 */
import Database from 'better-sqlite3';
import type { Database as Db } from 'better-sqlite3';
import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import { migrate } from './schema.js';
import { chargePointRepo, type ChargePointRepo } from './chargePoints.js';
import { connectorRepo, type ConnectorRepo } from './connectors.js';
import { idTagRepo, type IdTagRepo } from './idTags.js';
import { transactionRepo, type TransactionRepo } from './transactions.js';
import { meterSampleRepo, type MeterSampleRepo } from './meterSamples.js';
import { frameRepo, type FrameRepo } from './frames.js';
import { connectionEventRepo, type ConnectionEventRepo } from './connectionEvents.js';
import { registryRepo, type RegistryRepo } from './registry.js';
import { reservationRepo, type ReservationRepo } from './reservations.js';
import { chargingProfileRepo, type ChargingProfileRepo } from './chargingProfiles.js';
import { configurationRepo, type ConfigurationRepo } from './configuration.js';
import { transactionEventRepo, type TransactionEventRepo } from './transactionEvents.js';
import { deviceModelRepo, type DeviceModelRepo } from './deviceModel.js';
import { chargerEventRepo, type ChargerEventRepo } from './chargerEvents.js';
import { startWalCheckpointer, type WalCheckpointer } from './walCheckpointer.js';

export const DATABASE_FILE = 'chargebench.sqlite';

export interface OpenStoreOptions {
  /** Directory holding chargebench.sqlite (created if missing). */
  dataDir?: string;
  /** In-memory database (tests, benchmarks). */
  memory?: boolean;
  /** Current time as ISO text (default: system clock); used for created/updated stamps. */
  now?: () => string;
  /** How often the store refreshes its query-planner statistics (default 30 s; 0 = only on open and after prune). */
  statisticsIntervalMs?: number;
  /**
   * How often a worker thread checkpoints the WAL (default 200 ms; 0 = no worker: SQLite checkpoints inside the
   * COMMIT that crosses 4,000 pages, on the committing thread). Files only.
   */
  checkpointIntervalMs?: number;
}

/** WAL pages after which the committing connection checkpoints itself: 4,000 alone, 16,000 behind the worker. */
const AUTOCHECKPOINT_PAGES = 4000;
const BACKSTOP_PAGES = 16000;

/**
 * ANALYZE reads at most this many index entries per index (approximate statistics in a few milliseconds even on
 * millions of frames, instead of a full scan that would block the event loop for seconds).
 */
const ANALYSIS_LIMIT = 1000;

export interface Store {
  readonly db: Db;
  /** File path, or ':memory:'. */
  readonly path: string;
  chargePoints: ChargePointRepo;
  connectors: ConnectorRepo;
  idTags: IdTagRepo;
  transactions: TransactionRepo;
  meterSamples: MeterSampleRepo;
  frames: FrameRepo;
  connectionEvents: ConnectionEventRepo;
  /** The operator's registry fields on charge points, and removal. */
  registry: RegistryRepo;
  reservations: ReservationRepo;
  chargingProfiles: ChargingProfileRepo;
  configuration: ConfigurationRepo;
  /** OCPP 2.0.1: transactions by the charger's transactionId, and every TransactionEvent received. */
  transactionEvents: TransactionEventRepo;
  /** OCPP 2.0.1: the device model each charger reported (NotifyReport). */
  deviceModel: DeviceModelRepo;
  /** OCPP 2.0.1: events, security events and statuses chargers reported. */
  chargerEvents: ChargerEventRepo;
  /**
   * Retention: deletes frames, meter samples and connection events older than `before` (ISO); transactions,
   * chargers and id tags are kept. Returns the counts deleted.
   */
  prune(before: string): { frames: number; meterSamples: number; connectionEvents: number };
  /**
   * Refreshes the query planner's statistics where tables grew or shrank a lot since they were last measured
   * (`PRAGMA optimize`, bounded by analysis_limit: milliseconds). Runs on open, periodically and after prune;
   * without it a grown log picks index plans 100× slower (a charger + action filter walking the action index).
   */
  refreshStatistics(): void;
  /** The worker that checkpoints the WAL, when there is one (file stores). */
  readonly checkpointer: WalCheckpointer | null;
  /** Runs fn in one SQLite transaction (synchronous; nested calls become savepoints). */
  transaction<T>(fn: () => T): T;
  close(): void;
}

export function openStore(opts: OpenStoreOptions): Store {
  let path: string;
  if (opts.memory) path = ':memory:';
  else if (opts.dataDir) {
    try {
      mkdirSync(opts.dataDir, { recursive: true });
    } catch (err) {
      throw new Error(`Cannot create the data directory ${opts.dataDir}: ${(err as Error).message}. Choose another with --data-dir or CHARGEBENCH_DATA_DIR.`, {
        cause: err,
      });
    }
    path = join(opts.dataDir, DATABASE_FILE);
  } else throw new Error('openStore needs either dataDir or memory: true');

  let db: Db;
  try {
    db = new Database(path);
  } catch (err) {
    throw new Error(`Cannot open the database ${path}: ${(err as Error).message}. Check permissions or use another --data-dir.`, { cause: err });
  }
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    // Savepoints (one per handled event, one per middleware chain) journal the original of every page they touch:
    // in memory, not in a temp file (on disk that was two writes per page, twice the WAL's own).
    db.pragma('temp_store = MEMORY');
    // Checkpoint every ~16 MB of WAL instead of 4 MB: a page rewritten often (a busy charger's index leaf) is copied
    // to the database once per checkpoint; the WAL file is cut back to 32 MB after each checkpoint. With the
    // checkpoint worker (below) this is only the backstop.
    db.pragma(`wal_autocheckpoint = ${AUTOCHECKPOINT_PAGES}`);
    db.pragma('journal_size_limit = 33554432');
    migrate(db);
    db.pragma(`analysis_limit = ${ANALYSIS_LIMIT}`);
    // 0x10002: analyze every table that needs it, not only those this connection has queried (none yet).
    db.pragma('optimize = 0x10002');
  } catch (err) {
    db.close();
    throw new Error(`Cannot use the database ${path}: ${(err as Error).message}. Move the file away to start fresh, or use another --data-dir.`, {
      cause: err,
    });
  }
  const now = opts.now ?? (() => new Date().toISOString());
  const refreshStatistics = (): void => {
    // never inside a unit of work the backend holds open across awaits: the next run comes soon enough
    if (!db.open || db.inTransaction) return;
    try {
      db.pragma('optimize = 0x10002');
    } catch {
      // SQLITE_BUSY or a read-only file: statistics are an optimisation, the next run retries.
    }
  };
  const checkpointEvery = opts.memory ? 0 : (opts.checkpointIntervalMs ?? 200);
  let checkpointer: WalCheckpointer | null = null;
  if (checkpointEvery > 0) {
    checkpointer = startWalCheckpointer(path, checkpointEvery);
    db.pragma(`wal_autocheckpoint = ${BACKSTOP_PAGES}`);
    void checkpointer.ready.then((ok) => {
      if (!ok && db.open) db.pragma(`wal_autocheckpoint = ${AUTOCHECKPOINT_PAGES}`);
    });
  }
  const every = opts.statisticsIntervalMs ?? 30_000;
  const statsTimer = every > 0 ? setInterval(refreshStatistics, every) : null;
  statsTimer?.unref?.();
  const frames = frameRepo(db);
  return {
    db,
    path,
    chargePoints: chargePointRepo(db),
    connectors: connectorRepo(db),
    idTags: idTagRepo(db, now),
    transactions: transactionRepo(db),
    meterSamples: meterSampleRepo(db),
    frames,
    connectionEvents: connectionEventRepo(db),
    registry: registryRepo(db),
    reservations: reservationRepo(db),
    chargingProfiles: chargingProfileRepo(db),
    configuration: configurationRepo(db),
    transactionEvents: transactionEventRepo(db),
    deviceModel: deviceModelRepo(db),
    chargerEvents: chargerEventRepo(db),
    checkpointer,
    transaction: <T>(fn: () => T): T => db.transaction(fn)(),
    refreshStatistics,
    prune(before: string) {
      const ms = Date.parse(before);
      if (Number.isNaN(ms)) throw new Error(`prune: "${before}" is not a date-time (use ISO 8601)`);
      const deleted = db.transaction(() => ({
        frames: frames.deleteBefore(ms),
        meterSamples: db.prepare('DELETE FROM meter_samples WHERE ts_ms < ?').run(ms).changes,
        connectionEvents: db.prepare('DELETE FROM connection_events WHERE at < ?').run(new Date(ms).toISOString()).changes,
      }))();
      refreshStatistics();
      return deleted;
    },
    close: () => {
      if (statsTimer) clearInterval(statsTimer);
      checkpointer?.close();
      if (db.open) {
        refreshStatistics();
        db.close();
      }
    },
  };
}
