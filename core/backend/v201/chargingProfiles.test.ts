/**
 * The charging-profile records for a 2.0.1 station (one implementation with 1.6's: core/backend/chargingProfileRecords.ts):
 * each SetChargingProfile answer recorded per EVSE, an accepted one ending those it supersedes (same id, or same
 * EVSE, purpose and stack level), the charger's transactionId kept as our transaction's id, and an accepted
 * ClearChargingProfile ending what its id or criteria match.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Harness } from '../testing/harness.js';
import { bootedStation201 } from './testing/bootedStation.js';
import { waitFor } from '../../edge/testing/wsClient.js';
import { txEvent } from './testing/frames201.js';

let h: Harness;
beforeEach(async () => {
  h = await bootedStation201();
});
afterEach(() => h.close());

const profile = (id: number, stackLevel = 0, purpose = 'TxDefaultProfile', transactionId?: string) => ({
  id,
  stackLevel,
  chargingProfilePurpose: purpose,
  chargingProfileKind: 'Relative',
  ...(transactionId ? { transactionId } : {}),
  chargingSchedule: [{ id: 1, chargingRateUnit: 'W', chargingSchedulePeriod: [{ startPeriod: 0, limit: 7000 }] }],
});

/** The backend sends a 2.0.1 CALL; the station answers it with `answer`. */
async function exchange(action: string, payload: Record<string, unknown>, answer: Record<string, unknown>): Promise<void> {
  const n = h.calls('CS1').length;
  const p = h.backend.sendVersionedCall('ocpp2.0.1', 'CS1', action as never, payload as never);
  await waitFor(() => h.calls('CS1').length > n, 3000, `${action} sent`);
  await h.raw('CS1', JSON.stringify([3, h.calls('CS1')[n]!.messageId, answer]), { connectionId: 'c1' });
  await p;
}

const records = () =>
  h.store.chargingProfiles.ofCharger('CS1').map((r) => [r.chargingProfileId, r.connectorId, r.status, r.endedBy?.replace(/ at .*/, '') ?? null]);

describe('2.0.1 charging-profile records', () => {
  it('records each answer per EVSE; an accepted profile replaces the same id or slot; ClearChargingProfile by criteria and by id', async () => {
    await exchange('SetChargingProfile', { evseId: 1, chargingProfile: profile(1) }, { status: 'Accepted' });
    await exchange('SetChargingProfile', { evseId: 2, chargingProfile: profile(2) }, { status: 'Accepted' });
    await exchange('SetChargingProfile', { evseId: 1, chargingProfile: profile(3, 1) }, { status: 'Rejected' });
    await exchange('SetChargingProfile', { evseId: 1, chargingProfile: profile(4) }, { status: 'Accepted' }); // same EVSE, purpose, level as 1
    await exchange('SetChargingProfile', { evseId: 0, chargingProfile: profile(2, 3, 'ChargingStationMaxProfile') }, { status: 'Accepted' }); // same id as 2
    expect(records()).toEqual([
      [2, 0, 'Accepted', null],
      [4, 1, 'Accepted', null],
      [3, 1, 'Rejected', null],
      [2, 2, 'Accepted', 'replaced by chargingProfileId 2'],
      [1, 1, 'Accepted', 'replaced by chargingProfileId 4'],
    ]);
    await exchange('ClearChargingProfile', { chargingProfileCriteria: { evseId: 2 } }, { status: 'Accepted' }); // nothing installed there now
    expect(h.store.chargingProfiles.installed('CS1').map((r) => r.chargingProfileId)).toEqual([4, 2]);
    await exchange('ClearChargingProfile', { chargingProfileCriteria: { evseId: 1, chargingProfilePurpose: 'TxDefaultProfile' } }, { status: 'Accepted' });
    expect(h.store.chargingProfiles.installed('CS1').map((r) => r.chargingProfileId)).toEqual([2]);
    await exchange('ClearChargingProfile', { chargingProfileId: 2 }, { status: 'Unknown' });
    expect(h.store.chargingProfiles.installed('CS1').map((r) => r.chargingProfileId)).toEqual([2]);
    await exchange('ClearChargingProfile', { chargingProfileId: 2 }, { status: 'Accepted' });
    expect(h.store.chargingProfiles.installed('CS1')).toEqual([]);
    expect(records()[0]).toEqual([2, 0, 'Accepted', 'cleared by ClearChargingProfile']);
  });

  it("a TxProfile keeps our transaction's id in place of the station's transactionId", async () => {
    await h.call('CS1', 'TransactionEvent', txEvent('Started', 'TX-201-A', 0, 0), { connectionId: 'c1' });
    const tx = h.store.transactionEvents.find('CS1', 'TX-201-A');
    expect(tx).toBeDefined();
    await exchange('SetChargingProfile', { evseId: 1, chargingProfile: profile(7, 0, 'TxProfile', 'TX-201-A') }, { status: 'Accepted' });
    const [row] = h.store.chargingProfiles.ofCharger('CS1');
    expect(row).toMatchObject({ chargingProfileId: 7, connectorId: 1, purpose: 'TxProfile', transactionId: tx!.id });
    expect(row!.profile).toMatchObject({ id: 7, chargingProfileId: 7, transactionId: tx!.id });
  });
});
