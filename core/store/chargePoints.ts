/** Charge points: identity (BootNotification fields), connection state and liveness. */
import type { Database } from 'better-sqlite3';
import type { ChargePointRow, Page } from './types.js';
import { clampLimit, likeContains, num, str, where, type SqlRow } from './rows.js';
import { chargePointIdProblem } from '../ocpp/chargePointId.js';
import { protocolVersionOr, type ProtocolVersion } from '../ocpp/protocol.js';

export interface ChargePointQuery {
  online?: boolean;
  /** Matches id, vendor, model or serial numbers (contains, case-insensitive). */
  search?: string;
  /** Status of connector 0. */
  status?: string;
  limit?: number;
  offset?: number;
}

export interface BootFields {
  vendor: string;
  model: string;
  chargePointSerial?: string | undefined;
  chargeBoxSerial?: string | undefined;
  firmwareVersion?: string | undefined;
  iccid?: string | undefined;
  imsi?: string | undefined;
  meterType?: string | undefined;
  meterSerial?: string | undefined;
}

/** A charge point's connection state, as `presence()` reads it. */
export interface ChargePointPresence {
  online: boolean;
  connectionId: string | null;
  remoteAddress: string | null;
  subprotocol: string | null;
  heartbeatInterval: number | null;
  /** The OCPP version its connection negotiated (1.6 for rows from before versions existed). */
  protocol: ProtocolVersion;
}

/** A raw presence row: online, connection_id, remote_address, subprotocol, heartbeat_interval, protocol. */
function toPresence(r: unknown[] | undefined): ChargePointPresence | undefined {
  return r
    ? {
        online: r[0] === 1,
        connectionId: str(r[1]),
        remoteAddress: str(r[2]),
        subprotocol: str(r[3]),
        heartbeatInterval: num(r[4]),
        protocol: protocolVersionOr(r[5]),
      }
    : undefined;
}

const SELECT = `SELECT cp.*, c0.status AS c0_status, c0.error_code AS c0_error_code
  FROM charge_points cp LEFT JOIN connectors c0 ON c0.charge_point_id = cp.id AND c0.connector_id = 0`;

function toRow(r: SqlRow): ChargePointRow {
  let configuration: ChargePointRow['configuration'] = null;
  if (typeof r.configuration === 'string') {
    try {
      configuration = JSON.parse(r.configuration) as ChargePointRow['configuration'];
    } catch {
      configuration = null;
    }
  }
  return {
    id: String(r.id),
    vendor: str(r.vendor),
    model: str(r.model),
    chargePointSerial: str(r.charge_point_serial),
    chargeBoxSerial: str(r.charge_box_serial),
    firmwareVersion: str(r.firmware_version),
    iccid: str(r.iccid),
    imsi: str(r.imsi),
    meterType: str(r.meter_type),
    meterSerial: str(r.meter_serial),
    registrationStatus: str(r.registration_status) as ChargePointRow['registrationStatus'],
    online: r.online === 1,
    offlineReason: str(r.offline_reason),
    edgeId: str(r.edge_id),
    connectionId: str(r.connection_id),
    remoteAddress: str(r.remote_address),
    subprotocol: str(r.subprotocol),
    protocol: protocolVersionOr(r.protocol),
    heartbeatInterval: num(r.heartbeat_interval),
    lastIdTag: str(r.last_id_tag),
    configuration,
    firstSeenAt: String(r.first_seen_at),
    connectedAt: str(r.connected_at),
    disconnectedAt: str(r.disconnected_at),
    lastBootAt: str(r.last_boot_at),
    lastHeartbeatAt: str(r.last_heartbeat_at),
    lastSeenAt: str(r.last_seen_at),
    status: str(r.c0_status),
    errorCode: str(r.c0_error_code),
  };
}

export function chargePointRepo(db: Database) {
  const get = db.prepare(`${SELECT} WHERE cp.id = ?`);
  const presence = db
    .prepare(`SELECT online, connection_id, remote_address, subprotocol, heartbeat_interval, protocol FROM charge_points WHERE id = ?`)
    .raw(true);
  const ensure = db.prepare(`INSERT INTO charge_points (id, first_seen_at) VALUES (?, ?) ON CONFLICT(id) DO NOTHING`);
  const connect = db.prepare(`UPDATE charge_points SET online = 1, offline_reason = NULL, edge_id = @edgeId, connection_id = @connectionId,
    remote_address = @remoteAddress, subprotocol = @subprotocol, protocol = @protocol, connected_at = @at, last_seen_at = @at, last_seen_ms = @ms WHERE id = @id`);
  const disconnect = db.prepare(`UPDATE charge_points SET online = 0, offline_reason = @reason, disconnected_at = @at, connection_id = NULL WHERE id = @id`);
  const offline = db.prepare(`UPDATE charge_points SET online = 0, offline_reason = @reason WHERE id = @id`);
  const touch = db.prepare(`UPDATE charge_points SET last_seen_at = @at, last_seen_ms = @ms,
    online = CASE WHEN connection_id IS NOT NULL THEN 1 ELSE online END,
    offline_reason = CASE WHEN connection_id IS NOT NULL THEN NULL ELSE offline_reason END WHERE id = @id`);
  const boot = db.prepare(`UPDATE charge_points SET vendor = @vendor, model = @model, charge_point_serial = @chargePointSerial,
    charge_box_serial = @chargeBoxSerial, firmware_version = @firmwareVersion, iccid = @iccid, imsi = @imsi, meter_type = @meterType,
    meter_serial = @meterSerial, registration_status = @status, heartbeat_interval = @interval, last_boot_at = @at WHERE id = @id`);
  const seen = db
    .prepare(
      `UPDATE charge_points SET last_seen_at = ?, last_seen_ms = ? WHERE id = ? RETURNING online, connection_id, remote_address, subprotocol, heartbeat_interval, protocol`,
    )
    .raw(true);
  const heartbeat = db.prepare(`UPDATE charge_points SET last_heartbeat_at = ? WHERE id = ?`);
  const lastTag = db.prepare(`UPDATE charge_points SET last_id_tag = ? WHERE id = ?`);
  const config = db.prepare(`UPDATE charge_points SET configuration = ? WHERE id = ?`);
  const del = db.prepare(`DELETE FROM charge_points WHERE id = ?`);
  const allOffline = db.prepare(
    `UPDATE charge_points SET online = 0, offline_reason = @reason, connection_id = NULL, disconnected_at = @at WHERE connection_id IS NOT NULL OR online = 1`,
  );
  const listOnline = db.prepare(`SELECT id, heartbeat_interval FROM charge_points WHERE online = 1`);

  return {
    get(id: string): ChargePointRow | undefined {
      const r = get.get(id) as SqlRow | undefined;
      return r ? toRow(r) : undefined;
    },
    /** The few fields a frame's arrival needs (read on every frame: no join, no JSON); undefined when unknown. */
    presence(id: string): ChargePointPresence | undefined {
      return toPresence(presence.get(id) as unknown[] | undefined);
    },
    /** Creates the charge point row on first sight; an id outside the one id rule is refused (nothing could open it). */
    ensure(id: string, at: string): void {
      const problem = chargePointIdProblem(id);
      if (problem) throw new Error(`Not storing charge point: ${problem}`);
      ensure.run(id, at);
    },
    list(q: ChargePointQuery = {}): Page<ChargePointRow> {
      const parts: string[] = [];
      const params: unknown[] = [];
      if (q.online !== undefined) {
        parts.push('cp.online = ?');
        params.push(q.online ? 1 : 0);
      }
      if (q.status) {
        parts.push('c0.status = ?');
        params.push(q.status);
      }
      if (q.search) {
        parts.push(
          `(cp.id LIKE ? ESCAPE '\\' OR cp.vendor LIKE ? ESCAPE '\\' OR cp.model LIKE ? ESCAPE '\\' OR cp.charge_point_serial LIKE ? ESCAPE '\\' OR cp.charge_box_serial LIKE ? ESCAPE '\\')`,
        );
        const p = likeContains(q.search);
        params.push(p, p, p, p, p);
      }
      const w = where(parts);
      const total = (
        db
          .prepare(`SELECT COUNT(*) AS n FROM charge_points cp LEFT JOIN connectors c0 ON c0.charge_point_id = cp.id AND c0.connector_id = 0 ${w}`)
          .get(...params) as { n: number }
      ).n;
      const rows = db
        .prepare(`${SELECT} ${w} ORDER BY cp.id LIMIT ? OFFSET ?`)
        .all(...params, clampLimit(q.limit, 100, 10_000), Math.max(0, q.offset ?? 0)) as SqlRow[];
      return { rows: rows.map(toRow), total };
    },
    /** `protocol` defaults to ocpp1.6 (callers from before versions existed). */
    markConnected(p: {
      id: string;
      edgeId: string;
      connectionId: string;
      remoteAddress: string;
      subprotocol: string | null;
      protocol?: ProtocolVersion;
      at: string;
      ms: number;
    }): void {
      connect.run({ ...p, protocol: p.protocol ?? 'ocpp1.6' });
    },
    markDisconnected(id: string, at: string, reason: string): void {
      disconnect.run({ id, at, reason });
    },
    /** Offline while the socket may still be open (liveness watchdog). */
    markOffline(id: string, reason: string): void {
      offline.run({ id, reason });
    },
    /** Any frame from the charger counts as a sign of life. */
    touch(id: string, at: string, ms: number): void {
      touch.run({ id, at, ms });
    },
    /**
     * A sign of life: records when the charger was last seen (nothing else: the online flag, and its index, stay
     * as they are) and returns its presence in the same statement; undefined when the charger is unknown.
     */
    seen(id: string, at: string, ms: number): ChargePointPresence | undefined {
      return toPresence(seen.get(at, ms, id) as unknown[] | undefined);
    },
    recordBoot(id: string, f: BootFields, status: string, interval: number, at: string): void {
      boot.run({
        id,
        at,
        status,
        interval,
        vendor: f.vendor,
        model: f.model,
        chargePointSerial: f.chargePointSerial ?? null,
        chargeBoxSerial: f.chargeBoxSerial ?? null,
        firmwareVersion: f.firmwareVersion ?? null,
        iccid: f.iccid ?? null,
        imsi: f.imsi ?? null,
        meterType: f.meterType ?? null,
        meterSerial: f.meterSerial ?? null,
      });
    },
    recordHeartbeat(id: string, at: string): void {
      heartbeat.run(at, id);
    },
    setLastIdTag(id: string, idTag: string): void {
      lastTag.run(idTag, id);
    },
    setConfiguration(id: string, configuration: ChargePointRow['configuration']): void {
      config.run(configuration ? JSON.stringify(configuration) : null, id);
    },
    /** At startup when no connection can have survived (in-process transport): everyone is offline. Returns how many changed. */
    markAllDisconnected(at: string, reason: string): number {
      return allOffline.run({ at, reason }).changes;
    },
    /** Chargers currently marked online, with their heartbeat interval (to re-arm the liveness watchdog). */
    onlineIds(): Array<{ id: string; heartbeatInterval: number | null }> {
      return (listOnline.all() as Array<{ id: string; heartbeat_interval: number | null }>).map((r) => ({ id: r.id, heartbeatInterval: r.heartbeat_interval }));
    },
    delete(id: string): boolean {
      return del.run(id).changes > 0;
    },
  };
}
export type ChargePointRepo = ReturnType<typeof chargePointRepo>;
