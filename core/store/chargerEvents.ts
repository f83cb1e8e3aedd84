/**
 * What a 2.0.1 charger reports on its own, kept per charger: NotifyEvent (each eventData), SecurityEventNotification,
 * FirmwareStatusNotification, LogStatusNotification, ReservationStatusUpdate, NotifyEVChargingNeeds.
 */
import type { Database } from 'better-sqlite3';
import { clampLimit, num, type SqlRow } from './rows.js';

export const CHARGER_EVENT_KINDS = ['NotifyEvent', 'SecurityEvent', 'FirmwareStatus', 'LogStatus', 'ReservationStatus', 'EVChargingNeeds'] as const;
export type ChargerEventKind = (typeof CHARGER_EVENT_KINDS)[number];

export interface ChargerEventRow {
  id: number;
  chargePointId: string;
  kind: ChargerEventKind;
  /** The event's own kind: NotifyEvent's trigger, the security event type, the status reported. */
  type: string;
  /** The charger's timestamp (else server time). */
  at: string;
  detail: unknown;
  frameId: number | null;
  receivedAt: string;
}

function toRow(r: SqlRow): ChargerEventRow {
  let detail: unknown;
  try {
    detail = JSON.parse(String(r.detail));
  } catch {
    detail = r.detail;
  }
  return {
    id: Number(r.id),
    chargePointId: String(r.charge_point_id),
    kind: r.kind as ChargerEventKind,
    type: String(r.type),
    at: String(r.at),
    detail,
    frameId: num(r.frame_id),
    receivedAt: String(r.received_at),
  };
}

export function chargerEventRepo(db: Database) {
  const insert = db.prepare(
    `INSERT INTO charger_events (charge_point_id, kind, type, at, detail, frame_id, received_at) VALUES (@chargePointId, @kind, @type, @at, @detail, @frameId, @receivedAt)`,
  );
  const byKind = db.prepare(`SELECT * FROM charger_events WHERE charge_point_id = ? AND kind = ? ORDER BY id DESC LIMIT ?`);
  const all = db.prepare(`SELECT * FROM charger_events WHERE charge_point_id = ? ORDER BY id DESC LIMIT ?`);
  return {
    insert(e: Omit<ChargerEventRow, 'id'>): ChargerEventRow {
      const info = insert.run({ ...e, detail: JSON.stringify(e.detail) });
      return { id: Number(info.lastInsertRowid), ...e };
    },
    /** Newest first. */
    list(chargePointId: string, kind?: ChargerEventKind, limit?: number): ChargerEventRow[] {
      const n = clampLimit(limit, 100, 5000);
      return ((kind ? byKind.all(chargePointId, kind, n) : all.all(chargePointId, n)) as SqlRow[]).map(toRow);
    },
  };
}
export type ChargerEventRepo = ReturnType<typeof chargerEventRepo>;
