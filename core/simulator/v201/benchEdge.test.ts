/**
 * A mixed fleet from one Fleet against ChargeBench's own edge (startServe, in-process): the 1.6 chargers boot and
 * are Accepted; the 2.0.1 stations connect with Sec-WebSocket-Protocol ocpp2.0.1, are recorded as 2.0.1
 * chargers, and — as long as this build has no 2.0.1 central system (the edge answers NotImplemented) — keep
 * booting at their retry interval instead of going quiet. (When the 2.0.1 backend lands, its boot is Accepted:
 * update the last expectations.) The strict 2.0.1 checks are against ocpp-rpc (strictCsms.test.ts).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startServe, type ServeHandle } from '../../app/services.js';
import { Charger } from '../charger.js';
import { Fleet } from '../fleet.js';
import { ChargingStation } from './station.js';
import { ManualClock } from '../clocks.js';
import { waitFor } from '../testing/helpers.js';

let serve: ServeHandle | null = null;
let fleet: Fleet | null = null;
afterEach(async () => {
  await fleet?.stopAll();
  await serve?.stop();
  fleet = serve = null;
});

describe('2.0.1 stations against the bench edge', () => {
  it('one fleet, both versions: 1.6 Accepted, 2.0.1 negotiated and stored as such, its boot retried while unanswered', async () => {
    serve = await startServe({ memory: true, ocppPort: 0, env: {} });
    const clock = new ManualClock(Date.now());
    fleet = new Fleet({ clock });
    // One spawn, both versions in turn.
    const all = await fleet.spawn({ url: serve.ocppUrl, count: 4, idPrefix: 'MIX-', rampPerSecond: 0, protocol: ['ocpp1.6', 'ocpp2.0.1'] });
    const old = all.filter((c): c is Charger => c instanceof Charger);
    const fresh = all.filter((c): c is ChargingStation => c instanceof ChargingStation);
    expect([old.length, fresh.length]).toEqual([2, 2]);
    const s = serve;
    await waitFor(() => old.every((cp) => cp.registration === 'Accepted') && fresh.every((st) => st.isOnline && st.idle && fleet!.stats.callErrorsReceived >= 2), 'both versions connected', 10_000);
    expect(fleet.list().map((c) => [c.id, 'protocol' in c ? c.protocol : 'ocpp1.6']).sort()).toEqual([
      ['MIX-0001', 'ocpp1.6'],
      ['MIX-0002', 'ocpp2.0.1'],
      ['MIX-0003', 'ocpp1.6'],
      ['MIX-0004', 'ocpp2.0.1'],
    ]);
    for (const st of fresh) {
      expect(st.link.protocol).toBe('ocpp2.0.1');
      expect(s.store.chargePoints.presence(st.id)).toMatchObject({ online: true, protocol: 'ocpp2.0.1', subprotocol: 'ocpp2.0.1' });
      expect(st.registration).toBe('None');
    }
    expect(s.store.chargePoints.presence('MIX-0001')?.protocol).toBe('ocpp1.6');
    expect(fleet.stats.recentErrors.some((e) => /BootNotification answered with CALLERROR NotImplemented/.test(e))).toBe(true);
    // The boot is tried again after bootRetryS (30 s for the reference profile).
    const boots = fleet.stats.callsOut;
    clock.advance(30_000);
    await waitFor(() => fleet!.stats.callsOut >= boots + 2 && fresh.every((st) => st.idle), 'boots retried');
  });
});
