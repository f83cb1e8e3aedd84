/**
 * An independent strict central system (ocpp-rpc, strictMode: true: every CALL and every answer validated against
 * the OCA schemas in both directions) receives 30 s of traffic from 500 simulated chargers — boots, heartbeats,
 * EV sessions with meter values, and the central system's own commands — with zero validation failures.
 */
import { describe, expect, it } from 'vitest';
import { RPCServer } from 'ocpp-rpc';
import type RPCServerClient from 'ocpp-rpc/lib/server-client';
import type { AddressInfo } from 'node:net';
import { Fleet } from './fleet.js';

// Overridable only to prove the check can fail (e.g. SIM_STRICT_PROFILE=naive-clock fails on its timestamps).
const CHARGERS = Number(process.env.SIM_STRICT_CHARGERS ?? 500);
const RUN_MS = Number(process.env.SIM_STRICT_MS ?? 30_000);
const PROFILE = process.env.SIM_STRICT_PROFILE ?? 'reference';

describe('against an independent strict OCPP 1.6J central system', () => {
  it(`${CHARGERS} chargers for ${RUN_MS / 1000} s: zero schema validation failures`, async () => {
    const server = new RPCServer({ protocols: ['ocpp1.6'], strictMode: true, pingIntervalMs: 10_000 });
    const failures: string[] = [];
    const clients = new Map<string, RPCServerClient>();
    let txSeq = 1;
    const counts = { calls: 0, commands: 0, commandErrors: 0 };
    server.on('client', (client) => {
      clients.set(client.identity, client);
      client.on('strictValidationFailure', (e: { error?: Error; messageId?: string; method?: string; outbound?: boolean; isCall?: boolean }) =>
        failures.push(`${client.identity} ${e.method ?? ''} ${e.outbound ? 'out' : 'in'}: ${e.error?.message ?? String(e.error)}`),
      );
      client.on('badMessage', (e: { error?: Error; buffer?: Buffer }) =>
        failures.push(`${client.identity} bad message: ${e.error?.message} ${String(e.buffer).slice(0, 200)}`),
      );
      client.on('close', () => clients.delete(client.identity));
      const now = (): string => new Date().toISOString();
      const count = <T>(v: T): T => {
        counts.calls++;
        return v;
      };
      client.handle('BootNotification', () => count({ status: 'Accepted', currentTime: now(), interval: 5 }));
      client.handle('Heartbeat', () => count({ currentTime: now() }));
      client.handle('StatusNotification', () => count({}));
      client.handle('Authorize', () => count({ idTagInfo: { status: 'Accepted' } }));
      client.handle('StartTransaction', () => count({ transactionId: txSeq++, idTagInfo: { status: 'Accepted' } }));
      client.handle('StopTransaction', () => count({ idTagInfo: { status: 'Accepted' } }));
      client.handle('MeterValues', () => count({}));
      client.handle('DataTransfer', () => count({ status: 'UnknownVendorId' }));
      client.handle('DiagnosticsStatusNotification', () => count({}));
      client.handle('FirmwareStatusNotification', () => count({}));
    });
    const http = await server.listen(0, '127.0.0.1');
    const url = `ws://127.0.0.1:${(http.address() as AddressInfo).port}/ocpp`;

    const fleet = new Fleet();
    try {
      await fleet.spawn({
        url,
        count: CHARGERS,
        profile: PROFILE,
        rampPerSecond: 250,
        autoSessions: { idleS: [1, 6], chargeS: [4, 15] },
        configuration: {
          HeartbeatInterval: 5,
          MeterValueSampleInterval: 2,
          ClockAlignedDataInterval: 10,
          MeterValuesAlignedData: 'Energy.Active.Import.Register,Energy.Active.Import.Interval',
          ConnectionTimeOut: 10,
        },
      });
      // The central system's own commands, to random chargers, all through strict validation of the answers.
      const commands: Array<[string, (id: string) => Record<string, unknown>]> = [
        ['GetConfiguration', () => ({ key: ['HeartbeatInterval', 'Nope'] })],
        ['ChangeConfiguration', () => ({ key: 'MeterValueSampleInterval', value: '3' })],
        ['TriggerMessage', () => ({ requestedMessage: 'MeterValues', connectorId: 1 })],
        ['TriggerMessage', () => ({ requestedMessage: 'StatusNotification' })],
        ['RemoteStartTransaction', () => ({ idTag: 'RPC-TAG', connectorId: 2 })],
        ['GetCompositeSchedule', () => ({ connectorId: 1, duration: 600, chargingRateUnit: 'A' })],
        [
          'SetChargingProfile',
          () => ({
            connectorId: 0,
            csChargingProfiles: {
              chargingProfileId: 9,
              stackLevel: 0,
              chargingProfilePurpose: 'TxDefaultProfile',
              chargingProfileKind: 'Relative',
              chargingSchedule: { chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 0, limit: 8.1 }] },
            },
          }),
        ],
        ['ReserveNow', () => ({ connectorId: 1, expiryDate: new Date(Date.now() + 5_000).toISOString(), idTag: 'R', reservationId: 1 })],
        ['ChangeAvailability', () => ({ connectorId: 2, type: 'Operative' })],
        ['DataTransfer', () => ({ vendorId: 'ChargeBench', messageId: 'Echo', data: 'x' })],
        ['GetLocalListVersion', () => ({})],
        ['SendLocalList', () => ({ listVersion: 2, updateType: 'Full', localAuthorizationList: [{ idTag: 'A', idTagInfo: { status: 'Accepted' } }] })],
        ['ClearCache', () => ({})],
        ['UnlockConnector', () => ({ connectorId: 1 })],
      ];
      const end = Date.now() + RUN_MS;
      let k = 0;
      while (Date.now() < end) {
        await new Promise((r) => setTimeout(r, 100));
        const all = [...clients.values()];
        for (let i = 0; i < 3 && all.length; i++) {
          const client = all[Math.floor(Math.random() * all.length)]!;
          const [method, params] = commands[k++ % commands.length]!;
          counts.commands++;
          client.call(method as string, params(String(client.identity))).catch((err: Error) => {
            counts.commandErrors++;
            if (!/closed|timeout|disconnect/i.test(err.message)) failures.push(`${client.identity} ${method}: ${err.message}`);
          });
        }
      }
      const s = fleet.summary();
      if (s.errors) console.log(fleet.stats.recentErrors.slice(0, 5).join('\n'));
      console.log(
        `strict CS: ${counts.calls} CALLs answered, ${counts.commands} commands sent, connected ${s.connected}/${CHARGERS}, frames in ${s.framesIn} out ${s.framesOut}, charger-side errors ${s.errors} (CALLERRORs ${s.callErrors}, invalid replies ${fleet.stats.invalidReplies})`,
      );
      expect(failures.slice(0, 10)).toEqual([]);
      expect(s.connected).toBe(CHARGERS);
      expect(s.callErrors).toBe(0);
      expect(fleet.stats.invalidReplies).toBe(0);
      expect(counts.calls).toBeGreaterThan(CHARGERS * 8); // boots, statuses, heartbeats, sessions: real traffic
      expect(counts.commands - counts.commandErrors).toBeGreaterThan(100);
    } finally {
      await fleet.stopAll();
      await server.close({ force: true, awaitPending: false });
    }
  }, 120_000);
});
