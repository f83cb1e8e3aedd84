/** Store rows as the API's views: charger summaries and pages, registry entries, transactions. */
import { networkInterfaces } from 'node:os';
import type { ChargerDetail, ChargerState, ChargerSummary, RegistryEntry, TransactionView, TransportView } from '../../api/types.js';
import { transactionNote } from '../../api/transactionNote.js';
import { chargerSummaryQuery, type ChargerSummaryRow } from '../../store/chargerSummaryQuery.js';
import type { RegistryRow, TransactionRow } from '../../store/index.js';
import type { BenchApiDeps } from './deps.js';
import type { LiveFeed } from './liveFeed.js';
import type { ChargerHealth } from './chargerHealth.js';

const STATE_PRIORITY: ChargerState[] = [
  'Faulted',
  'Charging',
  'SuspendedEVSE',
  'SuspendedEV',
  'Finishing',
  'Occupied',
  'Preparing',
  'Reserved',
  'Unavailable',
  'Available',
];

function chargerState(r: ChargerSummaryRow): ChargerState {
  if (!r.online) return 'Offline';
  if (r.registrationStatus === 'Pending' || r.registrationStatus === 'Rejected') return r.registrationStatus;
  if (r.registrationStatus !== 'Accepted') return 'Booting';
  const statuses = new Set(r.connectors.filter((c) => c.connectorId > 0).map((c) => c.status));
  for (const s of STATE_PRIORITY) if (statuses.has(s)) return s;
  const c0 = r.connectors.find((c) => c.connectorId === 0);
  return (c0?.status as ChargerState | undefined) ?? 'Unknown';
}

export function lanOcppUrls(port: number): string[] {
  const out: string[] = [];
  for (const list of Object.values(networkInterfaces())) {
    for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal) out.push(`ws://${a.address}:${port}/ocpp/{chargePointId}`);
  }
  return out;
}

/** The registry entry of a charger, with what its last boot said against what was expected. */
export function registryEntry(r: RegistryRow): RegistryEntry {
  const mismatch: string[] = [];
  if (r.expectedVendor && r.vendor && r.expectedVendor !== r.vendor) mismatch.push(`vendor "${r.vendor}" (expected "${r.expectedVendor}")`);
  if (r.expectedModel && r.model && r.expectedModel !== r.model) mismatch.push(`model "${r.model}" (expected "${r.expectedModel}")`);
  return {
    id: r.id,
    registered: r.registeredAt !== null,
    registeredAt: r.registeredAt,
    firstSeenAt: r.firstSeenAt,
    notes: r.notes,
    expectedVendor: r.expectedVendor,
    expectedModel: r.expectedModel,
    hasPassword: r.passwordHash !== null,
    bootPolicy: r.bootPolicy,
    identityMismatch: mismatch.length ? `It booted as ${mismatch.join(' and ')}` : null,
  };
}

export type Views = ReturnType<typeof createViews>;

export function createViews(deps: BenchApiDeps, feed: LiveFeed, health?: ChargerHealth) {
  const { store } = deps.backend;
  const summaries = chargerSummaryQuery(store.db);
  const lastEnergy = store.db.prepare(
    `SELECT numeric_value AS v, unit FROM meter_samples WHERE transaction_id = ? AND measurand = 'Energy.Active.Import.Register' AND numeric_value IS NOT NULL ORDER BY ts_ms DESC, id DESC LIMIT 1`,
  );

  function summary(r: ChargerSummaryRow): ChargerSummary {
    const sim = deps.sim?.has(r.id) ? deps.sim.view(r.id) : null;
    const byConn = feed.power(r.id);
    // an offline charger's power is unknown: never the last reading
    let powerW: number | null = null;
    if (!r.online) powerW = null;
    else if (sim) powerW = sim.connectors.reduce((a, c) => a + (c.powerW ?? 0), 0);
    else if (byConn && byConn.size) powerW = [...byConn.values()].reduce((a, b) => a + b, 0);
    const unresponsive = health?.of(r.id, r.online) ?? null;
    const errorCode = r.connectors.find((c) => c.errorCode && c.errorCode !== 'NoError')?.errorCode ?? null;
    return {
      id: r.id,
      connected: r.online,
      state: unresponsive ? 'Unresponsive' : chargerState(r),
      vendor: r.vendor,
      model: r.model,
      firmware: r.firmwareVersion,
      connectors: r.connectors.map((c) => ({ ...c })),
      lastSeenAt: r.lastSeenAt,
      offlineSince: r.offlineSince,
      simulated: sim !== null,
      profile: sim?.profile ?? null,
      powerW,
      registered: r.registered,
      notes: r.notes,
      protocol: r.protocol,
      errorCode,
      unresponsive,
    };
  }

  /** Simulated chargers that have not reached the store yet (still connecting). */
  function pendingSim(known: Set<string>, only?: string[]): ChargerSummary[] {
    if (!deps.sim) return [];
    const out: ChargerSummary[] = [];
    for (const id of only ?? deps.sim.ids()) {
      if (known.has(id)) continue;
      const v = deps.sim.view(id);
      if (!v) continue;
      out.push({
        id,
        connected: false,
        state: 'Offline',
        vendor: null,
        model: null,
        firmware: null,
        connectors: [],
        lastSeenAt: null,
        offlineSince: null,
        simulated: true,
        profile: v.profile,
        powerW: null,
        registered: false,
        notes: null,
        protocol: null,
        errorCode: null,
        unresponsive: null,
      });
    }
    return out;
  }

  function liveEnergy(t: TransactionRow): number | null {
    if (t.energyWh !== null) return t.energyWh;
    const last = lastEnergy.get(t.id) as { v: number; unit: string } | undefined;
    if (!last) return null;
    return (last.unit === 'kWh' ? last.v * 1000 : last.v) - t.meterStart;
  }

  function txViews(rows: TransactionRow[]): TransactionView[] {
    const presence = summaries.presence(rows.map((t) => t.chargePointId));
    return rows.map((t) => {
      const p = presence.get(t.chargePointId);
      const online = p?.online ?? false;
      return {
        id: t.id,
        chargePointId: t.chargePointId,
        connectorId: t.connectorId,
        idTag: t.idTag,
        reservationId: t.reservationId,
        meterStart: t.meterStart,
        meterStop: t.meterStop,
        startedAt: t.startedAt,
        stoppedAt: t.stoppedAt,
        stopReason: t.stopReason,
        energyWh: liveEnergy(t),
        state: t.state,
        cleanup: t.cleanup,
        staleClose: t.staleClose,
        differingStops: t.differingStops,
        note: transactionNote(t),
        chargerOnline: online,
        chargerOfflineSince: t.state === 'active' && !online ? (p?.offlineSince ?? null) : null,
        protocol: t.protocol,
        chargerTransactionId: t.chargerTransactionId,
        chargingState: t.chargingState,
        evseConnectorId: t.evseConnectorId,
      };
    });
  }

  return {
    summaries,
    summary,
    pendingSim,
    txViews,
    allSummaries(): ChargerSummary[] {
      const rows = summaries.all();
      const list = rows.map(summary);
      list.push(...pendingSim(new Set(rows.map((r) => r.id))));
      return list;
    },
    someSummaries(ids: string[]): ChargerSummary[] {
      const rows = summaries.some(ids);
      const list = rows.map(summary);
      list.push(...pendingSim(new Set(rows.map((r) => r.id)), ids));
      return list;
    },
    detail(id: string): ChargerDetail | null {
      const row = summaries.some([id])[0];
      const sim = deps.sim?.has(id) ? deps.sim.view(id) : null;
      if (!row && !sim) return null;
      const base = row ? summary(row) : (pendingSim(new Set(), [id])[0] as ChargerSummary);
      const cp = store.chargePoints.get(id);
      const reg = store.registry.get(id);
      return {
        ...base,
        serialNumber: cp?.chargePointSerial ?? cp?.chargeBoxSerial ?? null,
        iccid: cp?.iccid ?? null,
        imsi: cp?.imsi ?? null,
        meterType: cp?.meterType ?? null,
        meterSerialNumber: cp?.meterSerial ?? null,
        bootStatus: cp?.registrationStatus ?? null,
        lastBootAt: cp?.lastBootAt ?? null,
        lastHeartbeatAt: cp?.lastHeartbeatAt ?? null,
        connectedAt: cp?.connectedAt ?? null,
        openTransactions: txViews(store.transactions.list({ chargePointId: id, state: 'active', limit: 50 }).rows),
        autoRemoteStarts: feed.decisions(id),
        sim,
        ...(reg ? { registry: registryEntry(reg) } : {}),
        outstandingCalls: deps.backend.outstandingCalls(id),
      };
    },
    transport(): TransportView {
      const s = deps.transportStatus();
      const edgeUrl = new URL(deps.ocppBaseUrl.replace(/^ws/, 'http'));
      const port = Number(edgeUrl.port);
      // An edge bound to loopback cannot be reached from the LAN: do not advertise LAN addresses then.
      const lanReachable = !/^(127\.|localhost$|\[::1\]$)/.test(edgeUrl.hostname);
      return {
        kind: s.kind,
        connected: s.connected,
        url: s.url ?? null,
        queueDepth: s.queueDepth ?? null,
        heldFrames: s.heldFrames ?? null,
        detail: s.detail ?? null,
        ocppUrl: `${deps.ocppBaseUrl}/{chargePointId}`,
        lanOcppUrls: lanReachable ? lanOcppUrls(port) : [],
        lanReachable,
      };
    },
  };
}
