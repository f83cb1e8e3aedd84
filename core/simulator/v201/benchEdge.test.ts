/**
 * A mixed fleet from one Fleet against ChargeBench's own central system (startServe, in-process): the 1.6
 * chargers and the 2.0.1 stations boot and are Accepted; the stations connect with Sec-WebSocket-Protocol
 * ocpp2.0.1 and are recorded as 2.0.1 chargers; a 2.0.1 session lands in the one transactions model with its
 * version, real stop and meter samples. The strict 2.0.1 checks are against ocpp-rpc (strictCsms.test.ts).
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
  it('one fleet, both versions: both Accepted, 2.0.1 negotiated and stored as such, its session in the one model', async () => {
    serve = await startServe({ memory: true, ocppPort: 0, env: {} });
    const clock = new ManualClock(Date.now());
    fleet = new Fleet({ clock });
    // One spawn, both versions in turn.
    const all = await fleet.spawn({ url: serve.ocppUrl, count: 4, idPrefix: 'MIX-', rampPerSecond: 0, protocol: ['ocpp1.6', 'ocpp2.0.1'] });
    const old = all.filter((c): c is Charger => c instanceof Charger);
    const fresh = all.filter((c): c is ChargingStation => c instanceof ChargingStation);
    expect([old.length, fresh.length]).toEqual([2, 2]);
    const s = serve;
    await waitFor(
      () => old.every((cp) => cp.registration === 'Accepted') && fresh.every((st) => st.registration === 'Accepted' && st.idle),
      'both versions Accepted',
      10_000,
    );
    expect(
      fleet
        .list()
        .map((c) => [c.id, 'protocol' in c ? c.protocol : 'ocpp1.6'])
        .sort(),
    ).toEqual([
      ['MIX-0001', 'ocpp1.6'],
      ['MIX-0002', 'ocpp2.0.1'],
      ['MIX-0003', 'ocpp1.6'],
      ['MIX-0004', 'ocpp2.0.1'],
    ]);
    for (const st of fresh) {
      expect(st.socket.protocol).toBe('ocpp2.0.1');
      expect(s.store.chargePoints.presence(st.id)).toMatchObject({ online: true, protocol: 'ocpp2.0.1', subprotocol: 'ocpp2.0.1' });
    }
    expect(s.store.chargePoints.presence('MIX-0001')?.protocol).toBe('ocpp1.6');
    expect(fleet.stats.callErrorsReceived).toBe(0);

    // one 2.0.1 session: plug, start with a card, charge 2 minutes, stop
    const st = fresh[0]!;
    st.sessions.plug(1, 1);
    await st.sessions.start(1, 'CARD-201');
    await waitFor(() => st.idle && s.store.transactions.list({ chargePointId: st.id }).rows.length === 1, 'transaction started');
    for (let i = 0; i < 12; i++) {
      clock.advance(10_000); // in steps: one jump of 2 minutes would also expire the calls in flight
      await waitFor(() => st.idle, 'samples sent');
    }
    st.sessions.stop(1, 'Local', 'StopAuthorized');
    await waitFor(() => st.idle && s.store.transactions.list({ chargePointId: st.id }).rows[0]?.state === 'stopped', 'transaction stopped');
    const [tx] = s.store.transactions.list({ chargePointId: st.id }).rows;
    expect(tx).toMatchObject({ protocol: 'ocpp2.0.1', state: 'stopped', idTag: 'CARD-201', connectorId: 1 });
    expect(typeof tx!.chargerTransactionId).toBe('string');
    expect(tx!.meterStop! - tx!.meterStart).toBeGreaterThan(0);
    expect(s.store.meterSamples.list({ chargePointId: st.id, transactionId: tx!.id }).length).toBeGreaterThan(0);
    expect(fleet.stats.callErrorsReceived).toBe(0);
  });
});
