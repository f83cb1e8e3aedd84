/**
 * An independent strict OCPP 2.0.1 CSMS (ocpp-rpc, strictMode: true, protocol ocpp2.0.1: every CALL and every
 * answer validated against the OCA 2.0.1 schemas in both directions) receives 30 s of traffic from 200 simulated
 * 2.0.1 stations with automatic sessions, and sends every CSMS→CS command in scope to some of them: zero
 * validation failures, every command answered (and validated), TransactionEvent seqNos in order per transaction,
 * NotifyReport chunks in order.
 */
import { describe, expect, it } from 'vitest';
import { RPCServer } from 'ocpp-rpc';
import type RPCServerClient from 'ocpp-rpc/lib/server-client';
import type { AddressInfo } from 'node:net';
import { Fleet } from '../fleet.js';

const STATIONS = Number(process.env.SIM201_STRICT_STATIONS ?? 200);
const RUN_MS = Number(process.env.SIM201_STRICT_MS ?? 30_000);

type Params = (ctx: { id: string; tx: string | undefined }) => Record<string, unknown>;
const soon = (ms: number): string => new Date(Date.now() + ms).toISOString();
const token = { idToken: 'RPC-TAG', type: 'ISO14443' };

/** Every CSMS→CS command in scope; `reboots` ones take the station away for a while. */
const COMMANDS: Array<{ method: string; params: Params; reboots?: boolean }> = [
  { method: 'RequestStartTransaction', params: () => ({ idToken: token, remoteStartId: 7, evseId: 2 }) },
  { method: 'RequestStopTransaction', params: ({ tx }) => ({ transactionId: tx ?? 'none-running' }) },
  { method: 'Reset', params: () => ({ type: 'OnIdle', evseId: 1 }) },
  { method: 'Reset', params: () => ({ type: 'Immediate' }), reboots: true },
  { method: 'UnlockConnector', params: () => ({ evseId: 1, connectorId: 1 }) },
  { method: 'TriggerMessage', params: () => ({ requestedMessage: 'StatusNotification', evse: { id: 1, connectorId: 1 } }) },
  { method: 'TriggerMessage', params: () => ({ requestedMessage: 'MeterValues' }) },
  { method: 'TriggerMessage', params: () => ({ requestedMessage: 'TransactionEvent' }) },
  { method: 'TriggerMessage', params: () => ({ requestedMessage: 'Heartbeat' }) },
  { method: 'TriggerMessage', params: () => ({ requestedMessage: 'BootNotification' }) },
  { method: 'TriggerMessage', params: () => ({ requestedMessage: 'SignChargingStationCertificate' }) },
  { method: 'ChangeAvailability', params: () => ({ operationalStatus: 'Inoperative', evse: { id: 2 } }) },
  { method: 'ChangeAvailability', params: () => ({ operationalStatus: 'Operative' }) },
  { method: 'ReserveNow', params: () => ({ id: 11, expiryDateTime: soon(5_000), idToken: token, evseId: 1 }) },
  { method: 'CancelReservation', params: () => ({ reservationId: 11 }) },
  {
    method: 'SetChargingProfile',
    params: () => ({
      evseId: 0,
      chargingProfile: {
        id: 9,
        stackLevel: 0,
        chargingProfilePurpose: 'TxDefaultProfile',
        chargingProfileKind: 'Relative',
        chargingSchedule: [{ id: 1, chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 0, limit: 8.1 }] }],
      },
    }),
  },
  {
    method: 'SetChargingProfile',
    params: () => ({
      evseId: 0,
      chargingProfile: {
        id: 10,
        stackLevel: 1,
        chargingProfilePurpose: 'ChargingStationMaxProfile',
        chargingProfileKind: 'Absolute',
        chargingSchedule: [
          { id: 2, startSchedule: new Date().toISOString(), chargingRateUnit: 'W', chargingSchedulePeriod: [{ startPeriod: 0, limit: 15000 }] },
        ],
      },
    }),
  },
  { method: 'GetChargingProfiles', params: () => ({ requestId: 5, chargingProfile: { chargingProfilePurpose: 'TxDefaultProfile' } }) },
  { method: 'ClearChargingProfile', params: () => ({ chargingProfileId: 9 }) },
  { method: 'GetCompositeSchedule', params: () => ({ duration: 600, evseId: 1, chargingRateUnit: 'A' }) },
  { method: 'GetBaseReport', params: () => ({ requestId: 21, reportBase: 'FullInventory' }) },
  {
    method: 'GetReport',
    params: () => ({ requestId: 22, componentVariable: [{ component: { name: 'OCPPCommCtrlr' } }, { component: { name: 'EVSE', evse: { id: 1 } } }] }),
  },
  {
    method: 'GetVariables',
    params: () => ({
      getVariableData: [
        { component: { name: 'OCPPCommCtrlr' }, variable: { name: 'HeartbeatInterval' } },
        { component: { name: 'Nope' }, variable: { name: 'X' } },
        { component: { name: 'TxCtrlr' }, variable: { name: 'Nope' } },
      ],
    }),
  },
  {
    method: 'SetVariables',
    params: () => ({
      setVariableData: [
        { component: { name: 'SampledDataCtrlr' }, variable: { name: 'TxUpdatedInterval' }, attributeValue: '3' },
        { component: { name: 'ChargingStation' }, variable: { name: 'Model' }, attributeValue: 'X' },
        { component: { name: 'OCPPCommCtrlr' }, variable: { name: 'HeartbeatInterval' }, attributeValue: 'soon' },
      ],
    }),
  },
  { method: 'ClearCache', params: () => ({}) },
  { method: 'GetLocalListVersion', params: () => ({}) },
  {
    method: 'SendLocalList',
    params: () => ({
      versionNumber: 2,
      updateType: 'Full',
      localAuthorizationList: [{ idToken: { idToken: 'A', type: 'ISO14443' }, idTokenInfo: { status: 'Accepted' } }],
    }),
  },
  {
    method: 'UpdateFirmware',
    params: () => ({ requestId: 31, firmware: { location: 'https://firmware.example/cb-2.0.0.bin', retrieveDateTime: new Date().toISOString() } }),
    reboots: true,
  },
  { method: 'GetLog', params: () => ({ requestId: 41, logType: 'DiagnosticsLog', log: { remoteLocation: 'https://logs.example/upload' } }) },
  { method: 'DataTransfer', params: () => ({ vendorId: 'ChargeBench', messageId: 'Echo', data: 'x' }) },
  { method: 'GetTransactionStatus', params: ({ tx }) => (tx ? { transactionId: tx } : {}) },
];

describe('against an independent strict OCPP 2.0.1 CSMS', () => {
  it(`${STATIONS} stations for ${RUN_MS / 1000} s: zero validation failures, every command answered`, async () => {
    const server = new RPCServer({ protocols: ['ocpp2.0.1'], strictMode: true, pingIntervalMs: 10_000 });
    const failures: string[] = [];
    const clients = new Map<string, RPCServerClient>();
    const away = new Set<string>();
    const running = new Map<string, string>();
    const seqNos = new Map<string, number>();
    const reports = new Map<string, number>();
    const received = new Map<string, number>();
    const seen = (m: string): void => void received.set(m, (received.get(m) ?? 0) + 1);
    server.on('client', (client) => {
      const id = String(client.identity);
      clients.set(id, client);
      away.delete(id);
      client.on('strictValidationFailure', (e: { error?: Error; method?: string; outbound?: boolean }) =>
        failures.push(`${id} ${e.method ?? ''} ${e.outbound ? 'out' : 'in'}: ${e.error?.message ?? String(e.error)}`),
      );
      client.on('badMessage', (e: { error?: Error; buffer?: Buffer }) =>
        failures.push(`${id} bad message: ${e.error?.message} ${String(e.buffer).slice(0, 200)}`),
      );
      client.on('close', (e: { code?: number; reason?: unknown }) => {
        if (!away.has(id)) failures.push(`${id} disconnected unexpectedly (${e?.code} ${String(e?.reason ?? '')})`);
        if (clients.get(id) === client) clients.delete(id);
      });
      const now = (): string => new Date().toISOString();
      // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the payloads ocpp-rpc has already validated strictly
      type P = Record<string, any>;
      const h = (m: string, fn: (p: P) => unknown): void => client.handle(m, ({ params }: { params: P }) => (seen(m), fn(params)));
      h('BootNotification', () => ({ status: 'Accepted', currentTime: now(), interval: 5 }));
      h('Heartbeat', () => ({ currentTime: now() }));
      for (const m of [
        'StatusNotification',
        'MeterValues',
        'NotifyEvent',
        'FirmwareStatusNotification',
        'LogStatusNotification',
        'ReservationStatusUpdate',
        'ReportChargingProfiles',
        'SecurityEventNotification',
      ])
        h(m, () => ({}));
      h('Authorize', () => ({ idTokenInfo: { status: 'Accepted' } }));
      h('DataTransfer', () => ({ status: 'UnknownVendorId' }));
      h('NotifyReport', (p) => {
        const key = `${id}/${p.requestId}/${p.generatedAt}`;
        const expected = reports.get(key) ?? 0;
        if (p.seqNo !== expected) failures.push(`${id} NotifyReport ${key}: seqNo ${p.seqNo}, expected ${expected}`);
        if (p.tbc) reports.set(key, expected + 1);
        else reports.delete(key);
        return {};
      });
      h('TransactionEvent', (p) => {
        const txId = p.transactionInfo.transactionId as string;
        const expected = p.eventType === 'Started' ? 0 : (seqNos.get(txId) ?? -1) + 1;
        if (p.seqNo !== expected) failures.push(`${id} TransactionEvent ${p.eventType} ${txId}: seqNo ${p.seqNo}, expected ${expected}`);
        seqNos.set(txId, p.seqNo);
        seen(`TransactionEvent.${p.eventType}`);
        if (p.eventType === 'Ended') running.delete(id);
        else running.set(id, txId);
        return { idTokenInfo: { status: 'Accepted' } };
      });
    });
    const http = await server.listen(0, '127.0.0.1');
    const url = `ws://127.0.0.1:${(http.address() as AddressInfo).port}/ocpp`;

    const fleet = new Fleet();
    const sent = new Map<string, number>();
    const answered = new Map<string, number>();
    const notSupported = { sent: 0, answered: 0 };
    const inFlight: Promise<unknown>[] = [];
    try {
      await fleet.spawn({
        url,
        count: STATIONS,
        protocol: 'ocpp2.0.1',
        profile: 'reference',
        rampPerSecond: 200,
        autoSessions: { idleS: [1, 6], chargeS: [4, 15] },
        configuration: {
          'OCPPCommCtrlr.HeartbeatInterval': 5,
          'SampledDataCtrlr.TxUpdatedInterval': 2,
          'AlignedDataCtrlr.Interval': 10,
          'TxCtrlr.EVConnectionTimeOut': 10,
        },
      });
      const end = Date.now() + RUN_MS;
      let k = 0;
      while (Date.now() < end) {
        await new Promise((r) => setTimeout(r, 100));
        const ready = [...clients].filter(([id]) => !away.has(id));
        for (let i = 0; i < 3 && ready.length > 10; i++) {
          const [id, client] = ready[Math.floor(Math.random() * ready.length)]!;
          if (away.has(id)) continue;
          const cmd = COMMANDS[k++ % COMMANDS.length]!;
          // The last seconds: nothing that reboots, so every station is back before the end.
          if (cmd.reboots && Date.now() > end - 12_000) continue;
          if (cmd.reboots) away.add(id);
          sent.set(cmd.method, (sent.get(cmd.method) ?? 0) + 1);
          inFlight.push(
            client.call(cmd.method, cmd.params({ id, tx: running.get(id) })).then(
              () => answered.set(cmd.method, (answered.get(cmd.method) ?? 0) + 1),
              (err: Error) => failures.push(`${id} ${cmd.method}: ${err.message}`),
            ),
          );
          if (k % 50 === 0 && !cmd.reboots) {
            // A known 2.0.1 action this station does not do: a CALLERROR NotSupported, never silence.
            notSupported.sent++;
            inFlight.push(
              client.call('GetDisplayMessages', { requestId: 1 }).then(
                () => failures.push(`${id} GetDisplayMessages answered with a result`),
                (err: { rpcErrorCode?: string }) => {
                  if (err.rpcErrorCode === 'NotSupported') notSupported.answered++;
                  else failures.push(`${id} GetDisplayMessages: ${String(err.rpcErrorCode)}`);
                },
              ),
            );
          }
        }
      }
      await Promise.all(inFlight);
      const s = fleet.summary();
      const total = (m: Map<string, number>): number => [...m.values()].reduce((a, b) => a + b, 0);
      console.log(
        `strict 2.0.1 CSMS: ${STATIONS} stations, connected ${s.connected}; received ${JSON.stringify(Object.fromEntries(received))}; commands sent ${total(sent)}, answered ${total(answered)} (${sent.size} kinds); NotSupported ${notSupported.answered}/${notSupported.sent}; station-side errors ${s.errors} (${fleet.stats.recentErrors.slice(0, 3).join(' | ')})`,
      );
      expect(failures.slice(0, 10)).toEqual([]);
      expect(s.connected).toBe(STATIONS);
      expect(fleet.stats.invalidReplies).toBe(0);
      expect(s.callErrors).toBe(0);
      for (const c of COMMANDS) expect(answered.get(c.method) ?? 0, c.method).toBeGreaterThan(0);
      expect(answered).toEqual(sent);
      expect(notSupported.answered).toBe(notSupported.sent);
      for (const m of [
        'BootNotification',
        'StatusNotification',
        'Authorize',
        'TransactionEvent.Started',
        'TransactionEvent.Updated',
        'TransactionEvent.Ended',
        'NotifyReport',
        'FirmwareStatusNotification',
        'LogStatusNotification',
        'Heartbeat',
      ]) {
        expect(received.get(m) ?? 0, m).toBeGreaterThan(0);
      }
    } finally {
      await fleet.stopAll();
      await server.close({ force: true, awaitPending: false });
    }
  }, 120_000);
});
