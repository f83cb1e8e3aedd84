/**
 * Bench API against a real bench (backend + edge + in-process transport + simulator fleet, in memory):
 * security (token, Origin, Host, websocket), 400s on bad parameters, and each route's happy path.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBench, type BenchHandle } from '../app/bench.js';
import type {
  ChargerDetail,
  ChargerSummary,
  CommandResult,
  LogPage,
  MeterSeries,
  MiddlewareChainView,
  Page,
  SpawnJobView,
  TransactionDetailView,
  TransactionView,
} from './types.js';

import { benchApiClient } from './testing/benchApiClient.js';

let bench: BenchHandle;

beforeAll(async () => {
  bench = await startBench({ memory: true, ocppPort: 0, uiPort: 0, rendererDir: null, live: { flushMs: 50 }, checkResponses: true });
});
afterAll(async () => {
  await bench?.stop();
});

const { call, until, liveClient } = benchApiClient(() => bench);

describe('happy paths against a real backend and simulated chargers', () => {
  it('spawns chargers, runs a session, and serves chargers, log, meters, transactions, commands and export', async () => {
    const { ws, batches } = await liveClient();

    const profiles = await call('GET', '/api/simulator/profiles');
    expect(profiles.json.map((p: { name: string }) => p.name)).toContain('reference');

    const spawn = await call('POST', '/api/simulator/spawn', { count: 2, profile: 'reference', rampPerSec: 100, idPrefix: 'APIT-', meterIntervalS: 1 });
    expect(spawn.status).toBe(200);
    const job = spawn.json as SpawnJobView;
    await until('spawn job done', async () =>
      batches.some((b) => b.jobs.some((j) => j.kind === 'spawn' && j.job.id === job.id && j.job.done && j.job.connected === 2)),
    );

    const chargers = await until('2 Available chargers', async () => {
      const r = await call('GET', '/api/chargers?q=APIT-');
      const page = r.json as Page<ChargerSummary>;
      return page.items.length === 2 && page.items.every((c) => c.state === 'Available') ? page : null;
    });
    const id = chargers.items[0]!.id;
    expect(chargers.items[0]).toMatchObject({ simulated: true, profile: 'reference', vendor: 'ChargeBench', connected: true });
    expect(batches.some((b) => b.chargers.some((c) => c.id === id))).toBe(true);

    const detail = (await call('GET', `/api/chargers/${id}`)).json as ChargerDetail;
    expect(detail.model).toBe('Reference-AC22');
    expect(detail.sim?.connectors).toHaveLength(2);
    expect((await call('GET', '/api/chargers/NOPE-1')).status).toBe(404);

    // live frames for this charger only
    ws.send(JSON.stringify({ type: 'subscribe', frames: { chargePointId: id }, meters: { chargePointId: id, connectorId: 1 } }));
    const act = await call('POST', `/api/simulator/chargers/${id}/actions`, { action: 'startSession', connectorId: 1, idTag: 'TAG-API' });
    expect(act.status, act.text).toBe(200);

    const tx = await until(
      'a running transaction',
      async () => ((await call('GET', `/api/transactions?chargePointId=${id}&open=true`)).json as Page<TransactionView>).items[0],
    );
    expect(tx).toMatchObject({ chargePointId: id, connectorId: 1, idTag: 'TAG-API', stoppedAt: null });
    expect((await call('GET', `/api/transactions/${tx.id}`)).json.id).toBe(tx.id);

    const series = await until('meter points with power', async () => {
      const s = (await call('GET', `/api/meters?transactionId=${tx.id}`)).json as MeterSeries;
      return s.points.some((p) => (p.powerW ?? 0) > 0 && p.energyWh !== undefined) ? s : null;
    });
    expect(series.chargePointId).toBe(id);
    await until('live meter samples', async () => batches.some((b) => b.meters.some((m) => m.chargePointId === id && m.connectorId === 1)));
    await until('live frames for the charger', async () =>
      batches.some((b) => b.frames.some((f) => f.chargePointId === id && f.action === 'StartTransaction')),
    );
    expect(batches.every((b) => b.frames.every((f) => f.chargePointId === id))).toBe(true);

    const log = (await call('GET', `/api/messages?chargePointId=${id}&action=StartTransaction`)).json as LogPage;
    expect(log.items).toHaveLength(1);
    expect(log.items[0]!.call?.payload).toMatchObject({ connectorId: 1, idTag: 'TAG-API' });
    expect(log.items[0]!.reply?.messageType).toBe('CALLRESULT');
    expect(log.items[0]!.latencyMs).toBeGreaterThanOrEqual(0);
    const inOnly = (await call('GET', `/api/messages?chargePointId=${id}&direction=in&limit=500`)).json as LogPage;
    expect(inOnly.items.every((e) => e.call?.direction === 'in' || e.reply?.direction === 'in')).toBe(true);
    const text = (await call('GET', `/api/messages?q=TAG-API`)).json as LogPage;
    expect(text.items.length).toBeGreaterThan(0);
    expect((await call('GET', `/api/messages/${log.items[0]!.call!.id}`)).json.action).toBe('StartTransaction');

    const cmd = (await call('POST', `/api/chargers/${id}/commands/TriggerMessage`, { payload: { requestedMessage: 'Heartbeat' } })).json as CommandResult;
    expect(cmd).toMatchObject({ ok: true, action: 'TriggerMessage', response: { status: 'Accepted' } });
    const cfg = (await call('POST', `/api/chargers/${id}/commands/GetConfiguration`, { payload: { key: ['HeartbeatInterval'] } })).json as CommandResult;
    expect(cfg.ok).toBe(true);
    expect((cfg.response as { configurationKey: Array<{ key: string }> }).configurationKey[0]?.key).toBe('HeartbeatInterval');
    expect((await call('POST', `/api/chargers/NOT-KNOWN/commands/ClearCache`, { payload: {} })).status).toBe(404);
    expect((await call('POST', '/api/chargers', { id: 'NOT-CONNECTED' })).status).toBe(200);
    const offline = (await call('POST', `/api/chargers/NOT-CONNECTED/commands/ClearCache`, { payload: {} })).json as CommandResult;
    expect(offline.ok).toBe(false);
    expect(offline.error?.description).toMatch(/NOT-CONNECTED/);

    const exp = await fetch(`${bench.apiUrl}/api/export/messages.ndjson?chargePointId=${id}&token=${bench.token}`);
    expect(exp.headers.get('content-type')).toMatch(/ndjson/);
    const lines = (await exp.text())
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { chargePointId: string; frame: unknown[] });
    expect(lines.length).toBeGreaterThan(3);
    expect(lines.every((l) => l.chargePointId === id && Array.isArray(l.frame))).toBe(true);

    // fault injection → the charger answers the next CALL with a CALLERROR: the command says so and the log finds it
    const fault = await call('POST', `/api/simulator/chargers/${id}/actions`, { action: 'fault', fault: 'callError' });
    expect(fault.status, fault.text).toBe(200);
    const failed = (await call('POST', `/api/chargers/${id}/commands/ClearCache`, { payload: {} })).json as CommandResult;
    expect(failed).toMatchObject({ ok: false, action: 'ClearCache', error: { code: 'InternalError' } });
    const errors = (await call('GET', `/api/messages?chargePointId=${id}&messageType=CALLERROR`)).json as LogPage;
    expect(errors.items).toHaveLength(1);
    expect(errors.items[0]).toMatchObject({
      action: 'ClearCache',
      call: { messageType: 'CALL', direction: 'out' },
      reply: { messageType: 'CALLERROR', errorCode: 'InternalError' },
    });
    const melt = await call('POST', `/api/simulator/chargers/${id}/actions`, { action: 'fault', fault: 'melt' });
    expect(melt.status).toBe(400);
    expect(melt.json.error).toMatch(/"fault" must be one of dropConnection/);
    expect((await call('POST', '/api/simulator/chargers/NOT-SIM/actions', { action: 'plug', connectorId: 1 })).status).toBe(404);
    const unplugEmpty = await call('POST', `/api/simulator/chargers/${id}/actions`, { action: 'unplug', connectorId: 2 });
    expect(unplugEmpty.status).toBe(409);
    expect(unplugEmpty.json.error).toMatch(/nothing is plugged into connector 2/);
    expect((await call('POST', '/api/chargers/NOT-CONNECTED/disconnect', {})).status).toBe(409);

    const stop = await call('POST', `/api/simulator/chargers/${id}/actions`, { action: 'stopSession', connectorId: 1 });
    expect(stop.status).toBe(200);
    await until('the transaction stopped', async () => ((await call('GET', `/api/transactions/${tx.id}`)).json as TransactionView).stoppedAt);

    const overview = (await call('GET', '/api/overview')).json;
    expect(overview.chargers.total).toBeGreaterThanOrEqual(2);
    expect(overview.energyDeliveredWh).toBeGreaterThanOrEqual(0);
    expect(overview.transport).toMatchObject({ kind: 'in-process', connected: true });
    expect((await call('GET', '/api/transport')).json.ocppUrl).toBe(`${bench.ocppUrl}/{chargePointId}`);

    const stopped = await call('POST', '/api/simulator/stop', { ids: [chargers.items[1]!.id] });
    expect(stopped.json).toEqual({ stopped: 1, mode: 'endSessions' });
    ws.close();
  });

  it('middleware: list, switch off, reorder, reset — persisted in settings', async () => {
    const chains = (await call('GET', '/api/middleware')).json as MiddlewareChainView[];
    const status = chains.find((c) => c.action === 'StatusNotification')!;
    expect(status.items.map((i) => i.name)).toContain('AutoRemoteStart');
    const items = status.items.map((i) => ({ name: i.name, enabled: i.name === 'AutoRemoteStart' ? false : i.enabled })).reverse();
    const updated = (await call('PUT', '/api/middleware/StatusNotification', { items })).json as MiddlewareChainView;
    expect(updated.items.map((i) => i.name)).toEqual(items.map((i) => i.name));
    expect(updated.items.find((i) => i.name === 'AutoRemoteStart')?.enabled).toBe(false);
    expect(updated.customized).toBe(true);
    expect(bench.serve.settings.get().middleware.StatusNotification?.disabled).toContain('AutoRemoteStart');
    const reset = (await call('POST', '/api/middleware/reset', { action: 'StatusNotification' })).json as MiddlewareChainView[];
    expect(reset.find((c) => c.action === 'StatusNotification')?.items.map((i) => i.name)).toEqual(status.items.map((i) => i.name));
  });

  it('spawns OCPP 2.0.1 stations (a 2.0.1-only profile too) and shows them with their version', async () => {
    const profiles = (await call('GET', '/api/simulator/profiles')).json as Array<{ name: string; protocols?: string[] }>;
    expect(profiles.find((p) => p.name === 'dual-dc')?.protocols).toEqual(['ocpp2.0.1']);
    expect(profiles.find((p) => p.name === 'reference')?.protocols).toEqual(['ocpp1.6', 'ocpp2.0.1']);
    const spawn = await call('POST', '/api/simulator/spawn', { count: 1, profile: 'dual-dc', ocpp: 'ocpp2.0.1', rampPerSec: 100, idPrefix: 'V201-' });
    expect(spawn.status).toBe(200);
    expect(spawn.json.request).toMatchObject({ ocpp: 'ocpp2.0.1', profile: 'dual-dc' });
    const detail = await until('the 2.0.1 station connected', async () => {
      const d = (await call('GET', '/api/chargers/V201-0001')).json as ChargerDetail;
      return d.sim && d.sim.state.startsWith('connected') ? d : null;
    });
    expect(detail.sim).toMatchObject({
      protocol: 'ocpp2.0.1',
      profile: 'dual-dc',
      connectors: [{ connectorId: 1, status: 'Available', plugged: false, transactionId: null }],
    });
    expect((await call('POST', '/api/simulator/chargers/V201-0001/actions', { action: 'plug', connectorId: 1 })).status).toBe(200);
    await until('plugged', async () => ((await call('GET', '/api/chargers/V201-0001')).json as ChargerDetail).sim?.connectors[0]?.status === 'Occupied');
    expect((await call('POST', '/api/simulator/stop', { ids: ['V201-0001'], mode: 'disconnect' })).json).toEqual({ stopped: 1, mode: 'disconnect' });
  });

  it("AutoRemoteStart's decisions reach the charger page and the live stream", async () => {
    const { ws, batches } = await liveClient();
    await call('POST', '/api/simulator/spawn', { count: 1, profile: 'reference', rampPerSec: 100, idPrefix: 'ARS-' });
    const id = await until(
      'ARS charger Available',
      async () => ((await call('GET', '/api/chargers?q=ARS-')).json as Page<ChargerSummary>).items.find((c) => c.state === 'Available')?.id,
    );
    ws.send(JSON.stringify({ type: 'subscribe', autoRemoteStarts: { chargePointId: id } }));
    await new Promise((r) => setTimeout(r, 100));
    expect((await call('POST', `/api/simulator/chargers/${id}/actions`, { action: 'plug', connectorId: 2 })).status).toBe(200);
    const detail = await until('the charger answered the RemoteStart', async () => {
      const d = (await call('GET', `/api/chargers/${id}`)).json as ChargerDetail;
      return d.autoRemoteStarts.some((x) => x.outcome === 'answered') ? d : null;
    });
    expect(detail.autoRemoteStarts.map((x) => x.outcome)).toEqual(['answered', 'sent', 'pending']);
    expect(detail.autoRemoteStarts[0]).toMatchObject({ connectorId: 2, status: 'Accepted', idTag: 'CHARGEBENCH', detail: 'the charger answered Accepted' });
    await until('decisions on the live stream', async () =>
      batches.flatMap((b) => b.autoRemoteStarts).some((x) => x.chargePointId === id && x.outcome === 'sent'),
    );
    expect(batches.flatMap((b) => b.autoRemoteStarts).every((x) => x.chargePointId === id)).toBe(true);
    ws.close();
  });

  it('transaction rows carry the orphan-cleanup note and every StopTransaction received', async () => {
    const { store } = bench.serve;
    store.chargePoints.ensure('NOTE-1', '2026-01-01T00:00:00.000Z');
    const t = store.transactions.create({
      chargePointId: 'NOTE-1',
      connectorId: 1,
      idTag: 'A',
      idTagStatus: 'Accepted',
      meterStart: 100,
      startedAt: '2026-01-01T00:00:00.000Z',
      at: '2026-01-01T00:00:00.000Z',
    });
    store.transactions.closeOrphan({
      id: t.id,
      chargePointId: 'NOTE-1',
      meterStop: 100,
      stoppedAt: '2026-01-01T00:10:00.000Z',
      reason: 'a new StartTransaction arrived',
      at: '2026-01-01T00:10:01.000Z',
    });
    const orphaned = (await call('GET', `/api/transactions/${t.id}`)).json as TransactionDetailView;
    expect(orphaned).toMatchObject({ state: 'orphaned', cleanup: { meterStop: 100 }, stops: [] });
    expect(orphaned.note).toMatch(/^Closed by orphan cleanup at 2026-01-01T00:10:01.000Z: a new StartTransaction arrived\. .*has not arrived/);
    store.transactions.stop({
      id: t.id,
      chargePointId: 'NOTE-1',
      meterStop: 900,
      stoppedAt: '2026-01-01T01:00:00.000Z',
      reason: 'Local',
      idTag: null,
      state: 'stopped',
      at: 'x',
    });
    store.transactions.recordStop({
      transactionId: t.id,
      frameId: null,
      receivedAt: 'x',
      meterStop: 900,
      stoppedAt: '2026-01-01T01:00:00.000Z',
      reason: null,
      idTag: null,
      transactionData: undefined,
      fingerprint: 'f',
      outcome: 'afterCleanup',
    });
    const late = (await call('GET', `/api/transactions/${t.id}`)).json as TransactionDetailView;
    expect(late).toMatchObject({ state: 'stopped', meterStop: 900, energyWh: 800, stops: [{ outcome: 'afterCleanup', meterStop: 900 }] });
    expect(late.note).toMatch(/^Orphan cleanup closed it first .*arrived later; its data is shown/);
    const listed = ((await call('GET', '/api/transactions?chargePointId=NOTE-1')).json as Page<TransactionView>).items[0]!;
    expect(listed.note).toBe(late.note);
  });

  it('settings and id tags', async () => {
    const s = await call('PATCH', '/api/settings', { settings: { heartbeatInterval: 120, 'boot.policy': 'Pending', 'edge.unknownChargers': 'refuse' } });
    expect(s.status, s.text).toBe(200);
    expect(s.json).toMatchObject({ heartbeatInterval: 120, 'boot.policy': 'Pending', 'edge.unknownChargers': 'refuse' });
    expect(bench.serve.edge.acceptsUnknownChargers()).toBe(false);
    // the older flat names are aliases of the dotted ones
    await call('PATCH', '/api/settings', { settings: { bootPolicy: 'Accepted', unknownChargers: 'accept' } });
    expect((await call('GET', '/api/settings')).json).toMatchObject({ 'boot.policy': 'Accepted', 'edge.unknownChargers': 'accept' });
    const conf = await call('PATCH', '/api/settings', { settings: { conformance: true, 'autoRemoteStart.idTag': 'FREE-1', 'liveness.missedHeartbeats': 5 } });
    expect(conf.json).toMatchObject({ conformance: true, 'autoRemoteStart.idTag': 'FREE-1', 'liveness.missedHeartbeats': 5 });
    expect(bench.serve.settings.get()).toMatchObject({ conformance: true, autoRemoteStart: { idTag: 'FREE-1' }, liveness: { missedHeartbeats: 5 } });
    const tooLong = await call('PATCH', '/api/settings', { settings: { autoRemoteStartIdTag: 'X'.repeat(21) } });
    expect([tooLong.status, tooLong.json.error]).toEqual([
      400,
      `"autoRemoteStart.idTag" must be an id tag of 1 to 20 printable ASCII characters, got ${'X'.repeat(21)}`,
    ]);
    const tooBig = await call('PATCH', '/api/settings', { settings: { 'autoRemoteStart.delayMs': 600_001 } });
    expect([tooBig.status, tooBig.json.error]).toEqual([400, '"autoRemoteStart.delayMs" must be a whole number of milliseconds from 0 to 600000, got 600001']);
    await call('PATCH', '/api/settings', { settings: { conformance: false, 'autoRemoteStart.idTag': 'CHARGEBENCH', 'liveness.missedHeartbeats': 3 } });

    const put = await call('PUT', '/api/id-tags/TAG-BLOCK', { status: 'Blocked', expiryDate: '2030-01-01T00:00:00Z' });
    expect(put.json).toMatchObject({ idTag: 'TAG-BLOCK', status: 'Blocked' });
    expect((await call('GET', '/api/id-tags')).json.map((t: { idTag: string }) => t.idTag)).toContain('TAG-BLOCK');
    expect((await call('DELETE', '/api/id-tags/TAG-BLOCK')).status).toBe(200);
    expect((await call('DELETE', '/api/id-tags/TAG-BLOCK')).status).toBe(404);
  });
});
