/**
 * The charger registry: the operator's fields on charge_points (added by hand, password hash, notes, expected
 * identity, per-charger boot answer) and removal. A removed charger whose history is kept stays in the table,
 * hidden (removed_at): out of every list, unknown to the edge, back when it connects again while unknown
 * chargers are accepted. Removing with history deletes the charger's frames, transactions, samples and the rest.
 */
import type { Database } from 'better-sqlite3';
import { str, type SqlRow } from './rows.js';
import type { BootPolicyChoice } from './types.js';

export interface RegistryRow {
  id: string;
  registeredAt: string | null;
  firstSeenAt: string;
  notes: string | null;
  expectedVendor: string | null;
  expectedModel: string | null;
  passwordHash: string | null;
  bootPolicy: BootPolicyChoice | null;
  removedAt: string | null;
  /** The identity the charger last booted with. */
  vendor: string | null;
  model: string | null;
}

export interface RegistryFields {
  notes?: string | null;
  expectedVendor?: string | null;
  expectedModel?: string | null;
  passwordHash?: string | null;
  bootPolicy?: BootPolicyChoice | null;
}

const COLUMNS: Record<keyof RegistryFields, string> = {
  notes: 'notes',
  expectedVendor: 'expected_vendor',
  expectedModel: 'expected_model',
  passwordHash: 'password_hash',
  bootPolicy: 'boot_policy',
};

function toRow(r: SqlRow): RegistryRow {
  return {
    id: String(r.id),
    registeredAt: str(r.registered_at),
    firstSeenAt: String(r.first_seen_at),
    notes: str(r.notes),
    expectedVendor: str(r.expected_vendor),
    expectedModel: str(r.expected_model),
    passwordHash: str(r.password_hash),
    bootPolicy: str(r.boot_policy) as BootPolicyChoice | null,
    removedAt: str(r.removed_at),
    vendor: str(r.vendor),
    model: str(r.model),
  };
}

export interface PurgeCounts {
  transactions: number;
  frames: number;
  meterSamples: number;
}

export function registryRepo(db: Database) {
  const get = db.prepare(
    `SELECT id, registered_at, first_seen_at, notes, expected_vendor, expected_model, password_hash, boot_policy, removed_at, vendor, model FROM charge_points WHERE id = ?`,
  );
  const add = db.prepare(`INSERT INTO charge_points (id, first_seen_at, registered_at) VALUES (@id, @at, @at)
    ON CONFLICT(id) DO UPDATE SET registered_at = COALESCE(registered_at, @at), removed_at = NULL`);
  const bootPolicy = db.prepare(`SELECT boot_policy FROM charge_points WHERE id = ?`).pluck();
  const hide = db.prepare(`UPDATE charge_points SET removed_at = @at, online = 0, connection_id = NULL WHERE id = @id`);
  const restore = db.prepare(`UPDATE charge_points SET removed_at = NULL WHERE id = ? AND removed_at IS NOT NULL`);
  const purgeStatements = [
    ['frames', db.prepare(`DELETE FROM frames WHERE charge_point_id = ?`)],
    ['meterSamples', db.prepare(`DELETE FROM meter_samples WHERE charge_point_id = ?`)],
    ['transactions', db.prepare(`DELETE FROM transactions WHERE charge_point_id = ?`)],
    ['', db.prepare(`DELETE FROM connection_events WHERE charge_point_id = ?`)],
    ['', db.prepare(`DELETE FROM reservations WHERE charge_point_id = ?`)],
    ['', db.prepare(`DELETE FROM charging_profiles_sent WHERE charge_point_id = ?`)],
    ['', db.prepare(`DELETE FROM configuration_changes WHERE charge_point_id = ?`)],
    ['', db.prepare(`DELETE FROM device_model WHERE charge_point_id = ?`)],
    ['', db.prepare(`DELETE FROM charger_events WHERE charge_point_id = ?`)],
    ['', db.prepare(`DELETE FROM charge_points WHERE id = ?`)],
  ] as const;
  const offlineIds = db.prepare(`SELECT id FROM charge_points WHERE online = 0 AND removed_at IS NULL ORDER BY id`).pluck();

  return {
    /** The entry, removed ones included (see removedAt). */
    get(id: string): RegistryRow | undefined {
      const r = get.get(id) as SqlRow | undefined;
      return r ? toRow(r) : undefined;
    },
    /** Adds a charger by hand (or marks a seen one as registered, bringing back a removed one). */
    add(id: string, at: string, fields: RegistryFields): RegistryRow {
      add.run({ id, at });
      this.update(id, fields);
      return this.get(id)!;
    },
    /** Sets the fields given (undefined leaves one as it is; null clears it). */
    update(id: string, fields: RegistryFields): void {
      const sets = (Object.keys(COLUMNS) as Array<keyof RegistryFields>).filter((k) => fields[k] !== undefined);
      if (sets.length === 0) return;
      db.prepare(`UPDATE charge_points SET ${sets.map((k) => `${COLUMNS[k]} = @${k}`).join(', ')} WHERE id = @id`).run({
        id,
        ...Object.fromEntries(sets.map((k) => [k, fields[k]])),
      });
    },
    /** The charger's own BootNotification answer, if the operator set one. */
    bootPolicy(id: string): BootPolicyChoice | null {
      return (bootPolicy.get(id) as BootPolicyChoice | null | undefined) ?? null;
    },
    /** Removes a charger, keeping its history (hidden). */
    hide(id: string, at: string): void {
      hide.run({ id, at });
    },
    /** A removed charger that connects again is back in the lists (its history with it). */
    restore(id: string): boolean {
      return restore.run(id).changes > 0;
    },
    /** Removes a charger and everything stored about it. */
    purge(id: string): PurgeCounts {
      const counts: PurgeCounts = { transactions: 0, frames: 0, meterSamples: 0 };
      for (const [name, stmt] of purgeStatements) {
        const n = stmt.run(id).changes;
        if (name) counts[name] += n;
      }
      return counts;
    },
    /** Chargers offline now (removed ones excluded). */
    offlineIds(): string[] {
      return offlineIds.all() as string[];
    },
  };
}
export type RegistryRepo = ReturnType<typeof registryRepo>;
