/**
 * The bench API with OCPP 2.0.1 chargers, every response checked against its contract. The charger is an
 * independent implementation: ocpp-rpc in strict mode speaking ocpp2.0.1, beside a strict 1.6 one. Commands go out
 * in each charger's version (a 1.6 command to a 2.0.1 charger is a 400 naming its version), the charger list carries
 * and filters by protocol, reservations and charging profiles keep their state for 2.0.1, the device model route
 * returns what NotifyReport reported, and transactions carry the version and the charger's transactionId.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RPCClient } from 'ocpp-rpc';
import { startBench, type BenchHandle } from '../app/bench.js';
import type { ChargerSummary, DeviceModelView, Page, TransactionView } from './types.js';

let bench: BenchHandle;
let cs: RPCClient;
let cp16: RPCClient;
const strictFailures: string[] = [];
const received: Array<{ action: string; params: Record<string, unknown> }> = [];

function strict(identity: string, protocol: string): RPCClient {
  const c = new RPCClient({ endpoint: bench.ocppUrl, identity, protocols: [protocol], strictMode: true, reconnect: false } as unknown as ConstructorParameters<
    typeof RPCClient
  >[0]);
  c.on('strictValidationFailure', (e: { error?: Error; method?: string }) => strictFailures.push(`${identity} ${e.method}: ${e.error?.message}`));
  return c;
}

function answer(action: string, fn: (params: Record<string, unknown>) => Record<string, unknown>): void {
  cs.handle(action, async ({ params }) => {
    received.push({ action, params: params as Record<string, unknown> });
    return fn(params as Record<string, unknown>);
  });
}

beforeAll(async () => {
  bench = await startBench({ memory: true, ocppPort: 0, uiPort: 0, rendererDir: null, live: { flushMs: 50 }, checkResponses: true, env: {} });
  cs = strict('CS-201', 'ocpp2.0.1');
  const accepted = () => ({ status: 'Accepted' });
  for (const a of [
    'RequestStopTransaction',
    'Reset',
    'UnlockConnector',
    'TriggerMessage',
    'ChangeAvailability',
    'CancelReservation',
    'ClearChargingProfile',
    'ClearCache',
    'SendLocalList',
    'UpdateFirmware',
  ]) {
    answer(
      a,
      a === 'UnlockConnector'
        ? () => ({ status: 'Unlocked' })
        : a === 'UpdateFirmware' || a === 'TriggerMessage' || a === 'ChangeAvailability'
          ? accepted
          : accepted,
    );
  }
  answer('RequestStartTransaction', () => ({ status: 'Accepted', transactionId: 'REMOTE-1' }));
  answer('ReserveNow', (p) => ({ status: p.evseId === 2 ? 'Occupied' : 'Accepted' }));
  answer('SetChargingProfile', (p) => ({ status: (p.chargingProfile as { stackLevel: number }).stackLevel > 5 ? 'Rejected' : 'Accepted' }));
  answer('GetChargingProfiles', () => ({ status: 'NoProfiles' }));
  answer('GetCompositeSchedule', () => ({ status: 'Rejected' }));
  answer('GetVariables', (p) => ({
    getVariableResult: (p.getVariableData as Array<{ component: unknown; variable: unknown }>).map((d) => ({
      attributeStatus: 'Accepted',
      attributeValue: '300',
      component: d.component,
      variable: d.variable,
    })),
  }));
  answer('SetVariables', (p) => ({
    setVariableResult: (p.setVariableData as Array<{ component: unknown; variable: unknown }>).map((d) => ({
      attributeStatus: 'Accepted',
      component: d.component,
      variable: d.variable,
    })),
  }));
  answer('GetReport', () => ({ status: 'EmptyResultSet' }));
  answer('GetLocalListVersion', () => ({ versionNumber: 3 }));
  answer('GetLog', () => ({ status: 'Accepted', filename: 'log.txt' }));
  answer('GetBaseReport', (p) => {
    setTimeout(() => {
      void cs.call('NotifyReport', {
        requestId: p.requestId,
        generatedAt: new Date().toISOString(),
        seqNo: 0,
        reportData: [
          {
            component: { name: 'OCPPCommCtrlr' },
            variable: { name: 'HeartbeatInterval' },
            variableAttribute: [{ type: 'Actual', value: '300', mutability: 'ReadWrite' }],
            variableCharacteristics: { dataType: 'integer', supportsMonitoring: false },
          },
        ],
      });
    }, 5);
    return { status: 'Accepted' };
  });
  await cs.connect();
  await cs.call('BootNotification', { reason: 'PowerUp', chargingStation: { model: 'ocpp-rpc', vendorName: 'Independent' } });
  await cs.call('StatusNotification', { timestamp: new Date().toISOString(), connectorStatus: 'Available', evseId: 1, connectorId: 1 });
  cp16 = strict('CP-16', 'ocpp1.6');
  await cp16.connect();
  await cp16.call('BootNotification', { chargePointVendor: 'Independent', chargePointModel: 'ocpp-rpc' });
});
afterAll(async () => {
  await cs?.close({ force: true });
  await cp16?.close({ force: true });
  await bench?.stop();
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- responses are checked field by field
async function call(method: string, path: string, body?: unknown): Promise<{ status: number; json: any; text: string }> {
  const res = await fetch(`${bench.apiUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${bench.token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : null, text };
}
/** Polls an async condition (bounded). */
async function until(pred: () => Promise<boolean>, what: string, ms = 5000): Promise<void> {
  const t0 = Date.now();
  while (!(await pred())) {
    if (Date.now() - t0 > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
const command = (action: string, payload: Record<string, unknown>, id = 'CS-201') => call('POST', `/api/chargers/${id}/commands/${action}`, { payload });

describe('chargers carry their protocol', () => {
  it('in the list and the page, and the list filters by it', async () => {
    const all = (await call('GET', '/api/chargers')).json as Page<ChargerSummary>;
    expect(Object.fromEntries(all.items.map((c) => [c.id, c.protocol]))).toEqual({ 'CS-201': 'ocpp2.0.1', 'CP-16': 'ocpp1.6' });
    expect(((await call('GET', '/api/chargers?protocol=ocpp2.0.1')).json as Page<ChargerSummary>).items.map((c) => c.id)).toEqual(['CS-201']);
    expect((await call('GET', '/api/chargers/CS-201')).json).toMatchObject({ protocol: 'ocpp2.0.1', state: 'Available' });
    const bad = await call('GET', '/api/chargers?protocol=ocpp3');
    expect(bad.status).toBe(400);
  });
});

describe("commands in the charger's version", () => {
  it.each([
    ['RequestStartTransaction', { idToken: { idToken: 'OPERATOR', type: 'Central' }, remoteStartId: 7, evseId: 1 }],
    ['RequestStopTransaction', { transactionId: 'TX-9' }],
    ['Reset', { type: 'OnIdle' }],
    ['UnlockConnector', { evseId: 1, connectorId: 1 }],
    ['TriggerMessage', { requestedMessage: 'StatusNotification', evse: { id: 1, connectorId: 1 } }],
    ['ChangeAvailability', { operationalStatus: 'Inoperative', evse: { id: 1 } }],
    ['GetChargingProfiles', { requestId: 1, chargingProfile: { chargingProfilePurpose: 'TxDefaultProfile' } }],
    ['GetCompositeSchedule', { duration: 3600, evseId: 1 }],
    ['GetReport', { requestId: 2, componentVariable: [{ component: { name: 'OCPPCommCtrlr' } }] }],
    ['GetVariables', { getVariableData: [{ component: { name: 'OCPPCommCtrlr' }, variable: { name: 'HeartbeatInterval' } }] }],
    ['SetVariables', { setVariableData: [{ component: { name: 'OCPPCommCtrlr' }, variable: { name: 'HeartbeatInterval' }, attributeValue: '600' }] }],
    ['ClearCache', {}],
    ['GetLocalListVersion', {}],
    [
      'SendLocalList',
      {
        versionNumber: 4,
        updateType: 'Full',
        localAuthorizationList: [{ idToken: { idToken: 'CARD-1', type: 'ISO14443' }, idTokenInfo: { status: 'Accepted' } }],
      },
    ],
    ['UpdateFirmware', { requestId: 3, firmware: { location: 'https://example.com/fw.bin', retrieveDateTime: new Date().toISOString() } }],
    ['GetLog', { logType: 'DiagnosticsLog', requestId: 4, log: { remoteLocation: 'https://example.com/upload' } }],
  ])('%s is sent as 2.0.1 and answered', async (action, payload) => {
    const r = await command(action, payload);
    expect(r.status, r.text).toBe(200);
    expect(r.json.ok, r.text).toBe(true);
    expect(received.at(-1)).toEqual({ action, params: payload });
  });

  it("a 1.6 command to a 2.0.1 charger (and the reverse) is a 400 naming its version; a 1.6 payload of a shared action fails 2.0.1's schema", async () => {
    const r = await command('RemoteStartTransaction', { idTag: 'X' });
    expect(r.status).toBe(400);
    expect(r.json.error).toMatch(/RemoteStartTransaction is not an OCPP 2.0.1 command, and this charger speaks ocpp2.0.1/);
    const r16 = await command('RequestStartTransaction', { idToken: { idToken: 'X', type: 'Central' }, remoteStartId: 1 }, 'CP-16');
    expect(r16.status).toBe(400);
    expect(r16.json.error).toMatch(/not an OCPP 1\.6 command/);
    const reset = await command('Reset', { type: 'Hard' });
    expect(reset.status).toBe(400);
    expect(reset.json.error).toMatch(/Reset\.req: \/type must be one of Immediate, OnIdle/);
    expect((await command('Teleport', {})).status).toBe(400);
  });

  it('a command job over a mixed fleet: each charger answers in its version; the other version gets NotSupported', async () => {
    const job = await call('POST', '/api/command-jobs', { action: 'ClearCache', payload: {}, filter: {} });
    expect(job.status, job.text).toBe(200);
    await until(async () => (await call('GET', `/api/command-jobs/${job.json.id}`)).json.done === true, 'job done');
    const done = (await call('GET', `/api/command-jobs/${job.json.id}`)).json as { results: Array<{ chargePointId: string; outcome: string }> };
    // ClearCache exists in both versions, so both answer (the 1.6 charger has no handler: ocpp-rpc answers NotImplemented)
    expect(Object.fromEntries(done.results.map((r) => [r.chargePointId, r.outcome]))).toEqual({ 'CS-201': 'ok', 'CP-16': 'callError' });
    const only201 = await call('POST', '/api/command-jobs', { action: 'GetLocalListVersion', payload: {}, filter: { protocol: 'ocpp2.0.1' } });
    expect(only201.json.total).toBe(1);
  });
});

describe('the 2.0.1 middleware chains through the API', () => {
  it('are listed by their versioned names and switched with the name URL-encoded', async () => {
    const list = (await call('GET', '/api/middleware')).json as Array<{ action: string; items: Array<{ name: string; enabled: boolean }> }>;
    expect(list.find((c) => c.action === 'ocpp2.0.1/TransactionEvent')?.items.map((m) => m.name)).toEqual([
      'AutoRemoteStartOnEVConnected201',
      'TransactionEvent201',
      'UseReservation201',
    ]);
    const set = await call('PUT', `/api/middleware/${encodeURIComponent('ocpp2.0.1/StatusNotification')}`, {
      items: [
        { name: 'StatusNotification201', enabled: true },
        { name: 'AutoRemoteStart201', enabled: false },
      ],
    });
    expect(set.status, set.text).toBe(200);
    expect(set.json).toMatchObject({
      action: 'ocpp2.0.1/StatusNotification',
      customized: true,
      items: [
        { name: 'StatusNotification201', enabled: true },
        { name: 'AutoRemoteStart201', enabled: false },
      ],
    });
    const back = await call('POST', '/api/middleware/reset', { action: 'ocpp2.0.1/StatusNotification' });
    expect(back.status, back.text).toBe(200);
  });
});

describe('operator state for 2.0.1', () => {
  it('ReserveNow: allocated id, EVSE, id token; Accepted → Reserved, Occupied → Rejected; cancel → Cancelled', async () => {
    const expiry = new Date(Date.now() + 600_000).toISOString();
    const ok = await call('POST', '/api/chargers/CS-201/reservations', { connectorId: 1, idTag: 'CARD-7', idTokenType: 'ISO14443', expiryDate: expiry });
    expect(ok.status, ok.text).toBe(200);
    expect(ok.json.reservation).toMatchObject({ state: 'Reserved', connectorId: 1, idTag: 'CARD-7' });
    expect(received.at(-1)).toEqual({
      action: 'ReserveNow',
      params: {
        id: ok.json.reservation.id,
        expiryDateTime: new Date(Date.parse(expiry)).toISOString(),
        idToken: { idToken: 'CARD-7', type: 'ISO14443' },
        evseId: 1,
      },
    });
    const busy = await call('POST', '/api/chargers/CS-201/reservations', { connectorId: 2, idTag: 'CARD-7', expiryDate: expiry });
    expect(busy.json.reservation).toMatchObject({ state: 'Rejected', chargerStatus: 'Occupied' });
    const cancel = await call('POST', `/api/reservations/${ok.json.reservation.id}/cancel`);
    expect(cancel.status, cancel.text).toBe(200);
    expect(cancel.json.reservation.state).toBe('Cancelled');
  });

  it('SetChargingProfile / ClearChargingProfile: recorded per EVSE with the answer, cleared when accepted', async () => {
    const profile = {
      id: 11,
      stackLevel: 1,
      chargingProfilePurpose: 'TxDefaultProfile',
      chargingProfileKind: 'Absolute',
      chargingSchedule: [{ id: 1, startSchedule: new Date().toISOString(), chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 0, limit: 16 }] }],
    };
    const sent = await call('POST', '/api/chargers/CS-201/charging-profiles', { connectorId: 1, profile });
    expect(sent.status, sent.text).toBe(200);
    expect(sent.json.record).toMatchObject({ chargingProfileId: 11, connectorId: 1, status: 'Accepted', installed: true });
    expect(received.at(-1)).toEqual({ action: 'SetChargingProfile', params: { evseId: 1, chargingProfile: profile } });
    const cleared = await call('POST', '/api/chargers/CS-201/charging-profiles/clear', { id: 11 });
    expect(cleared.json).toMatchObject({ cleared: 1 });
    expect(received.at(-1)).toEqual({ action: 'ClearChargingProfile', params: { chargingProfileId: 11 } });
  });

  it('the device model: read (GetBaseReport) then the NotifyReport tree; 409 for a 1.6 charger, 404 unknown', async () => {
    const read = await call('POST', '/api/chargers/CS-201/device-model/read', {});
    expect(read.status, read.text).toBe(200);
    expect(read.json.result.ok).toBe(true);
    await until(async () => ((await call('GET', '/api/chargers/CS-201/device-model')).json as DeviceModelView).variables === 1, 'report stored');
    const dm = (await call('GET', '/api/chargers/CS-201/device-model')).json as DeviceModelView;
    expect(dm.components).toEqual([
      {
        component: 'OCPPCommCtrlr',
        componentInstance: null,
        evseId: null,
        evseConnectorId: null,
        variables: [
          expect.objectContaining({
            variable: 'HeartbeatInterval',
            requestId: read.json.requestId,
            attributes: [{ type: 'Actual', value: '300', mutability: 'ReadWrite' }],
          }),
        ],
      },
    ]);
    expect((await call('GET', '/api/chargers/CP-16/device-model')).status).toBe(409);
    expect((await call('GET', '/api/chargers/NOPE/device-model')).status).toBe(404);
    await cs.call('SecurityEventNotification', { type: 'SettingSystemTime', timestamp: new Date().toISOString() });
    const events = await call('GET', '/api/chargers/CS-201/events?kind=SecurityEvent');
    expect(events.json).toEqual([expect.objectContaining({ kind: 'SecurityEvent', type: 'SettingSystemTime' })]);
  });

  it("transactions carry the version, the charger's transactionId and chargingState", async () => {
    const now = new Date().toISOString();
    await cs.call('TransactionEvent', {
      eventType: 'Started',
      timestamp: now,
      triggerReason: 'Authorized',
      seqNo: 0,
      transactionInfo: { transactionId: 'API-TX', chargingState: 'Charging' },
      evse: { id: 1, connectorId: 1 },
      idToken: { idToken: 'CARD-7', type: 'ISO14443' },
      meterValue: [{ timestamp: now, sampledValue: [{ value: 100 }] }],
    });
    const list = (await call('GET', '/api/transactions?chargePointId=CS-201')).json as Page<TransactionView>;
    expect(list.items[0]).toMatchObject({
      protocol: 'ocpp2.0.1',
      chargerTransactionId: 'API-TX',
      chargingState: 'Charging',
      connectorId: 1,
      idTag: 'CARD-7',
      meterStart: 100,
      state: 'active',
    });
    expect(strictFailures).toEqual([]);
  });
});
