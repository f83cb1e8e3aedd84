/** What the central system knows of a charger's configuration besides its keys: when it was read, and each key's last change. */
import type { Database } from 'better-sqlite3';
import { str, type SqlRow } from './rows.js';

export interface ConfigurationChangeRow {
  key: string;
  value: string;
  status: string;
  at: string;
}

export function configurationRepo(db: Database) {
  const read = db.prepare(`UPDATE charge_points SET configuration_read_at = @at, configuration_unknown_keys = @unknown WHERE id = @id`);
  const readInfo = db.prepare(`SELECT configuration_read_at, configuration_unknown_keys FROM charge_points WHERE id = ?`);
  const change = db.prepare(`INSERT INTO configuration_changes (charge_point_id, key, value, status, at) VALUES (@id, @key, @value, @status, @at)
    ON CONFLICT(charge_point_id, key) DO UPDATE SET value = excluded.value, status = excluded.status, at = excluded.at`);
  const changes = db.prepare(`SELECT key, value, status, at FROM configuration_changes WHERE charge_point_id = ? ORDER BY key`);

  return {
    /** A GetConfiguration answer was stored now; `unknownKeys` as the charger listed them. */
    recordRead(id: string, at: string, unknownKeys: readonly string[]): void {
      read.run({ id, at, unknown: JSON.stringify(unknownKeys) });
    },
    readInfo(id: string): { readAt: string | null; unknownKeys: string[] } {
      const r = readInfo.get(id) as SqlRow | undefined;
      let unknownKeys: string[];
      try {
        unknownKeys = r?.configuration_unknown_keys ? (JSON.parse(String(r.configuration_unknown_keys)) as string[]) : [];
      } catch {
        unknownKeys = [];
      }
      return { readAt: str(r?.configuration_read_at), unknownKeys };
    },
    /** The charger's answer to a ChangeConfiguration (or why there was none). */
    recordChange(id: string, c: ConfigurationChangeRow): void {
      change.run({ id, ...c });
    },
    changes(id: string): ConfigurationChangeRow[] {
      return changes.all(id) as ConfigurationChangeRow[];
    },
  };
}
export type ConfigurationRepo = ReturnType<typeof configurationRepo>;
