/**
 * The charging-profile records the central system keeps per charger and connector (2.0.1: per EVSE, the connector
 * column holds the evseId), one implementation for both versions; only where a request keeps its fields differs:
 * - a SetChargingProfile with its answer (Accepted, Rejected, NotSupported, CALLERROR; 'timeout' / 'failed' when
 *   none came: unansweredCalls.ts): an accepted one ends the installed ones it supersedes (same chargingProfileId,
 *   or same connector / EVSE, purpose and stack level: OCPP 1.6 §3.13.2, 2.0.1 K01.FR.05/06);
 * - an accepted ClearChargingProfile ends the installed profiles it matches (by id, else by the criteria given).
 * A 2.0.1 profile is kept as 1.6 keeps it: `chargingProfileId` (2.0.1's `id`), our transaction id in place of the
 * charger's string transactionId.
 */
import type { RequestOf, v201 } from '../ocpp/index.js';
import type { ChargingProfileSentRow, Store } from '../store/index.js';
import type { SentProfileInput } from '../store/chargingProfiles.js';

export type SetProfileRequest =
  { protocol: 'ocpp1.6'; request: RequestOf<'SetChargingProfile'> } | { protocol: 'ocpp2.0.1'; request: v201.SetChargingProfileRequest };

export type ClearProfileRequest =
  { protocol: 'ocpp1.6'; request: RequestOf<'ClearChargingProfile'> } | { protocol: 'ocpp2.0.1'; request: v201.ClearChargingProfileRequest };

interface Where {
  readonly store: Store;
  readonly chargePointId: string;
  /** When it was answered (or failed). */
  readonly nowIso: string;
}

/** The connector (1.6) or EVSE (2.0.1) and the profile as the records keep it. */
function sentOf(store: Store, chargePointId: string, s: SetProfileRequest): { slot: number; profile: SentProfileInput['profile'] } {
  if (s.protocol === 'ocpp1.6') return { slot: s.request.connectorId, profile: s.request.csChargingProfiles };
  const { transactionId: chargerTx, ...rest } = s.request.chargingProfile;
  const tx = chargerTx === undefined ? undefined : store.transactionEvents.find(chargePointId, chargerTx);
  return { slot: s.request.evseId, profile: { ...rest, chargingProfileId: rest.id, ...(tx ? { transactionId: tx.id } : {}) } };
}

/** ClearChargingProfile's filter, whichever version wrote it. */
function filterOf(c: ClearProfileRequest): {
  id?: number | undefined;
  slot?: number | undefined;
  purpose?: string | undefined;
  stackLevel?: number | undefined;
} {
  if (c.protocol === 'ocpp1.6')
    return { id: c.request.id, slot: c.request.connectorId, purpose: c.request.chargingProfilePurpose, stackLevel: c.request.stackLevel };
  const k = c.request.chargingProfileCriteria ?? {};
  return { id: c.request.chargingProfileId, slot: k.evseId, purpose: k.chargingProfilePurpose, stackLevel: k.stackLevel };
}

/** Records a SetChargingProfile and its outcome; an Accepted one first ends the installed profiles it supersedes. */
export function recordSetChargingProfile(w: Where & { messageId: string }, s: SetProfileRequest, status: string): ChargingProfileSentRow {
  const { slot, profile: p } = sentOf(w.store, w.chargePointId, s);
  if (status === 'Accepted') {
    for (const old of w.store.chargingProfiles.installed(w.chargePointId)) {
      const sameSlot = old.connectorId === slot && old.purpose === p.chargingProfilePurpose && old.stackLevel === p.stackLevel;
      if (old.chargingProfileId === p.chargingProfileId || sameSlot)
        w.store.chargingProfiles.end(old.id, `replaced by chargingProfileId ${p.chargingProfileId} at ${w.nowIso}`, w.nowIso);
    }
  }
  return w.store.chargingProfiles.recordSent({ chargePointId: w.chargePointId, connectorId: slot, messageId: w.messageId, profile: p, status, at: w.nowIso });
}

/** An accepted ClearChargingProfile: ends the installed profiles its filter matches (by id, else by the criteria). */
export function recordClearChargingProfile(w: Where, c: ClearProfileRequest): void {
  const f = filterOf(c);
  for (const p of w.store.chargingProfiles.installed(w.chargePointId)) {
    const match =
      f.id !== undefined
        ? p.chargingProfileId === f.id
        : (f.slot === undefined || p.connectorId === f.slot) &&
          (f.purpose === undefined || p.purpose === f.purpose) &&
          (f.stackLevel === undefined || p.stackLevel === f.stackLevel);
    if (match) w.store.chargingProfiles.end(p.id, `cleared by ClearChargingProfile at ${w.nowIso}`, w.nowIso);
  }
}
