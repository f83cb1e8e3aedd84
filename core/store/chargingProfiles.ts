/**
 * Charging profiles: every SetChargingProfile sent (keyed by its CALL) with the charger's answer, which are
 * still installed (accepted, not replaced, not cleared), and the library of saved profiles.
 */
import type { Database } from 'better-sqlite3';
import { num, str, type SqlRow } from './rows.js';

export interface ChargingProfileSentRow {
  id: number;
  chargePointId: string;
  connectorId: number;
  messageId: string;
  chargingProfileId: number;
  stackLevel: number;
  purpose: string;
  kind: string;
  transactionId: number | null;
  profile: unknown;
  libraryName: string | null;
  sentAt: string;
  status: string;
  answeredAt: string | null;
  endedAt: string | null;
  endedBy: string | null;
}

export interface LibraryProfileRow {
  name: string;
  description: string;
  profile: unknown;
  createdAt: string;
  updatedAt: string;
}

function parse(text: unknown): unknown {
  try {
    return JSON.parse(String(text));
  } catch {
    return null;
  }
}

function toSent(r: SqlRow): ChargingProfileSentRow {
  return {
    id: Number(r.id),
    chargePointId: String(r.charge_point_id),
    connectorId: Number(r.connector_id),
    messageId: String(r.message_id),
    chargingProfileId: Number(r.charging_profile_id),
    stackLevel: Number(r.stack_level),
    purpose: String(r.purpose),
    kind: String(r.kind),
    transactionId: num(r.transaction_id),
    profile: parse(r.profile),
    libraryName: str(r.library_name),
    sentAt: String(r.sent_at),
    status: String(r.status),
    answeredAt: str(r.answered_at),
    endedAt: str(r.ended_at),
    endedBy: str(r.ended_by),
  };
}

const toLibrary = (r: SqlRow): LibraryProfileRow => ({
  name: String(r.name),
  description: String(r.description),
  profile: parse(r.profile),
  createdAt: String(r.created_at),
  updatedAt: String(r.updated_at),
});

export interface SentProfileInput {
  chargePointId: string;
  connectorId: number;
  messageId: string;
  profile: { chargingProfileId: number; stackLevel: number; chargingProfilePurpose: string; chargingProfileKind: string; transactionId?: number };
  libraryName?: string | null;
  status: string;
  at: string;
}

export function chargingProfileRepo(db: Database) {
  const upsert =
    db.prepare(`INSERT INTO charging_profiles_sent (charge_point_id, connector_id, message_id, charging_profile_id, stack_level, purpose, kind, transaction_id, profile, library_name, sent_at, status, answered_at)
    VALUES (@chargePointId, @connectorId, @messageId, @chargingProfileId, @stackLevel, @purpose, @kind, @transactionId, @profile, @libraryName, @at, @status, @answeredAt)
    ON CONFLICT(charge_point_id, message_id) DO UPDATE SET status = excluded.status, answered_at = excluded.answered_at, library_name = COALESCE(library_name, excluded.library_name)`);
  const byCall = db.prepare(`SELECT * FROM charging_profiles_sent WHERE charge_point_id = ? AND message_id = ?`);
  const ofCharger = db.prepare(`SELECT * FROM charging_profiles_sent WHERE charge_point_id = ? ORDER BY id DESC LIMIT ?`);
  const installed = db.prepare(`SELECT * FROM charging_profiles_sent WHERE charge_point_id = ? AND status = 'Accepted' AND ended_at IS NULL ORDER BY id`);
  const end = db.prepare(`UPDATE charging_profiles_sent SET ended_at = @at, ended_by = @why WHERE id = @id AND ended_at IS NULL`);
  const setLibrary = db.prepare(`UPDATE charging_profiles_sent SET library_name = ? WHERE id = ?`);
  const libraryAll = db.prepare(`SELECT * FROM charging_profile_library ORDER BY name`);
  const libraryGet = db.prepare(`SELECT * FROM charging_profile_library WHERE name = ?`);
  const librarySave =
    db.prepare(`INSERT INTO charging_profile_library (name, description, profile, created_at, updated_at) VALUES (@name, @description, @profile, @at, @at)
    ON CONFLICT(name) DO UPDATE SET description = excluded.description, profile = excluded.profile, updated_at = excluded.updated_at`);
  const libraryDelete = db.prepare(`DELETE FROM charging_profile_library WHERE name = ?`);

  return {
    /** Records a SetChargingProfile (on its answer, or when it failed without one); the same CALL again updates it. */
    recordSent(s: SentProfileInput): ChargingProfileSentRow {
      const answered = s.status !== 'timeout' && s.status !== 'failed';
      upsert.run({
        chargePointId: s.chargePointId,
        connectorId: s.connectorId,
        messageId: s.messageId,
        chargingProfileId: s.profile.chargingProfileId,
        stackLevel: s.profile.stackLevel,
        purpose: s.profile.chargingProfilePurpose,
        kind: s.profile.chargingProfileKind,
        transactionId: s.profile.transactionId ?? null,
        profile: JSON.stringify(s.profile),
        libraryName: s.libraryName ?? null,
        at: s.at,
        status: s.status,
        answeredAt: answered ? s.at : null,
      });
      return toSent(byCall.get(s.chargePointId, s.messageId) as SqlRow);
    },
    byCall(chargePointId: string, messageId: string): ChargingProfileSentRow | undefined {
      const r = byCall.get(chargePointId, messageId) as SqlRow | undefined;
      return r ? toSent(r) : undefined;
    },
    /** Newest first. */
    ofCharger(chargePointId: string, limit = 200): ChargingProfileSentRow[] {
      return (ofCharger.all(chargePointId, limit) as SqlRow[]).map(toSent);
    },
    /** Accepted and not ended, oldest first. */
    installed(chargePointId: string): ChargingProfileSentRow[] {
      return (installed.all(chargePointId) as SqlRow[]).map(toSent);
    },
    /** Names the saved profile a record was sent from. */
    setLibraryName(id: number, name: string): void {
      setLibrary.run(name, id);
    },
    end(id: number, why: string, at: string): boolean {
      return end.run({ id, why, at }).changes > 0;
    },
    library(): LibraryProfileRow[] {
      return (libraryAll.all() as SqlRow[]).map(toLibrary);
    },
    libraryGet(name: string): LibraryProfileRow | undefined {
      const r = libraryGet.get(name) as SqlRow | undefined;
      return r ? toLibrary(r) : undefined;
    },
    librarySave(p: { name: string; description: string; profile: unknown; at: string }): LibraryProfileRow {
      librarySave.run({ ...p, profile: JSON.stringify(p.profile) });
      return this.libraryGet(p.name)!;
    },
    libraryDelete(name: string): boolean {
      return libraryDelete.run(name).changes > 0;
    },
  };
}
export type ChargingProfileRepo = ReturnType<typeof chargingProfileRepo>;
