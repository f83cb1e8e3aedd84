/**
 * The operator console's routes against a real bench, every response checked against its contract. The charger is
 * an independent implementation: ocpp-rpc in strict mode (every CALL and answer validated against the OCA schemas
 * both ways), answering ReserveNow, CancelReservation, SetChargingProfile, ClearChargingProfile, GetConfiguration
 * and ChangeConfiguration the way a charger would. Per route: its happy path, bad input → 400 naming the field,
 * an unknown charger → 404.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RPCClient } from 'ocpp-rpc';
import { startBench, type BenchHandle } from '../app/bench.js';
import type { CommandJobView, Page, RegistryEntry, ReservationView, TransactionView } from './types.js';

let bench: BenchHandle;
let charger: RPCClient;
const strictFailures: string[] = [];
const reservations = new Set<number>();
const config: Record<string, { value: string; readonly: boolean }> = {
  HeartbeatInterval: { value: '60', readonly: false },
  NumberOfConnectors: { value: '1', readonly: true },
};

/** Answers a CALL as the charger (ocpp-rpc hands the payload as `params`). */
function answer<P>(action: string, fn: (params: P) => unknown): void {
  charger.handle(action, async ({ params }) => fn(params as P) as Record<string, unknown>);
}

beforeAll(async () => {
  bench = await startBench({ memory: true, ocppPort: 0, uiPort: 0, rendererDir: null, live: { flushMs: 50 }, checkResponses: true, env: {} });
  const options = { endpoint: bench.ocppUrl, identity: 'RPC-1', protocols: ['ocpp1.6'], strictMode: true, reconnect: false };
  charger = new RPCClient(options as unknown as ConstructorParameters<typeof RPCClient>[0]);
  charger.on('strictValidationFailure', (e: { error?: Error; method?: string }) => strictFailures.push(`${e.method}: ${e.error?.message}`));
  answer<{ reservationId: number; connectorId: number }>('ReserveNow', (params) => {
    if (params.connectorId === 2) return { status: 'Occupied' };
    reservations.add(params.reservationId);
    return { status: 'Accepted' };
  });
  answer<{ reservationId: number }>('CancelReservation', (params) => ({ status: reservations.delete(params.reservationId) ? 'Accepted' : 'Rejected' }));
  answer<{ csChargingProfiles: { stackLevel: number } }>('SetChargingProfile', (params) => ({
    status: params.csChargingProfiles.stackLevel > 5 ? 'Rejected' : 'Accepted',
  }));
  answer('ClearChargingProfile', () => ({ status: 'Accepted' }));
  answer('GetConfiguration', () => ({ configurationKey: Object.entries(config).map(([key, v]) => ({ key, ...v })), unknownKey: [] }));
  answer<{ key: string; value: string }>('ChangeConfiguration', (params) => {
    const k = config[params.key];
    if (!k) return { status: 'NotSupported' };
    if (k.readonly) return { status: 'Rejected' };
    k.value = params.value;
    return { status: 'Accepted' };
  });
  answer('TriggerMessage', () => ({ status: 'Accepted' }));
  await charger.connect();
  await charger.call('BootNotification', { chargePointVendor: 'Independent', chargePointModel: 'ocpp-rpc' });
  await charger.call('StatusNotification', { connectorId: 1, errorCode: 'NoError', status: 'Available' });
});
afterAll(async () => {
  await charger?.close({ force: true });
  await bench?.stop();
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- responses are checked field by field
async function call(method: string, path: string, body?: unknown, token = bench.token): Promise<{ status: number; json: any; text: string }> {
  const res = await fetch(`${bench.apiUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : null, text };
}

async function expectError(method: string, path: string, body: unknown, status: number, message: RegExp): Promise<void> {
  const r = await call(method, path, body);
  expect(r.status, `${method} ${path}: ${r.text}`).toBe(status);
  expect(r.json.error).toMatch(message);
}

const inTenMinutes = () => new Date(Date.now() + 600_000).toISOString();

describe('registry', () => {
  it('adds, edits and removes a charger; 409 on a second add; bad fields are 400 naming them', async () => {
    const added = await call('POST', '/api/chargers', { id: 'REG-1', password: 'pw-123456', notes: 'rack 3', expectedVendor: 'ACME', bootPolicy: 'Pending' });
    expect(added.status, added.text).toBe(200);
    expect(added.json as RegistryEntry).toMatchObject({ id: 'REG-1', registered: true, hasPassword: true, notes: 'rack 3', bootPolicy: 'Pending' });
    expect(JSON.stringify(added.json)).not.toContain('pw-123456');
    await expectError('POST', '/api/chargers', { id: 'REG-1' }, 409, /already registered/);
    const edited = await call('PATCH', '/api/chargers/REG-1', { notes: null, bootPolicy: 'Accepted', password: null });
    expect(edited.json).toMatchObject({ notes: null, bootPolicy: 'Accepted', hasPassword: false });
    expect((await call('GET', '/api/chargers/REG-1')).json.registry).toMatchObject({ registered: true, bootPolicy: 'Accepted' });
    const removed = await call('DELETE', '/api/chargers/REG-1?history=delete');
    expect(removed.json).toMatchObject({ removed: ['REG-1'], history: 'delete', skipped: [] });
    expect((await call('GET', '/api/chargers/REG-1')).status).toBe(404);

    await expectError('POST', '/api/chargers', { id: 'a b' }, 400, /Charger id "a b" is invalid/);
    await expectError('POST', '/api/chargers', {}, 400, /Missing body parameter "id"/);
    await expectError('POST', '/api/chargers', { id: 'X', bootPolicy: 'Maybe' }, 400, /"bootPolicy" must be one of Accepted, Pending, Rejected/);
    await expectError('POST', '/api/chargers', { id: 'X', colour: 'red' }, 400, /Unknown body parameter "colour"/);
    await expectError('POST', '/api/chargers', { id: 'X', password: 'p'.repeat(41) }, 400, /"password" is longer than 40/);
    await expectError('PATCH', '/api/chargers/NOPE-1', { notes: 'x' }, 404, /No charger "NOPE-1"/);
    await expectError('DELETE', '/api/chargers/NOPE-1', undefined, 404, /No charger "NOPE-1"/);
    await expectError('DELETE', '/api/chargers/RPC-1?history=maybe', undefined, 400, /"history" must be one of keep, delete/);
  });

  it('a connected charger is not removed (409); removing many skips it and says why', async () => {
    await expectError('DELETE', '/api/chargers/RPC-1', undefined, 409, /connected: disconnect it/);
    await call('POST', '/api/chargers', { id: 'OFF-1' });
    const r = await call('POST', '/api/chargers/remove', { ids: ['OFF-1', 'RPC-1', 'NOPE-2'] });
    expect(r.json).toMatchObject({ removed: ['OFF-1'], history: 'keep' });
    expect(r.json.skipped.map((s: { id: string }) => s.id)).toEqual(['RPC-1', 'NOPE-2']);
    await expectError('POST', '/api/chargers/remove', {}, 400, /Give "ids"/);
    // kept history: it may come back by registering again
    expect((await call('POST', '/api/chargers', { id: 'OFF-1' })).status).toBe(200);
  });

  it('accepts a Pending charger: its boot answer, then a TriggerMessage(BootNotification) so it boots again now', async () => {
    await call('PATCH', '/api/chargers/RPC-1', { bootPolicy: 'Pending' });
    expect(((await charger.call('BootNotification', { chargePointVendor: 'Independent', chargePointModel: 'ocpp-rpc' })) as { status: string }).status).toBe(
      'Pending',
    );
    expect((await call('GET', '/api/chargers/RPC-1')).json.state).toBe('Pending');
    const d = await call('POST', '/api/chargers/RPC-1/registration', { decision: 'Accepted' });
    expect(d.json).toMatchObject({ registry: { bootPolicy: 'Accepted' }, trigger: { ok: true, response: { status: 'Accepted' } } });
    expect(((await charger.call('BootNotification', { chargePointVendor: 'Independent', chargePointModel: 'ocpp-rpc' })) as { status: string }).status).toBe(
      'Accepted',
    );
    await expectError('POST', '/api/chargers/RPC-1/registration', { decision: 'Pending' }, 400, /"decision" must be one of Accepted, Rejected/);
    await expectError('POST', '/api/chargers/NOPE-1/registration', { decision: 'Accepted' }, 404, /No charger/);
  });

  it('lists refused connections with their reason', async () => {
    expect(Array.isArray((await call('GET', '/api/registry/refusals')).json)).toBe(true);
  });
});

describe('reservations', () => {
  it('allocates the id, follows Reserved → Cancelled, and Rejected from the charger’s answer', async () => {
    const r = await call('POST', '/api/chargers/RPC-1/reservations', { connectorId: 1, idTag: 'TAG-R', expiryDate: inTenMinutes() });
    expect(r.status, r.text).toBe(200);
    const res = r.json.reservation as ReservationView;
    expect(res).toMatchObject({ chargePointId: 'RPC-1', state: 'Reserved', chargerStatus: 'Accepted' });
    expect(reservations.has(res.id)).toBe(true);
    const occupied = await call('POST', '/api/chargers/RPC-1/reservations', { connectorId: 2, idTag: 'TAG-R', expiryDate: inTenMinutes() });
    expect(occupied.json.reservation).toMatchObject({ state: 'Rejected', chargerStatus: 'Occupied' });
    expect(occupied.json.reservation.id).toBeGreaterThan(res.id);
    const cancelled = await call('POST', `/api/reservations/${res.id}/cancel`);
    expect(cancelled.json.reservation).toMatchObject({ state: 'Cancelled' });
    await expectError('POST', `/api/reservations/${res.id}/cancel`, undefined, 409, /is Cancelled/);
    const list = (await call('GET', '/api/reservations?chargePointId=RPC-1')).json as Page<ReservationView>;
    expect(list.items.map((x) => x.state)).toEqual(['Rejected', 'Cancelled']);
    expect((await call('GET', `/api/reservations/${res.id}`)).json.state).toBe('Cancelled');
  });

  it('a StartTransaction carrying the reservation uses it', async () => {
    const r = (await call('POST', '/api/chargers/RPC-1/reservations', { connectorId: 1, idTag: 'TAG-U', expiryDate: inTenMinutes() })).json
      .reservation as ReservationView;
    const start = (await charger.call('StartTransaction', {
      connectorId: 1,
      idTag: 'TAG-U',
      meterStart: 0,
      timestamp: new Date().toISOString(),
      reservationId: r.id,
    })) as { transactionId: number };
    expect((await call('GET', `/api/reservations/${r.id}`)).json).toMatchObject({ state: 'Used', transactionId: start.transactionId });
    await charger.call('StopTransaction', { transactionId: start.transactionId, meterStop: 10, timestamp: new Date().toISOString() });
  });

  it('bad input is 400 naming the field; unknown ones 404', async () => {
    await expectError(
      'POST',
      '/api/chargers/RPC-1/reservations',
      { connectorId: 1, idTag: 'T', expiryDate: 'tomorrow' },
      400,
      /"expiryDate" must be an RFC 3339 date-time/,
    );
    await expectError('POST', '/api/chargers/RPC-1/reservations', { connectorId: 1, idTag: 'T', expiryDate: '2020-01-01T00:00:00Z' }, 400, /in the past/);
    await expectError(
      'POST',
      '/api/chargers/RPC-1/reservations',
      { connectorId: -1, idTag: 'T', expiryDate: inTenMinutes() },
      400,
      /"connectorId" must be ≥ 0/,
    );
    await expectError(
      'POST',
      '/api/chargers/RPC-1/reservations',
      { connectorId: 1, idTag: 'X'.repeat(21), expiryDate: inTenMinutes() },
      400,
      /"idTag" must be 1-20 printable ASCII/,
    );
    await expectError('POST', '/api/chargers/NOPE-1/reservations', { connectorId: 1, idTag: 'T', expiryDate: inTenMinutes() }, 404, /No charger "NOPE-1"/);
    await expectError('GET', '/api/reservations?state=Maybe', undefined, 400, /"state" must be one of Requested/);
    await expectError('GET', '/api/reservations/999', undefined, 404, /No reservation 999/);
    await expectError('POST', '/api/reservations/999/cancel', undefined, 404, /No reservation 999/);
  });
});

describe('charging profiles', () => {
  const profile = {
    chargingProfileId: 11,
    stackLevel: 0,
    chargingProfilePurpose: 'TxDefaultProfile',
    chargingProfileKind: 'Relative',
    chargingSchedule: { chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 0, limit: 16.1 }] },
  };

  it('saves to the library, sends from it, records the answer and what is installed, clears', async () => {
    expect((await call('PUT', '/api/charging-profiles/library/16A default', { description: 'sixteen amps', profile })).json).toMatchObject({
      name: '16A default',
      description: 'sixteen amps',
    });
    expect((await call('GET', '/api/charging-profiles/library')).json.map((p: { name: string }) => p.name)).toContain('16A default');
    const sent = await call('POST', '/api/chargers/RPC-1/charging-profiles', { connectorId: 1, library: '16A default' });
    expect(sent.json).toMatchObject({
      result: { ok: true, response: { status: 'Accepted' } },
      record: { chargingProfileId: 11, libraryName: '16A default', status: 'Accepted', installed: true },
    });
    const rejected = await call('POST', '/api/chargers/RPC-1/charging-profiles', {
      connectorId: 1,
      profile: { ...profile, chargingProfileId: 12, stackLevel: 9 },
    });
    expect(rejected.json.record).toMatchObject({ chargingProfileId: 12, status: 'Rejected', installed: false });
    const cleared = await call('POST', '/api/chargers/RPC-1/charging-profiles/clear', { id: 11 });
    expect(cleared.json).toMatchObject({ cleared: 1, result: { ok: true } });
    const records = (await call('GET', '/api/chargers/RPC-1/charging-profiles')).json as Array<{
      chargingProfileId: number;
      installed: boolean;
      endedBy: string | null;
    }>;
    expect(records.map((r) => [r.chargingProfileId, r.installed])).toEqual([
      [12, false],
      [11, false],
    ]);
    expect((await call('DELETE', '/api/charging-profiles/library/16A default')).json).toEqual({ ok: true });
  });

  it('bad input is 400 naming the field; unknown ones 404', async () => {
    await expectError(
      'PUT',
      '/api/charging-profiles/library/x',
      { profile: { stackLevel: 0 } },
      400,
      /The charging profile is invalid: profile must have required property 'chargingProfileId'/,
    );
    await expectError('PUT', '/api/charging-profiles/library/bad%2Fname', { profile }, 400, /A saved profile name is 1-60 letters/);
    await expectError('POST', '/api/chargers/RPC-1/charging-profiles', { connectorId: 1 }, 400, /Give either "profile"/);
    await expectError('POST', '/api/chargers/RPC-1/charging-profiles', { connectorId: 1, library: 'nope' }, 404, /No saved charging profile "nope"/);
    await expectError(
      'POST',
      '/api/chargers/RPC-1/charging-profiles/clear',
      { chargingProfilePurpose: 'Other' },
      400,
      /"chargingProfilePurpose" must be one of/,
    );
    await expectError('GET', '/api/chargers/NOPE-1/charging-profiles', undefined, 404, /No charger/);
    await expectError('DELETE', '/api/charging-profiles/library/nope', undefined, 404, /No saved charging profile/);
  });
});

describe('configuration', () => {
  it('reads the table, changes a key with the charger’s answer per key, refuses read-only keys', async () => {
    const read = await call('POST', '/api/chargers/RPC-1/configuration/read', {});
    expect(read.json.configuration.keys.map((k: { key: string; readonly: boolean }) => [k.key, k.readonly])).toEqual([
      ['HeartbeatInterval', false],
      ['NumberOfConnectors', true],
    ]);
    const changed = await call('PUT', '/api/chargers/RPC-1/configuration/HeartbeatInterval', { value: '300' });
    expect(changed.json).toMatchObject({
      key: { key: 'HeartbeatInterval', value: '300', lastChange: { value: '300', status: 'Accepted' } },
      result: { ok: true },
    });
    const unknown = await call('PUT', '/api/chargers/RPC-1/configuration/NoSuchKey', { value: '1' });
    expect(unknown.json.key).toMatchObject({ key: 'NoSuchKey', lastChange: { status: 'NotSupported' } });
    await expectError('PUT', '/api/chargers/RPC-1/configuration/NumberOfConnectors', { value: '2' }, 409, /read-only/);
    expect((await call('GET', '/api/chargers/RPC-1/configuration')).json.readAt).not.toBeNull();
    await expectError('PUT', '/api/chargers/RPC-1/configuration/HeartbeatInterval', { value: 5 }, 400, /"value" must be a string/);
    await expectError('PUT', '/api/chargers/RPC-1/configuration/HeartbeatInterval', {}, 400, /Missing body parameter "value"/);
    await expectError('GET', '/api/chargers/NOPE-1/configuration', undefined, 404, /No charger/);
    await expectError('POST', '/api/chargers/NOPE-1/configuration/read', {}, 404, /No charger/);
  });
});

describe('transactions', () => {
  it('filters by id tag, connector, state and time; closes an open one as stale (recorded as such)', async () => {
    const start = (await charger.call('StartTransaction', { connectorId: 1, idTag: 'TAG-STALE', meterStart: 50, timestamp: new Date().toISOString() })) as {
      transactionId: number;
    };
    const byTag = (await call('GET', '/api/transactions?idTag=TAG-STALE&connectorId=1&state=active')).json as Page<TransactionView>;
    expect(byTag.items.map((t) => t.id)).toEqual([start.transactionId]);
    expect(
      (
        (await call('GET', `/api/transactions?idTag=TAG-STALE&from=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`))
          .json as Page<TransactionView>
      ).total,
    ).toBe(0);
    const closed = await call('POST', `/api/transactions/${start.transactionId}/close-stale`, { note: 'charger swapped' });
    expect(closed.json).toMatchObject({ state: 'stale', meterStop: 50, staleClose: { note: 'charger swapped', meterStop: 50 } });
    expect(closed.json.note).toMatch(/^Closed as stale by the operator at .* \(charger swapped\)/);
    expect(((await call('GET', '/api/transactions?state=stale')).json as Page<TransactionView>).items.map((t) => t.id)).toContain(start.transactionId);
    await expectError('POST', `/api/transactions/${start.transactionId}/close-stale`, {}, 409, /is stale, not open/);
    await expectError('POST', '/api/transactions/999999/close-stale', {}, 404, /No transaction 999999/);
    await expectError('GET', '/api/transactions?state=ended', undefined, 400, /"state" must be one of active, stopped, orphaned, stale/);
    await expectError('GET', '/api/transactions?idTag=%20', undefined, 400, /"idTag" must be 1-20 printable ASCII/);
    await expectError('GET', '/api/transactions?from=soon', undefined, 400, /"from" must be an ISO 8601 time/);
    // the charger's own stop still wins, the note stays
    await charger.call('StopTransaction', { transactionId: start.transactionId, meterStop: 70, timestamp: new Date().toISOString() });
    expect((await call('GET', `/api/transactions/${start.transactionId}`)).json).toMatchObject({
      state: 'stopped',
      meterStop: 70,
      staleClose: { note: 'charger swapped' },
    });
  });
});

describe('commands', () => {
  it('history lists what was sent with the answers, newest first', async () => {
    const h = (await call('GET', '/api/chargers/RPC-1/commands?limit=5')).json as Array<{ action: string; reply: { payload: unknown } | null }>;
    expect(h.length).toBe(5);
    expect(h[0]?.action).toBe('ChangeConfiguration');
    expect(h[0]?.reply?.payload).toEqual({ status: 'NotSupported' });
    await expectError('GET', '/api/chargers/RPC-1/commands?limit=0', undefined, 400, /"limit" must be ≥ 1/);
    await expectError('GET', '/api/chargers/NOPE-1/commands', undefined, 404, /No charger/);
  });

  it('a command job sends to many chargers and reports each: reply, and not sent for an offline one', async () => {
    await call('POST', '/api/chargers', { id: 'OFFLINE-9' });
    const started = await call('POST', '/api/command-jobs', {
      action: 'TriggerMessage',
      payload: { requestedMessage: 'Heartbeat' },
      chargePointIds: ['RPC-1', 'OFFLINE-9'],
    });
    expect(started.status, started.text).toBe(200);
    let job = started.json as CommandJobView;
    for (let i = 0; i < 100 && !job.done; i++) {
      await new Promise((r) => setTimeout(r, 50));
      job = (await call('GET', `/api/command-jobs/${job.id}`)).json as CommandJobView;
    }
    expect(job.counts).toMatchObject({ ok: 1, failed: 1, pending: 0, running: 0 });
    expect(job.results).toEqual([
      expect.objectContaining({ chargePointId: 'RPC-1', outcome: 'ok', response: { status: 'Accepted' } }),
      expect.objectContaining({ chargePointId: 'OFFLINE-9', outcome: 'failed' }),
    ]);
    expect((await call('GET', '/api/command-jobs')).json[0]).toMatchObject({ id: job.id, done: true, results: [] });
    await expectError('POST', '/api/command-jobs', { action: 'Reset', payload: { type: 'Hard' } }, 400, /Give "chargePointIds" or "filter"/);
    await expectError('POST', '/api/command-jobs', { action: 'Dance', payload: {}, filter: {} }, 400, /"Dance" is not a command the central system can send/);
    await expectError(
      'POST',
      '/api/command-jobs',
      { action: 'Reset', payload: { type: 'Sideways' }, filter: {} },
      400,
      /Reset\.req: \/type must be one of Hard, Soft/,
    );
    await expectError(
      'POST',
      '/api/command-jobs',
      { action: 'Reset', payload: { type: 'Hard' }, filter: { q: 'nothing-matches-this' } },
      400,
      /No charger matches/,
    );
    await expectError('GET', '/api/command-jobs/nope', undefined, 404, /No command job "nope"/);
  });

  it('an invalid payload is refused while validation is strict, and sent as given under warn', async () => {
    await expectError('POST', '/api/chargers/RPC-1/commands/TriggerMessage', { payload: { requestedMessage: 'Coffee' } }, 400, /validation is strict/);
    await call('PATCH', '/api/settings', { settings: { strictness: 'warn' } });
    const sent = await call('POST', '/api/chargers/RPC-1/commands/TriggerMessage', { payload: { requestedMessage: 'Coffee' } });
    // the strict independent charger answers the invalid CALL with a CALLERROR
    expect(sent.json).toMatchObject({ ok: false, error: { code: expect.stringMatching(/Violation/) } });
    // ocpp-rpc reported the invalid CALL we sent on purpose, and nothing else
    expect(strictFailures.splice(0)).toEqual(['TriggerMessage: data/requestedMessage must be equal to one of the allowed values']);
    await call('PATCH', '/api/settings', { settings: { strictness: 'strict' } });
  });
});

describe('the API describes itself', () => {
  it('serves an OpenAPI document without the token, covering every route', async () => {
    const res = await fetch(`${bench.apiUrl}/api/openapi.json`);
    expect(res.status).toBe(200);
    const doc = (await res.json()) as { openapi: string; paths: Record<string, Record<string, { responses: Record<string, unknown> }>> };
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.paths['/api/chargers/{id}/reservations']?.post?.responses['404']).toBeDefined();
    expect(doc.paths['/api/transactions/{id}/close-stale']?.post).toBeDefined();
    expect(Object.values(doc.paths).flatMap((p) => Object.keys(p)).length).toBeGreaterThanOrEqual(55);
  });

  it('the independent charger saw only valid OCPP', () => {
    expect(strictFailures).toEqual([]);
  });
});
