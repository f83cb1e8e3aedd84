/**
 * State the central system keeps for the operator, driven through the backend the way an edge would (fake clock):
 * reservations (Reserved / Rejected / Failed / Cancelled / Used / Expired), charging profiles sent and installed,
 * ChangeConfiguration answers, the registry's boot answer, a stale close and a late StopTransaction after it.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BOOT, createHarness, type Harness } from './testing/harness.js';
import { settle } from './testing/fakeClock.js';

let h: Harness;
beforeEach(async () => {
  h = await createHarness();
  await h.connect('CP1');
  await h.call('CP1', 'BootNotification', BOOT);
});
afterEach(() => h.close());

/** Sends a CALL from the central system and answers it as the charger would; resolves with sendCall's outcome. */
async function exchange(action: string, payload: Record<string, unknown>, answer: unknown): Promise<unknown> {
  const before = h.calls('CP1').length;
  const p = h.backend.sendCall('CP1', action as never, payload as never).catch((e: Error) => e);
  await settle();
  const c = h.calls('CP1')[before]!;
  await h.raw('CP1', JSON.stringify(answer === 'CALLERROR' ? [4, c.messageId, 'InternalError', 'boom', {}] : [3, c.messageId, answer]));
  return p;
}

const reserve = (id: number, expiry = '2026-01-01T00:10:00.000Z') => ({ connectorId: 1, expiryDate: expiry, idTag: 'TAG-R', reservationId: id });

describe('reservations', () => {
  it('the charger’s answer sets the state: Accepted → Reserved, Occupied → Rejected, CALLERROR → Failed', async () => {
    const r = await h.backend.applyChange('CP1', () =>
      h.store.reservations.create({ chargePointId: 'CP1', connectorId: 1, idTag: 'TAG-R', expiryDate: '2026-01-01T00:10:00Z', at: h.clock.iso() }),
    );
    expect(r).toMatchObject({ id: 1, state: 'Requested' });
    await exchange('ReserveNow', reserve(r.id), { status: 'Accepted' });
    expect(h.store.reservations.get(1)).toMatchObject({ state: 'Reserved', chargerStatus: 'Accepted' });
    await exchange('ReserveNow', reserve(2), { status: 'Occupied' });
    expect(h.store.reservations.get(2)).toMatchObject({
      state: 'Rejected',
      chargerStatus: 'Occupied',
      chargePointId: 'CP1',
      note: expect.stringContaining('did not allocate'),
    });
    await exchange('ReserveNow', reserve(3), 'CALLERROR');
    expect(h.store.reservations.get(3)).toMatchObject({ state: 'Failed', chargerStatus: 'CALLERROR InternalError' });
  });

  it('CancelReservation Accepted → Cancelled; Rejected leaves it Reserved and says so', async () => {
    await exchange('ReserveNow', reserve(5), { status: 'Accepted' });
    await exchange('CancelReservation', { reservationId: 5 }, { status: 'Rejected' });
    expect(h.store.reservations.get(5)).toMatchObject({ state: 'Reserved', note: expect.stringContaining('knows no such reservation') });
    await exchange('CancelReservation', { reservationId: 5 }, { status: 'Accepted' });
    expect(h.store.reservations.get(5)?.state).toBe('Cancelled');
  });

  it('a StartTransaction with the reservationId uses it; a retried one changes nothing', async () => {
    await exchange('ReserveNow', reserve(7), { status: 'Accepted' });
    const start = { connectorId: 1, idTag: 'TAG-R', meterStart: 0, timestamp: '2026-01-01T00:01:00Z', reservationId: 7 };
    const reply = (await h.call('CP1', 'StartTransaction', start))[2] as { transactionId: number };
    expect(h.store.reservations.get(7)).toMatchObject({
      state: 'Used',
      transactionId: reply.transactionId,
      note: `used by transaction ${reply.transactionId}`,
    });
    expect(h.store.transactions.get(reply.transactionId)?.reservationId).toBe(7);
    await h.call('CP1', 'StartTransaction', start);
    expect(h.store.reservations.get(7)?.note).toBe(`used by transaction ${reply.transactionId}`);
  });

  it('expires when its expiry passes unused (the injected clock), and not before', async () => {
    await exchange('ReserveNow', reserve(9, '2026-01-01T00:05:00.000Z'), { status: 'Accepted' });
    await h.clock.advance(4 * 60_000);
    expect(h.store.reservations.get(9)?.state).toBe('Reserved');
    await h.clock.advance(60_000);
    expect(h.store.reservations.get(9)).toMatchObject({ state: 'Expired', note: 'expired at 2026-01-01T00:05:00.000Z without being used' });
  });

  it('no answer at all (timeout) → Failed', async () => {
    await h.backend.applyChange('CP1', () =>
      h.store.reservations.create({ chargePointId: 'CP1', connectorId: 1, idTag: 'T', expiryDate: '2026-01-01T00:10:00Z', at: h.clock.iso() }),
    );
    const p = h.backend.sendCall('CP1', 'ReserveNow', reserve(1), { timeoutMs: 1000 }).catch((e: Error) => e);
    await settle();
    const c = h.calls('CP1').at(-1)!;
    await h.event('callFailed', 'CP1', { messageId: c.messageId, reason: 'timeout', description: 'no reply in 1000 ms' });
    await p;
    await h.backend.applyChange('CP1', () => undefined);
    expect(h.store.reservations.get(1)).toMatchObject({ state: 'Failed', chargerStatus: 'timeout' });
  });
});

describe('charging profiles', () => {
  const profile = (id: number, stackLevel = 0) => ({
    chargingProfileId: id,
    stackLevel,
    chargingProfilePurpose: 'TxDefaultProfile',
    chargingProfileKind: 'Relative',
    chargingSchedule: { chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 0, limit: 16 }] },
  });

  it('records each one with the answer; an accepted one replaces the same slot; ClearChargingProfile clears', async () => {
    await exchange('SetChargingProfile', { connectorId: 1, csChargingProfiles: profile(1) }, { status: 'Accepted' });
    await exchange('SetChargingProfile', { connectorId: 1, csChargingProfiles: profile(2, 1) }, { status: 'Rejected' });
    await exchange('SetChargingProfile', { connectorId: 1, csChargingProfiles: profile(3) }, { status: 'Accepted' });
    const rows = h.store.chargingProfiles.ofCharger('CP1');
    expect(rows.map((r) => [r.chargingProfileId, r.status, r.endedBy !== null])).toEqual([
      [3, 'Accepted', false],
      [2, 'Rejected', false],
      [1, 'Accepted', true],
    ]);
    expect(h.store.chargingProfiles.installed('CP1').map((r) => r.chargingProfileId)).toEqual([3]);
    await exchange('ClearChargingProfile', { id: 3 }, { status: 'Accepted' });
    expect(h.store.chargingProfiles.installed('CP1')).toEqual([]);
    expect(h.store.chargingProfiles.ofCharger('CP1')[0]?.endedBy).toMatch(/^cleared by ClearChargingProfile/);
  });
});

describe('configuration', () => {
  it('keeps every ChangeConfiguration answer per key, and when GetConfiguration was read', async () => {
    await exchange(
      'GetConfiguration',
      {},
      {
        configurationKey: [
          { key: 'HeartbeatInterval', readonly: false, value: '60' },
          { key: 'NumberOfConnectors', readonly: true, value: '2' },
        ],
        unknownKey: [],
      },
    );
    expect(h.store.configuration.readInfo('CP1').readAt).toBe(h.clock.iso());
    await exchange('ChangeConfiguration', { key: 'HeartbeatInterval', value: '120' }, { status: 'RebootRequired' });
    await exchange('ChangeConfiguration', { key: 'NumberOfConnectors', value: '3' }, { status: 'Rejected' });
    expect(h.store.configuration.changes('CP1')).toEqual([
      { key: 'HeartbeatInterval', value: '120', status: 'RebootRequired', at: h.clock.iso() },
      { key: 'NumberOfConnectors', value: '3', status: 'Rejected', at: h.clock.iso() },
    ]);
    expect(h.store.chargePoints.get('CP1')?.configuration?.find((k) => k.key === 'HeartbeatInterval')?.value).toBe('120');
    expect(h.store.chargePoints.get('CP1')?.configuration?.find((k) => k.key === 'NumberOfConnectors')?.value).toBe('2');
  });
});

describe('registry and stale transactions', () => {
  it("the charger's own boot answer wins over the bench's policy", async () => {
    await h.backend.applyChange('CP1', () => h.store.registry.update('CP1', { bootPolicy: 'Pending' }));
    expect(((await h.call('CP1', 'BootNotification', BOOT))[2] as { status: string }).status).toBe('Pending');
    await h.backend.applyChange('CP1', () => h.store.registry.update('CP1', { bootPolicy: null }));
    expect(((await h.call('CP1', 'BootNotification', BOOT))[2] as { status: string }).status).toBe('Accepted');
  });

  it("a transaction closed as stale keeps the note when the charger's own StopTransaction arrives later", async () => {
    const tx = (
      (await h.call('CP1', 'StartTransaction', { connectorId: 1, idTag: 'A', meterStart: 100, timestamp: '2026-01-01T00:00:00Z' }))[2] as {
        transactionId: number;
      }
    ).transactionId;
    await h.backend.applyChange('CP1', () => h.store.transactions.closeAsStale({ id: tx, meterStop: 100, note: 'lost', at: h.clock.iso() }));
    expect(h.store.transactions.get(tx)).toMatchObject({ state: 'stale', meterStop: 100, staleClose: { note: 'lost', meterStop: 100 } });
    await h.call('CP1', 'StopTransaction', { transactionId: tx, meterStop: 900, timestamp: '2026-01-01T01:00:00Z' });
    expect(h.store.transactions.get(tx)).toMatchObject({ state: 'stopped', meterStop: 900, staleClose: { note: 'lost' } });
    expect(h.store.transactions.stops(tx)[0]?.outcome).toBe('afterStale');
  });

  it('a removed charger (history kept) is back when it connects again; removed with history, nothing is left', async () => {
    await h.call('CP1', 'StartTransaction', { connectorId: 1, idTag: 'A', meterStart: 0, timestamp: '2026-01-01T00:00:00Z' });
    await h.disconnect('CP1');
    await h.backend.applyChange('CP1', () => h.store.registry.hide('CP1', h.clock.iso()));
    expect(h.store.registry.get('CP1')?.removedAt).not.toBeNull();
    await h.connect('CP1', 'conn-2');
    expect(h.store.registry.get('CP1')?.removedAt).toBeNull();
    expect(h.store.transactions.list({ chargePointId: 'CP1' }).total).toBe(1);
    await h.disconnect('CP1', 'conn-2');
    const n = await h.backend.applyChange('CP1', () => h.store.registry.purge('CP1'));
    expect(n.transactions).toBe(1);
    expect(n.frames).toBeGreaterThan(0);
    expect(h.store.chargePoints.get('CP1')).toBeUndefined();
    expect(h.store.frames.list({ chargePointId: 'CP1' }).total).toBe(0);
  });
});
