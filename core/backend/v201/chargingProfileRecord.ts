/**
 * A 2.0.1 chargingProfile as the charging-profile records keep it (shared with 1.6's): the profile as sent, with
 * `chargingProfileId` (2.0.1's `id`) and our transaction id in place of the charger's string transactionId.
 */
import type { v201 } from '../../ocpp/index.js';
import type { Store } from '../../store/index.js';

export function profileRecordOf(store: Store, chargePointId: string, p: v201.ChargingProfileType) {
  const tx = p.transactionId === undefined ? undefined : store.transactionEvents.find(chargePointId, p.transactionId);
  const { transactionId: _chargerTx, ...rest } = p;
  return { ...rest, chargingProfileId: p.id, ...(tx ? { transactionId: tx.id } : {}) };
}
