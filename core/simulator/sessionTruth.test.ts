/**
 * Session truth with simulated chargers against ChargeBench's own default backend (startServe, in-process):
 * a firmware that double-starts keeps correct data on both rows, and a fleet with automatic sessions leaves a
 * database with 0 orphaned transactions, 0 rejected RemoteStarts and 0 RemoteStarts to busy connectors.
 * (Integration test only: the simulator code itself never imports the backend.)
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startServe, type ServeHandle } from '../app/services.js';
import type { AutoRemoteStartDecision } from '../backend/autoRemoteStartDecision.js';
import { sessionTruthFigures } from '../store/sessionTruthQuery.js';
import { Fleet } from './fleet.js';
import type { Charger } from './charger.js';
import { waitFor } from './testing/helpers.js';

let serve: ServeHandle | null = null;
let fleet: Fleet | null = null;
afterEach(async () => {
  await fleet?.stopAll();
  await serve?.stop();
  fleet = null;
  serve = null;
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('session truth against the default backend', () => {
  it('a charger that double-starts on a RemoteStart keeps correct data on both rows', async () => {
    serve = await startServe({ memory: true, ocppPort: 0, env: {} });
    fleet = new Fleet();
    const s = serve;
    const [cp] = await fleet.spawn({
      url: s.ocppUrl,
      count: 1,
      profile: 'double-start',
      rampPerSecond: 0,
      configuration: { MeterValueSampleInterval: 1, ClockAlignedDataInterval: 0 },
    });
    const c = cp!;
    await waitFor(() => c.registration === 'Accepted' && c.idle, 'registered');
    await fleet.act(c.id, { type: 'plug', connectorId: 1, ev: { soc: 30, maxPowerW: 11_000 } });
    await fleet.act(c.id, { type: 'start', connectorId: 1, idTag: 'CARD-1' });
    await waitFor(() => c.connector(1).tx?.id, 'local start');
    const first = c.connector(1).tx!.id!;
    await waitFor(() => s.store.meterSamples.list({ transactionId: first }).length >= 2, 'meter values for the first transaction');
    // Someone sends RemoteStart to the charging connector (a command from the GUI, another CSMS...): this firmware accepts it.
    expect(await s.backend.sendCall(c.id, 'RemoteStartTransaction', { connectorId: 1, idTag: 'REMOTE-1' })).toEqual({ status: 'Accepted' });
    await waitFor(() => c.connector(1).tx?.id && c.connector(1).tx!.id !== first, 'second start');
    const second = c.connector(1).tx!.id!;
    const meterAtSecondStart = c.connector(1).tx!.meterStart;
    expect(s.store.transactions.get(first)).toMatchObject({ state: 'orphaned', cleanup: { byTransactionId: second } });
    await waitFor(() => s.store.meterSamples.list({ transactionId: second }).length >= 2, 'meter values for the second transaction');
    await fleet.act(c.id, { type: 'stop', connectorId: 1, reason: 'EVDisconnected' });
    await waitFor(
      () => c.idle && s.store.transactions.get(first)?.state === 'stopped' && s.store.transactions.get(second)?.state === 'stopped',
      'both stopped',
    );

    const finalWh = Math.floor(c.connector(1).meter.energyWh);
    const one = s.store.transactions.get(first)!;
    const two = s.store.transactions.get(second)!;
    // The first row has the charger's own stop (not cleanup's provisional one), and keeps the note.
    expect(one).toMatchObject({ idTag: 'CARD-1', meterStop: finalWh, stopReason: 'EVDisconnected', cleanup: { byTransactionId: second } });
    expect(one.cleanup!.meterStop).toBeLessThanOrEqual(meterAtSecondStart);
    expect(one.stoppedAt).toBe(two.stoppedAt);
    expect(two).toMatchObject({ idTag: 'REMOTE-1', meterStart: meterAtSecondStart, meterStop: finalWh, stopReason: 'EVDisconnected', cleanup: null });
    expect(one.energyWh).toBeGreaterThan(two.energyWh!);
    expect(s.store.transactions.stops(first).map((x) => x.outcome)).toEqual(['afterCleanup']);
    expect(s.store.transactions.stops(second).map((x) => x.outcome)).toEqual(['applied']);
    expect(s.store.meterSamples.list({ transactionId: first }).some((m) => m.source === 'StopTransaction')).toBe(true);
  });

  it('FLEET: auto sessions against the default backend — 0 orphaned, 0 rejected RemoteStarts, 0 RemoteStarts to busy connectors', async () => {
    serve = await startServe({ memory: true, ocppPort: 0, env: {} });
    fleet = new Fleet();
    const s = serve;
    const decisions: AutoRemoteStartDecision[] = [];
    s.backend.events.on('autoRemoteStart', (d) => decisions.push(d));
    const auto = { idleS: [1, 3] as [number, number], chargeS: [4, 8] as [number, number] };
    const configuration = { MeterValueSampleInterval: 2, ClockAlignedDataInterval: 0, HeartbeatInterval: 60 };
    // The default profile, a Grizzl-E (mostly app starts, RemoteStart-too-soon quirk) and the double-start firmware.
    const chargers: Charger[] = [
      ...(await fleet.spawn({ url: s.ocppUrl, count: 30, profile: 'reference', idPrefix: 'REF-', rampPerSecond: 0, autoSessions: auto, configuration })),
      ...(await fleet.spawn({ url: s.ocppUrl, count: 10, profile: 'grizzl-e', idPrefix: 'GZ-', rampPerSecond: 0, autoSessions: auto, configuration })),
      ...(await fleet.spawn({ url: s.ocppUrl, count: 10, profile: 'double-start', idPrefix: 'DS-', rampPerSecond: 0, autoSessions: auto, configuration })),
    ];
    await waitFor(() => chargers.every((cp) => cp.registration === 'Accepted'), 'all registered', 15_000);
    await sleep(15_000);
    // End the run the way drivers would: no new sessions, running ones stopped, everything answered.
    fleet.autoSessionsOff();
    for (const cp of chargers) {
      for (const conn of cp.connectors) {
        if (conn.id > 0 && conn.tx) cp.stopTransaction(conn.id, 'Local');
        if (conn.id > 0 && conn.ev) cp.unplug(conn.id);
      }
    }
    await waitFor(() => chargers.every((cp) => cp.idle && cp.queued === 0), 'every message answered', 15_000);
    await waitFor(() => s.backend.pendingCallCount() === 0, 'no server CALL outstanding', 10_000);

    const f = sessionTruthFigures(s.store.db);
    const byReason: Record<string, number> = {};
    for (const d of decisions) if (d.outcome === 'notSent') byReason[d.reason ?? '?'] = (byReason[d.reason ?? '?'] ?? 0) + 1;
    const remoteSessions = (
      s.store.db.prepare(`SELECT COUNT(*) AS n FROM transactions WHERE id_tag = ?`).get(s.settings.get().autoRemoteStart.idTag) as { n: number }
    ).n;
    console.log(
      `[fleet truth] ${chargers.length} chargers (30 reference, 10 grizzl-e, 10 double-start), 15 s of auto sessions (idle 1-3 s, session 4-8 s):\n` +
        `  sessions ${f.transactions} (remote-started ${remoteSessions}, card ${f.transactions - remoteSessions}), open at the end ${f.open}\n` +
        `  RemoteStarts sent ${f.remoteStarts.sent}: accepted ${f.remoteStarts.accepted}, rejected ${f.remoteStarts.rejected}, unanswered ${f.remoteStarts.unanswered}, to busy connectors ${f.remoteStarts.toBusyConnector}\n` +
        `  RemoteStarts not sent: ${decisions.filter((d) => d.outcome === 'notSent').length} ${JSON.stringify(byReason)}\n` +
        `  orphaned ${f.orphaned}, closed by cleanup ${f.closedByCleanup}; stops ${JSON.stringify(f.stops)}`,
    );
    expect(f.transactions).toBeGreaterThan(50);
    expect(f.remoteStarts.sent).toBeGreaterThan(10);
    expect(f.transactions - remoteSessions).toBeGreaterThan(10);
    expect(f.orphaned).toBe(0);
    expect(f.closedByCleanup).toBe(0);
    expect(f.remoteStarts.rejected).toBe(0);
    expect(f.remoteStarts.unanswered).toBe(0);
    expect(f.remoteStarts.toBusyConnector).toBe(0);
    expect(f.remoteStarts.accepted).toBe(f.remoteStarts.sent);
    expect(f.open).toBe(0);
    expect(f.stops.differs).toBe(0);
    expect(decisions.filter((d) => d.outcome === 'sent')).toHaveLength(f.remoteStarts.sent);
    expect(fleet.stats.callErrorsReceived).toBe(0);
  }, 60_000);
});
