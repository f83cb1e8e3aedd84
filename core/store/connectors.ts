/** Connectors (0 = the charger as a whole): the last StatusNotification of each. */
import type { Database } from 'better-sqlite3';
import type { ConnectorRow } from './types.js';
import { str, type SqlRow } from './rows.js';

export interface ConnectorStatus {
  chargePointId: string;
  connectorId: number;
  status: string;
  errorCode: string;
  info?: string | undefined;
  vendorId?: string | undefined;
  vendorErrorCode?: string | undefined;
  statusAt: string | null;
  updatedAt: string;
}

function toRow(r: SqlRow): ConnectorRow {
  return {
    chargePointId: String(r.charge_point_id),
    connectorId: Number(r.connector_id),
    status: String(r.status),
    errorCode: String(r.error_code),
    info: str(r.info),
    vendorId: str(r.vendor_id),
    vendorErrorCode: str(r.vendor_error_code),
    statusAt: str(r.status_at),
    updatedAt: String(r.updated_at),
  };
}

export function connectorRepo(db: Database) {
  const upsert =
    db.prepare(`INSERT INTO connectors (charge_point_id, connector_id, status, error_code, info, vendor_id, vendor_error_code, status_at, updated_at)
    VALUES (@chargePointId, @connectorId, @status, @errorCode, @info, @vendorId, @vendorErrorCode, @statusAt, @updatedAt)
    ON CONFLICT(charge_point_id, connector_id) DO UPDATE SET status = excluded.status, error_code = excluded.error_code, info = excluded.info,
      vendor_id = excluded.vendor_id, vendor_error_code = excluded.vendor_error_code, status_at = excluded.status_at, updated_at = excluded.updated_at`);
  const list = db.prepare(`SELECT * FROM connectors WHERE charge_point_id = ? ORDER BY connector_id`);
  const get = db.prepare(`SELECT * FROM connectors WHERE charge_point_id = ? AND connector_id = ?`);
  const evseConnector = db.prepare(`UPDATE connectors SET evse_connector_id = ? WHERE charge_point_id = ? AND connector_id = ?`);
  return {
    upsertStatus(s: ConnectorStatus): void {
      upsert.run({ ...s, info: s.info ?? null, vendorId: s.vendorId ?? null, vendorErrorCode: s.vendorErrorCode ?? null });
    },
    /** OCPP 2.0.1: the connector within the EVSE (the row's connectorId is the evseId) that reported the status. */
    setEvseConnector(chargePointId: string, evseId: number, connectorId: number): void {
      evseConnector.run(connectorId, chargePointId, evseId);
    },
    list(chargePointId: string): ConnectorRow[] {
      return (list.all(chargePointId) as SqlRow[]).map(toRow);
    },
    get(chargePointId: string, connectorId: number): ConnectorRow | undefined {
      const r = get.get(chargePointId, connectorId) as SqlRow | undefined;
      return r ? toRow(r) : undefined;
    },
  };
}
export type ConnectorRepo = ReturnType<typeof connectorRepo>;
