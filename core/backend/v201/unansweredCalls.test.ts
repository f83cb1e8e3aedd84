/** A 2.0.1 ReserveNow or SetChargingProfile that gets no reply is recorded as for 1.6 (core/backend/unansweredCalls.ts). */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Harness } from '../testing/harness.js';
import { bootedStation201 } from './testing/bootedStation.js';
import { waitFor } from '../../edge/testing/wsClient.js';
import { ts201 } from './testing/frames201.js';

let h: Harness;
beforeEach(async () => {
  h = await bootedStation201();
});
afterEach(() => h.close());

async function timeOut(n: number, pending: Promise<unknown>): Promise<void> {
  await waitFor(() => h.calls('CS1').length >= n, 3000, `server CALL #${n}`);
  await h.event('callFailed', 'CS1', { messageId: h.calls('CS1')[n - 1]!.messageId, reason: 'timeout', description: 'no reply in 1000 ms' }, 'c1');
  await expect(pending).rejects.toMatchObject({ reason: 'timeout' });
}

describe('unanswered 2.0.1 CALLs', () => {
  it('ReserveNow without a reply: the Requested reservation becomes Failed; SetChargingProfile: recorded as timeout', async () => {
    const r = h.store.reservations.create({ chargePointId: 'CS1', connectorId: 1, idTag: 'T', expiryDate: ts201(600), at: h.clock.iso() });
    await timeOut(
      1,
      h.backend.sendVersionedCall('ocpp2.0.1', 'CS1', 'ReserveNow', {
        id: r.id,
        expiryDateTime: ts201(600),
        idToken: { idToken: 'T', type: 'Central' },
        evseId: 1,
      }),
    );
    await waitFor(() => h.store.reservations.get(r.id)?.state === 'Failed', 3000, 'Failed');
    expect(h.store.reservations.get(r.id)).toMatchObject({ state: 'Failed', chargerStatus: 'timeout' });
    const profile = {
      id: 5,
      stackLevel: 0,
      chargingProfilePurpose: 'TxDefaultProfile' as const,
      chargingProfileKind: 'Relative' as const,
      chargingSchedule: [{ id: 1, chargingRateUnit: 'W' as const, chargingSchedulePeriod: [{ startPeriod: 0, limit: 7000 }] }],
    };
    await timeOut(2, h.backend.sendVersionedCall('ocpp2.0.1', 'CS1', 'SetChargingProfile', { evseId: 1, chargingProfile: profile }));
    await waitFor(() => h.store.chargingProfiles.ofCharger('CS1').length === 1, 3000, 'the record');
    expect(h.store.chargingProfiles.ofCharger('CS1')[0]).toMatchObject({
      chargingProfileId: 5,
      connectorId: 1,
      status: 'timeout',
      purpose: 'TxDefaultProfile',
    });
  });
});
