/**
 * AutoRemoteStart for 2.0.1 chargers: a cable plugged in without authorization (StatusNotification Occupied, or a
 * transaction started on the cable) gets RequestStartTransaction when the delay expires, decided at send time
 * with the same checks as 1.6.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Harness } from '../testing/harness.js';
import { bootedStation201 } from './testing/bootedStation.js';
import { BOOT201, status201, txEvent } from './testing/frames201.js';

let h: Harness;
let decisions: Array<{ outcome: string; reason?: string; detail: string; connectorId: number }>;
beforeEach(async () => {
  h = await bootedStation201();
  decisions = [];
  h.backend.events.on('autoRemoteStart', (d) => decisions.push(d));
});
afterEach(() => h.close());

const call = (action: string, payload: Record<string, unknown>) => h.call('CS1', action, payload, { connectionId: 'c1' });
const starts = () =>
  h
    .calls('CS1')
    .map((c) => JSON.parse(c.text) as [number, string, string, Record<string, unknown>])
    .filter((f) => f[2] === 'RequestStartTransaction');

describe('AutoRemoteStart for 2.0.1', () => {
  it('Occupied → RequestStartTransaction on that EVSE with the free-vend token once the delay expires; the answer is a decision', async () => {
    await call('StatusNotification', status201(2, 'Occupied'));
    await h.clock.advance(999);
    expect(starts()).toHaveLength(0);
    await h.clock.advance(1);
    const [frame] = starts();
    expect(frame![3]).toEqual({ evseId: 2, remoteStartId: expect.any(Number), idToken: { idToken: 'CHARGEBENCH', type: 'Central' } });
    const cmd = h.calls('CS1')[0]!;
    await h.raw('CS1', JSON.stringify([3, cmd.messageId, { status: 'Accepted' }]), { connectionId: 'c1' });
    expect(decisions.map((d) => d.outcome)).toEqual(['pending', 'sent', 'answered']);
    expect(decisions[1]!.detail).toMatch(/RequestStartTransaction sent to EVSE 2/);
  });

  it('a transaction started on the cable without a token asks too (TxStartPoint EVConnected); one repeated request stands', async () => {
    await call('TransactionEvent', txEvent('Started', 'TX-CABLE', 0, 0, { idToken: null, triggerReason: 'CablePluggedIn', chargingState: 'EVConnected' }));
    await call('StatusNotification', status201(1, 'Occupied'));
    await h.clock.advance(1000);
    expect(starts()).toHaveLength(1);
    expect(starts()[0]![3]).toMatchObject({ evseId: 1 });
  });

  it.each([
    ['the EVSE goes back to Available', 'statusChanged', () => call('StatusNotification', status201(1, 'Available', 1))],
    ['a transaction with a token starts on it', 'transactionStarted', () => call('TransactionEvent', txEvent('Started', 'TX-CARD', 0, 1))],
    [
      'a refused Authorize',
      'authorized',
      async () => {
        h.store.idTags.upsert({ idTag: 'BAD', status: 'Blocked' });
        return call('Authorize', { idToken: { idToken: 'BAD', type: 'ISO14443' } });
      },
    ],
    ['a new boot', 'rebooted', () => call('BootNotification', BOOT201)],
  ])('a pending start is cancelled when %s', async (_what, reason, act) => {
    await call('StatusNotification', status201(1, 'Occupied'));
    await h.clock.advance(300);
    await act();
    await h.clock.advance(5000);
    expect(starts()).toHaveLength(0);
    expect(decisions.map((d) => d.outcome)).toEqual(['pending', 'notSent']);
    expect(decisions[1]).toMatchObject({ reason, connectorId: 1 });
  });

  it('an EVSE with an authorized transaction gets nothing; an accepted Authorize holds the start until its transaction names the EVSE', async () => {
    await call('TransactionEvent', txEvent('Started', 'TX-A', 0, 0, { evseId: 2 }));
    await call('StatusNotification', status201(2, 'Occupied'));
    expect(decisions.at(-1)).toMatchObject({ outcome: 'notSent', reason: 'transactionRunning' });
    await call('StatusNotification', status201(1, 'Occupied'));
    await call('Authorize', { idToken: { idToken: 'CARD', type: 'ISO14443' } });
    await h.clock.advance(1000);
    expect(starts()).toHaveLength(0);
    expect(decisions.at(-1)!.detail).toMatch(/^held/);
    await call('TransactionEvent', txEvent('Started', 'TX-B', 0, 2, { evseId: 1, idToken: { idToken: 'CARD', type: 'ISO14443' } }));
    expect(decisions.at(-1)).toMatchObject({ outcome: 'notSent', reason: 'transactionStarted', connectorId: 1 });
  });

  it('switched off (both 2.0.1 AutoRemoteStart middleware) or in conformance mode: nothing is sent, and 1.6 is not affected', async () => {
    await h.backend.middleware.setEnabled('ocpp2.0.1/StatusNotification', 'AutoRemoteStart201', false);
    await h.backend.middleware.setEnabled('ocpp2.0.1/TransactionEvent', 'AutoRemoteStartOnEVConnected201', false);
    await call('TransactionEvent', txEvent('Started', 'TX-OFF', 0, 0, { idToken: null, triggerReason: 'CablePluggedIn' }));
    await call('StatusNotification', status201(1, 'Occupied'));
    await h.clock.advance(2000);
    expect(starts()).toHaveLength(0);
    expect(decisions).toEqual([]);
    await h.backend.middleware.reset();
    await h.settings.update((d) => (d.conformance = true));
    await call('StatusNotification', status201(2, 'Occupied'));
    expect(decisions.at(-1)).toMatchObject({ outcome: 'notSent', reason: 'conformanceMode' });
  });
});
