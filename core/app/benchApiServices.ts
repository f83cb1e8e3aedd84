/**
 * Implements the bench API's ApiServices over the real backend (store, settings, middleware chains, events,
 * sendCall), the simulator fleet and the transport. This is wiring: the logic lives in those rooms.
 */
import { networkInterfaces } from 'node:os';
import type { ApiServices, LiveEvent } from '../api/services.js';
import type {
  ChargerDetail, ChargerState, ChargerSummary, CommandResult, FrameView, SettingsView, TransactionView, TransportView,
} from '../api/types.js';
import { CallFailedError, type Backend } from '../backend/index.js';
import { OcppError, type CentralSystemAction, type RequestOf } from '../ocpp/index.js';
import type { FrameRow, TransactionRow } from '../store/index.js';
import { chargerSummaryQuery, type ChargerSummaryRow } from '../store/chargerSummaryQuery.js';
import { messageLogQuery, type LogFrame } from '../store/messageLogQuery.js';
import { frameContent } from '../store/storedFrameView.js';
import { meterSeriesQuery, samplesToPoints } from '../store/meterSeriesQuery.js';
import type { TransportStatus } from '../transport/types.js';
import type { SimPort } from './simPort.js';
import { FrameRate } from './frameRate.js';
import { notFound } from '../api/http.js';
import { transactionNote } from '../api/transactionNote.js';
import type { AutoRemoteStartView } from '../api/types.js';

/** AutoRemoteStart decisions kept per charger for its page. */
const DECISIONS_PER_CHARGER = 20;

export type BenchBackend = Pick<Backend, 'store' | 'settings' | 'middleware' | 'events' | 'sendCall'>;

export interface BenchApiDeps {
  backend: BenchBackend;
  sim: SimPort | null;
  transportStatus(): TransportStatus;
  /** ws://127.0.0.1:PORT/ocpp */
  ocppBaseUrl: string;
  dataDir: string;
  disconnectCharger?(id: string): Promise<void>;
  /** Edge policy for unknown charger ids, when the edge exposes it. */
  unknownChargers?: { get(): 'accept' | 'refuse'; set(v: 'accept' | 'refuse'): void };
}

const STATE_PRIORITY: ChargerState[] = ['Faulted', 'Charging', 'SuspendedEVSE', 'SuspendedEV', 'Finishing', 'Preparing', 'Reserved', 'Unavailable', 'Available'];

function chargerState(r: ChargerSummaryRow): ChargerState {
  if (!r.online) return 'Offline';
  if (r.registrationStatus !== 'Accepted') return 'Booting';
  const statuses = new Set(r.connectors.filter((c) => c.connectorId > 0).map((c) => c.status));
  for (const s of STATE_PRIORITY) if (statuses.has(s)) return s;
  const c0 = r.connectors.find((c) => c.connectorId === 0);
  return (c0?.status as ChargerState | undefined) ?? 'Unknown';
}

function logFrameView(f: LogFrame): FrameView {
  const { atMs: _atMs, ...view } = f;
  return view;
}

/** A stored frame (backend event) as the API's FrameView. */
export function frameRowView(r: FrameRow): FrameView {
  return {
    id: r.id, chargePointId: r.chargePointId, direction: r.direction, messageId: r.messageId, action: r.action, at: r.at,
    errorCode: r.errorCode, errorDescription: r.errorDescription, ...frameContent(r.raw, r.messageType),
    callFrameId: r.callFrameId, state: r.state, queuedAt: r.queuedAt, sentAt: r.sentAt,
  };
}

type Presence = { online: boolean; offlineSince: string | null };

function txView(t: TransactionRow, liveEnergyWh: number | null, presence: Presence | undefined): TransactionView {
  const online = presence?.online ?? false;
  return {
    id: t.id, chargePointId: t.chargePointId, connectorId: t.connectorId, idTag: t.idTag, meterStart: t.meterStart, meterStop: t.meterStop,
    startedAt: t.startedAt, stoppedAt: t.stoppedAt, stopReason: t.stopReason, energyWh: t.energyWh ?? liveEnergyWh ?? null,
    state: t.state, cleanup: t.cleanup, differingStops: t.differingStops, note: transactionNote(t),
    chargerOnline: online, chargerOfflineSince: t.state === 'active' && !online ? presence?.offlineSince ?? null : null,
  };
}

export function lanOcppUrls(port: number): string[] {
  const out: string[] = [];
  for (const list of Object.values(networkInterfaces())) {
    for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal) out.push(`ws://${a.address}:${port}/ocpp/{chargePointId}`);
  }
  return out;
}

export function createBenchApiServices(deps: BenchApiDeps): ApiServices & { close(): void } {
  const { backend } = deps;
  const { store } = backend;
  const summaries = chargerSummaryQuery(store.db);
  const log = messageLogQuery(store.db);
  const meters = meterSeriesQuery(store.db);
  const listeners = new Set<(e: LiveEvent) => void>();
  const emit = (e: LiveEvent): void => {
    for (const l of listeners) l(e);
  };
  /** Latest power per charger/connector from MeterValues (real and simulated chargers alike). */
  const power = new Map<string, Map<number, number>>();
  const rate = new FrameRate();

  /** Recent AutoRemoteStart decisions per charger, newest first. */
  const decisions = new Map<string, AutoRemoteStartView[]>();

  const offs: Array<() => void> = [];
  offs.push(backend.events.on('autoRemoteStart', (d) => {
    let list = decisions.get(d.chargePointId);
    if (!list) decisions.set(d.chargePointId, (list = []));
    list.unshift(d);
    if (list.length > DECISIONS_PER_CHARGER) list.length = DECISIONS_PER_CHARGER;
    emit({ kind: 'autoRemoteStart', decision: d });
  }));
  offs.push(backend.events.on('frame', (f) => {
    rate.add(Date.now());
    emit({ kind: 'frame', frame: frameRowView(f) });
  }));
  // a server CALL reached the wire (new id, its place in wire order) or ended unanswered: the log row is replaced
  offs.push(backend.events.on('frameUpdated', (u) => emit({ kind: 'frame', frame: { ...frameRowView(u.frame), replacesId: u.previousId } })));
  offs.push(backend.events.on('chargePoint', (e) => {
    // gone offline: its last power reading is history, not its power now
    if (e.change === 'disconnected' || e.change === 'offline') power.delete(e.chargePoint.id);
    emit({ kind: 'charger', chargePointId: e.chargePoint.id });
  }));
  offs.push(backend.events.on('connector', (c) => emit({ kind: 'charger', chargePointId: c.chargePointId })));
  offs.push(backend.events.on('transaction', (e) => {
    if (e.change === 'stopped') power.get(e.transaction.chargePointId)?.delete(e.transaction.connectorId);
    emit({ kind: 'charger', chargePointId: e.transaction.chargePointId });
  }));
  offs.push(backend.events.on('meterValues', (m) => {
    const points = samplesToPoints(m.samples.filter((s) => s.numericValue !== null).map((s) => ({ tsMs: Date.parse(s.timestamp), value: s.numericValue as number, measurand: s.measurand, phase: s.phase, unit: s.unit })));
    for (const point of points) {
      emit({ kind: 'meter', chargePointId: m.chargePointId, connectorId: m.connectorId, transactionId: m.transactionId, point });
      if (point.powerW !== undefined) {
        let byConn = power.get(m.chargePointId);
        if (!byConn) power.set(m.chargePointId, (byConn = new Map()));
        byConn.set(m.connectorId, point.powerW);
      }
    }
    emit({ kind: 'charger', chargePointId: m.chargePointId });
  }));
  if (deps.sim) {
    offs.push(deps.sim.onChange((e) => {
      if (e.kind === 'job') emit({ kind: 'spawn', job: e.job });
      else if (e.removed && !store.chargePoints.get(e.id)) emit({ kind: 'chargerRemoved', chargePointId: e.id });
      else emit({ kind: 'charger', chargePointId: e.id });
    }));
  }

  function messagesPerSec(): number {
    return rate.perSecond(Date.now());
  }

  function summary(r: ChargerSummaryRow): ChargerSummary {
    const sim = deps.sim?.has(r.id) ? deps.sim.view(r.id) : null;
    const byConn = power.get(r.id);
    // an offline charger's power is unknown: never the last reading
    let powerW: number | null = null;
    if (!r.online) powerW = null;
    else if (sim) powerW = sim.connectors.reduce((a, c) => a + (c.powerW ?? 0), 0);
    else if (byConn && byConn.size) powerW = [...byConn.values()].reduce((a, b) => a + b, 0);
    return {
      id: r.id,
      connected: r.online,
      state: chargerState(r),
      vendor: r.vendor,
      model: r.model,
      firmware: r.firmwareVersion,
      connectors: r.connectors.map((c) => ({ ...c })),
      lastSeenAt: r.lastSeenAt,
      offlineSince: r.offlineSince,
      simulated: sim !== null,
      profile: sim?.profile ?? null,
      powerW,
    };
  }

  /** Simulated chargers that have not reached the store yet (still connecting). */
  function pendingSim(known: Set<string>, only?: string[]): ChargerSummary[] {
    if (!deps.sim) return [];
    const ids = only ?? deps.sim.ids();
    const out: ChargerSummary[] = [];
    for (const id of ids) {
      if (known.has(id)) continue;
      const v = deps.sim.view(id);
      if (!v) continue;
      out.push({ id, connected: false, state: 'Offline', vendor: null, model: null, firmware: null, connectors: [], lastSeenAt: null, offlineSince: null, simulated: true, profile: v.profile, powerW: null });
    }
    return out;
  }

  function allSummaries(): ChargerSummary[] {
    const rows = summaries.all();
    const list = rows.map(summary);
    list.push(...pendingSim(new Set(rows.map((r) => r.id))));
    return list;
  }

  function transport(): TransportView {
    const s = deps.transportStatus();
    const edgeUrl = new URL(deps.ocppBaseUrl.replace(/^ws/, 'http'));
    const port = Number(edgeUrl.port);
    // An edge bound to loopback cannot be reached from the LAN: do not advertise LAN addresses then.
    const lanReachable = !/^(127\.|localhost$|\[::1\]$)/.test(edgeUrl.hostname);
    return {
      kind: s.kind, connected: s.connected, url: s.url ?? null, queueDepth: s.queueDepth ?? null, heldFrames: s.heldFrames ?? null, detail: s.detail ?? null,
      ocppUrl: `${deps.ocppBaseUrl}/{chargePointId}`, lanOcppUrls: lanReachable ? lanOcppUrls(port) : [], lanReachable,
    };
  }

  function settingsView(): SettingsView {
    const s = backend.settings.get();
    const t = deps.transportStatus();
    return {
      heartbeatInterval: s.heartbeatInterval,
      bootPolicy: s.boot.policy,
      strictness: s.validation,
      unknownChargers: deps.unknownChargers?.get() ?? 'accept',
      acceptUnknownTags: s.auth.acceptUnknown,
      autoRemoteStartDelayMs: s.autoRemoteStart.delayMs,
      autoRemoteStartIdTag: s.autoRemoteStart.idTag,
      conformance: s.conformance,
      callTimeoutMs: s.calls.timeoutMs,
      amqpUrl: t.kind === 'amqp' ? t.url ?? null : null,
      transport: t.kind,
      dataDir: deps.dataDir,
    };
  }

  return {
    overview() {
      const all = allSummaries();
      const byState: Record<string, number> = {};
      for (const c of all) byState[c.state] = (byState[c.state] ?? 0) + 1;
      const fig = summaries.figures();
      return {
        chargers: { total: all.length, connected: all.filter((c) => c.connected).length, simulated: all.filter((c) => c.simulated).length },
        byState,
        messagesPerSec: messagesPerSec(),
        messagesTotal: fig.framesStored,
        transactionsRunning: fig.transactionsRunning,
        transactionsOpenOffline: fig.transactionsOpenOffline,
        energyDeliveredWh: fig.energyDeliveredWh,
        transport: transport(),
      };
    },
    counters() {
      const fig = summaries.figures();
      return { messagesPerSec: messagesPerSec(), messagesTotal: fig.framesStored, connected: 0, transactionsRunning: fig.transactionsRunning, transactionsOpenOffline: fig.transactionsOpenOffline };
    },
    chargers: {
      list(q) {
        let list = allSummaries();
        if (q.text) {
          const t = q.text.toLowerCase();
          list = list.filter((c) => c.id.toLowerCase().includes(t) || (c.vendor ?? '').toLowerCase().includes(t) || (c.model ?? '').toLowerCase().includes(t));
        }
        if (q.state) list = list.filter((c) => c.state === q.state);
        if (q.connected !== undefined) list = list.filter((c) => c.connected === q.connected);
        if (q.simulated !== undefined) list = list.filter((c) => c.simulated === q.simulated);
        return { items: list.slice(q.offset, q.offset + q.limit), total: list.length, offset: q.offset, limit: q.limit };
      },
      summaries(ids) {
        const rows = summaries.some(ids);
        const list = rows.map(summary);
        list.push(...pendingSim(new Set(rows.map((r) => r.id)), ids));
        return list;
      },
      get(id) {
        const row = summaries.some([id])[0];
        const sim = deps.sim?.has(id) ? deps.sim.view(id) : null;
        if (!row && !sim) return null;
        const base = row ? summary(row) : (pendingSim(new Set(), [id])[0] as ChargerSummary);
        const cp = store.chargePoints.get(id);
        const open = store.transactions.list({ chargePointId: id, state: 'active', limit: 50 }).rows;
        const detail: ChargerDetail = {
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
          openTransactions: txViews(open),
          autoRemoteStarts: [...(decisions.get(id) ?? [])],
          sim,
        };
        return detail;
      },
      async disconnect(id) {
        if (!deps.disconnectCharger) throw new Error('This bench cannot disconnect chargers (no edge in this process)');
        await deps.disconnectCharger(id);
      },
    },
    simulator: {
      profiles: () => deps.sim?.profiles() ?? [],
      spawn(req) {
        if (!deps.sim) throw new Error('The simulator is not running in this process');
        return deps.sim.spawn(req);
      },
      jobs: () => deps.sim?.jobs() ?? [],
      stop: async (ids, mode) => (deps.sim ? deps.sim.stop(ids, mode) : 0),
      async act(id, req) {
        if (!deps.sim?.has(id)) throw notFound(`"${id}" is not a simulated charger of this bench`);
        return deps.sim.act(id, req);
      },
    },
    commands: {
      async send(chargePointId, action, payload, timeoutMs) {
        const started = Date.now();
        try {
          const response = await backend.sendCall(chargePointId, action as CentralSystemAction, payload as RequestOf<CentralSystemAction>, timeoutMs ? { timeoutMs } : {});
          return { ok: true, action, response, latencyMs: Date.now() - started } satisfies CommandResult;
        } catch (err) {
          const latencyMs = Date.now() - started;
          if (err instanceof OcppError) return { ok: false, action, error: { code: err.code, description: err.message, details: err.details }, latencyMs };
          if (err instanceof CallFailedError) return { ok: false, action, error: { code: err.reason, description: err.message }, latencyMs };
          return { ok: false, action, error: { code: 'failed', description: (err as Error).message }, latencyMs };
        }
      },
    },
    messages: {
      query(q) {
        const t0 = performance.now();
        const page = log.page(q);
        return {
          items: page.entries.map((e) => ({ ...e, call: e.call ? logFrameView(e.call) : null, reply: e.reply ? logFrameView(e.reply) : null })),
          hasMore: page.hasMore,
          nextBefore: page.nextBefore,
          tookMs: Math.round((performance.now() - t0) * 10) / 10,
        };
      },
      get(id) {
        const f = log.frame(id);
        return f ? logFrameView(f) : null;
      },
      exportNdjson: (q) => log.exportCursor(q),
    },
    meters: {
      series(q) {
        const s = meters.series(q);
        const only = s.series.length === 1 ? s.series[0] : undefined;
        return {
          chargePointId: s.chargePointId ?? q.chargePointId ?? '',
          connectorId: q.connectorId ?? only?.connectorId ?? null,
          transactionId: q.transactionId ?? null,
          series: s.series,
          points: only?.points ?? [],
          downsampled: s.series.some((c) => c.downsampled),
          rawCount: s.series.reduce((n, c) => n + c.rawCount, 0),
        };
      },
    },
    transactions: {
      list(q) {
        const page = store.transactions.list({ chargePointId: q.chargePointId, state: q.open === true ? 'active' : undefined, limit: q.limit, offset: q.offset });
        const rows = q.open === false ? page.rows.filter((t) => t.state !== 'active') : page.rows;
        return { items: txViews(rows), total: page.total, offset: q.offset, limit: q.limit };
      },
      get(id) {
        const t = store.transactions.get(id);
        return t ? { ...(txViews([t])[0] as TransactionView), stops: store.transactions.stops(id) } : null;
      },
    },
    middleware: {
      list: () => backend.middleware.list().map((c) => chainView(c)),
      async set(action, items) {
        let info = await backend.middleware.reorder(action, items.map((i) => i.name));
        for (const it of items) {
          const cur = info.middleware.find((m) => m.name === it.name);
          if (cur && cur.enabled !== it.enabled) info = await backend.middleware.setEnabled(action, it.name, it.enabled);
        }
        return chainView(info);
      },
      async reset(action) {
        if (action) {
          await backend.settings.update((d) => {
            delete d.middleware[action];
          });
        } else await backend.middleware.reset();
        return backend.middleware.list().map((c) => chainView(c));
      },
    },
    idTags: {
      list: () => store.idTags.list({ limit: 10_000 }).rows.map((t) => ({ idTag: t.idTag, status: t.status, expiryDate: t.expiryDate, parentIdTag: t.parentIdTag })),
      upsert(tag) {
        const r = store.idTags.upsert({ idTag: tag.idTag, status: tag.status as never, expiryDate: tag.expiryDate ?? undefined, parentIdTag: tag.parentIdTag ?? undefined });
        return { idTag: r.idTag, status: r.status, expiryDate: r.expiryDate, parentIdTag: r.parentIdTag };
      },
      remove: (idTag) => store.idTags.delete(idTag),
    },
    settings: {
      get: settingsView,
      async update(patch) {
        const known = ['heartbeatInterval', 'bootPolicy', 'strictness', 'unknownChargers', 'acceptUnknownTags', 'autoRemoteStartDelayMs', 'autoRemoteStartIdTag', 'conformance', 'callTimeoutMs'];
        for (const k of Object.keys(patch)) if (!known.includes(k)) throw new Error(`Unknown setting "${k}"; settable: ${known.join(', ')}`);
        if (patch.unknownChargers !== undefined) {
          if (patch.unknownChargers !== 'accept' && patch.unknownChargers !== 'refuse') throw new Error('unknownChargers must be "accept" or "refuse"');
          if (!deps.unknownChargers) throw new Error('The unknown-charger policy is set on the edge, which does not run in this process');
          deps.unknownChargers.set(patch.unknownChargers);
        }
        await backend.settings.update((d) => {
          if (patch.heartbeatInterval !== undefined) d.heartbeatInterval = patch.heartbeatInterval as number;
          if (patch.bootPolicy !== undefined) d.boot.policy = patch.bootPolicy as never;
          if (patch.strictness !== undefined) d.validation = patch.strictness as never;
          if (patch.acceptUnknownTags !== undefined) d.auth.acceptUnknown = patch.acceptUnknownTags as boolean;
          if (patch.autoRemoteStartDelayMs !== undefined) d.autoRemoteStart.delayMs = patch.autoRemoteStartDelayMs as number;
          if (patch.autoRemoteStartIdTag !== undefined) d.autoRemoteStart.idTag = patch.autoRemoteStartIdTag as string;
          if (patch.conformance !== undefined) d.conformance = patch.conformance as boolean;
          if (patch.callTimeoutMs !== undefined) d.calls.timeoutMs = patch.callTimeoutMs as number;
        });
        return settingsView();
      },
    },
    transport: { status: transport },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close() {
      for (const off of offs) off();
      listeners.clear();
    },
  };

  function chainView(c: { chain: string; middleware: Array<{ name: string; description: string; enabled: boolean }> }) {
    return { action: c.chain, items: c.middleware, customized: backend.settings.get().middleware[c.chain] !== undefined };
  }

  function txViews(rows: TransactionRow[]): TransactionView[] {
    const presence = summaries.presence(rows.map((t) => t.chargePointId));
    return rows.map((t) => txView(t, liveEnergy(t), presence.get(t.chargePointId)));
  }

  function liveEnergy(t: TransactionRow): number | null {
    if (t.energyWh !== null) return t.energyWh;
    const last = store.db
      .prepare(`SELECT numeric_value AS v, unit FROM meter_samples WHERE transaction_id = ? AND measurand = 'Energy.Active.Import.Register' AND numeric_value IS NOT NULL ORDER BY ts_ms DESC, id DESC LIMIT 1`)
      .get(t.id) as { v: number; unit: string } | undefined;
    if (!last) return null;
    return (last.unit === 'kWh' ? last.v * 1000 : last.v) - t.meterStart;
  }
}


