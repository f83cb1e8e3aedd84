/**
 * Charger rows for the GUI's list (thousands at once): each charge point with all its connectors in two queries,
 * plus the bench-wide figures of the Overview screen.
 */
import type { Database } from 'better-sqlite3';
import type { SqlRow } from './rows.js';
import type { ProtocolVersion } from '../ocpp/protocol.js';

export interface ChargerSummaryRow {
  id: string;
  online: boolean;
  registrationStatus: string | null;
  vendor: string | null;
  model: string | null;
  firmwareVersion: string | null;
  lastSeenAt: string | null;
  /** When an offline charger went quiet: its disconnect, or the last frame heard when it fell silent. */
  offlineSince: string | null;
  /** Added by the operator (the registry). */
  registered: boolean;
  notes: string | null;
  /** The OCPP version of its (last) connection. */
  protocol: ProtocolVersion;
  connectors: Array<{
    connectorId: number;
    status: string;
    errorCode: string;
    info: string | null;
    vendorErrorCode: string | null;
    updatedAt: string | null;
    transactionId: number | null;
  }>;
}

/** The columns a summary reads (removed chargers are never listed). */
const CP_COLUMNS = `id, online, registration_status, vendor, model, firmware_version, last_seen_at, registered_at, notes, protocol`;

/** A disconnected charger is offline since its disconnect; one still connected but silent, since it was last heard. */
const OFFLINE_SINCE = `CASE WHEN online = 1 THEN NULL WHEN connection_id IS NULL THEN COALESCE(disconnected_at, last_seen_at) ELSE last_seen_at END`;

export function chargerSummaryQuery(db: Database) {
  const allCp = db.prepare(`SELECT ${CP_COLUMNS}, ${OFFLINE_SINCE} AS offline_since FROM charge_points WHERE removed_at IS NULL ORDER BY id`);
  const allConn = db.prepare(
    `SELECT charge_point_id, connector_id, status, error_code, info, vendor_error_code, COALESCE(status_at, updated_at) AS at FROM connectors`,
  );
  const activeTx = db.prepare(`SELECT id, charge_point_id, connector_id FROM transactions WHERE state = 'active'`);
  // Open transactions count as running only on chargers that are online; on offline ones nobody knows.
  const counts = db.prepare(`SELECT
      (SELECT COUNT(*) FROM transactions t JOIN charge_points c ON c.id = t.charge_point_id WHERE t.state = 'active' AND c.online = 1) AS running,
      (SELECT COUNT(*) FROM transactions t JOIN charge_points c ON c.id = t.charge_point_id WHERE t.state = 'active' AND c.online = 0 AND c.removed_at IS NULL) AS openOffline,
      (SELECT COALESCE(MAX(id), 0) FROM frames) AS frames,
      (SELECT COALESCE(SUM(meter_stop - meter_start), 0) FROM transactions WHERE meter_stop IS NOT NULL AND meter_stop >= meter_start) AS stoppedWh`);
  const activeEnergy = db.prepare(`SELECT COALESCE(SUM(e - t.meter_start), 0) AS wh FROM transactions t
      JOIN (SELECT transaction_id, MAX(CASE WHEN unit = 'kWh' THEN numeric_value * 1000 ELSE numeric_value END) AS e FROM meter_samples
            WHERE measurand = 'Energy.Active.Import.Register' AND transaction_id IN (SELECT id FROM transactions WHERE state = 'active') GROUP BY transaction_id) m
      ON m.transaction_id = t.id WHERE t.state = 'active' AND e >= t.meter_start`);

  function build(cps: SqlRow[], conns: SqlRow[], txs: SqlRow[]): ChargerSummaryRow[] {
    const txBy = new Map<string, number>();
    for (const t of txs) txBy.set(`${String(t.charge_point_id)}\u0000${Number(t.connector_id)}`, Number(t.id));
    const connBy = new Map<string, ChargerSummaryRow['connectors']>();
    for (const c of conns) {
      const id = String(c.charge_point_id);
      const list = connBy.get(id) ?? [];
      list.push({
        connectorId: Number(c.connector_id),
        status: String(c.status),
        errorCode: String(c.error_code),
        info: c.info == null ? null : String(c.info),
        vendorErrorCode: c.vendor_error_code == null ? null : String(c.vendor_error_code),
        updatedAt: c.at == null ? null : String(c.at),
        transactionId: txBy.get(`${id}\u0000${Number(c.connector_id)}`) ?? null,
      });
      connBy.set(id, list);
    }
    return cps.map((r) => ({
      id: String(r.id),
      online: r.online === 1,
      registrationStatus: r.registration_status == null ? null : String(r.registration_status),
      vendor: r.vendor == null ? null : String(r.vendor),
      model: r.model == null ? null : String(r.model),
      firmwareVersion: r.firmware_version == null ? null : String(r.firmware_version),
      lastSeenAt: r.last_seen_at == null ? null : String(r.last_seen_at),
      offlineSince: r.offline_since == null ? null : String(r.offline_since),
      registered: r.registered_at != null,
      notes: r.notes == null ? null : String(r.notes),
      protocol: (r.protocol ?? 'ocpp1.6') as ProtocolVersion,
      connectors: (connBy.get(String(r.id)) ?? []).sort((a, b) => a.connectorId - b.connectorId),
    }));
  }

  return {
    all(): ChargerSummaryRow[] {
      return build(allCp.all() as SqlRow[], allConn.all() as SqlRow[], activeTx.all() as SqlRow[]);
    },
    some(ids: string[]): ChargerSummaryRow[] {
      if (ids.length === 0) return [];
      const out: ChargerSummaryRow[] = [];
      for (let i = 0; i < ids.length; i += 500) {
        const chunk = ids.slice(i, i + 500);
        const q = chunk.map(() => '?').join(',');
        out.push(
          ...build(
            db
              .prepare(`SELECT ${CP_COLUMNS}, ${OFFLINE_SINCE} AS offline_since FROM charge_points WHERE id IN (${q}) AND removed_at IS NULL`)
              .all(...chunk) as SqlRow[],
            db
              .prepare(
                `SELECT charge_point_id, connector_id, status, error_code, info, vendor_error_code, COALESCE(status_at, updated_at) AS at FROM connectors WHERE charge_point_id IN (${q})`,
              )
              .all(...chunk) as SqlRow[],
            db
              .prepare(`SELECT id, charge_point_id, connector_id FROM transactions WHERE state = 'active' AND charge_point_id IN (${q})`)
              .all(...chunk) as SqlRow[],
          ),
        );
      }
      return out;
    },
    /**
     * Transactions running (open, charger online), open on offline chargers (state unknown until they report),
     * stored frames (max id), energy delivered (stopped + running so far, Wh).
     */
    figures(): { transactionsRunning: number; transactionsOpenOffline: number; framesStored: number; energyDeliveredWh: number } {
      const c = counts.get() as { running: number; openOffline: number; frames: number; stoppedWh: number };
      const a = activeEnergy.get() as { wh: number };
      return { transactionsRunning: c.running, transactionsOpenOffline: c.openOffline, framesStored: c.frames, energyDeliveredWh: c.stoppedWh + a.wh };
    },
    /** Online flag and offline-since time of some chargers (for transaction views). */
    presence(ids: string[]): Map<string, { online: boolean; offlineSince: string | null }> {
      const out = new Map<string, { online: boolean; offlineSince: string | null }>();
      const unique = [...new Set(ids)];
      for (let i = 0; i < unique.length; i += 500) {
        const chunk = unique.slice(i, i + 500);
        const rows = db
          .prepare(`SELECT id, online, ${OFFLINE_SINCE} AS offline_since FROM charge_points WHERE id IN (${chunk.map(() => '?').join(',')})`)
          .all(...chunk) as SqlRow[];
        for (const r of rows) out.set(String(r.id), { online: r.online === 1, offlineSince: r.offline_since == null ? null : String(r.offline_since) });
      }
      return out;
    },
  };
}
export type ChargerSummaryQuery = ReturnType<typeof chargerSummaryQuery>;
