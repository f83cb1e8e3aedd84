/** Connection history per charger: connects, disconnects, liveness timeouts. */
import type { Database } from 'better-sqlite3';
import type { ConnectionEventRow } from './types.js';
import { clampLimit, str, type SqlRow } from './rows.js';

function toRow(r: SqlRow): ConnectionEventRow {
  return {
    id: Number(r.id),
    eventId: str(r.event_id),
    chargePointId: String(r.charge_point_id),
    kind: r.kind as ConnectionEventRow['kind'],
    edgeId: str(r.edge_id),
    connectionId: str(r.connection_id),
    at: String(r.at),
    detail: str(r.detail),
  };
}

export function connectionEventRepo(db: Database) {
  const insert = db.prepare(`INSERT INTO connection_events (event_id, charge_point_id, kind, edge_id, connection_id, at, detail)
    VALUES (@eventId, @chargePointId, @kind, @edgeId, @connectionId, @at, @detail)`);
  const has = db.prepare(`SELECT 1 FROM connection_events WHERE event_id = ? AND connection_id IS ? AND kind = ?`);
  const list = db.prepare(`SELECT * FROM connection_events WHERE charge_point_id = ? ORDER BY id DESC LIMIT ?`);
  return {
    insert(e: Omit<ConnectionEventRow, 'id'>): void {
      insert.run(e);
    },
    /** Whether this edge event was already stored (redelivery); the connection id guards against edge restarts. */
    has(eventId: string, connectionId: string, kind: ConnectionEventRow['kind']): boolean {
      return has.get(eventId, connectionId, kind) !== undefined;
    },
    list(chargePointId: string, limit?: number): ConnectionEventRow[] {
      return (list.all(chargePointId, clampLimit(limit, 100, 10_000)) as SqlRow[]).map(toRow);
    },
  };
}
export type ConnectionEventRepo = ReturnType<typeof connectionEventRepo>;
