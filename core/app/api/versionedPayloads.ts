/**
 * The API's operator commands (reserve, charging profiles) in each charger's own OCPP version: the same request
 * becomes a 1.6 or a 2.0.1 payload. 2.0.1 names the EVSE where 1.6 names the connector (the API's connectorId),
 * an id token with its type where 1.6 has an id tag, its own profile shape, and the charger's string transactionId
 * where 1.6 has ours.
 */
import type { ProtocolVersion } from '../../ocpp/index.js';
import type { Store } from '../../store/index.js';

export function reserveNowPayload(
  protocol: ProtocolVersion,
  p: { reservationId: number; connectorId: number; idTag: string; idTokenType?: string | undefined; parentIdTag?: string | undefined; expiryDate: string },
): Record<string, unknown> {
  if (protocol === 'ocpp2.0.1') {
    return {
      id: p.reservationId,
      expiryDateTime: p.expiryDate,
      idToken: { idToken: p.idTag, type: p.idTokenType ?? 'Central' },
      ...(p.connectorId > 0 ? { evseId: p.connectorId } : {}),
      ...(p.parentIdTag ? { groupIdToken: { idToken: p.parentIdTag, type: 'Central' } } : {}),
    };
  }
  return {
    connectorId: p.connectorId,
    expiryDate: p.expiryDate,
    idTag: p.idTag,
    reservationId: p.reservationId,
    ...(p.parentIdTag ? { parentIdTag: p.parentIdTag } : {}),
  };
}

/** SetChargingProfile; `profile` is in the charger's version's shape; transactionId is ours (mapped to the charger's for 2.0.1). */
export function setChargingProfilePayload(
  store: Store,
  protocol: ProtocolVersion,
  connectorId: number,
  profile: Record<string, unknown>,
  transactionId: number | undefined,
): Record<string, unknown> {
  if (protocol === 'ocpp2.0.1') {
    const tx = transactionId === undefined ? undefined : store.transactions.get(transactionId);
    return { evseId: connectorId, chargingProfile: { ...profile, ...(tx?.chargerTransactionId ? { transactionId: tx.chargerTransactionId } : {}) } };
  }
  return { connectorId, csChargingProfiles: { ...profile, ...(transactionId !== undefined ? { transactionId } : {}) } };
}

/** The profile id of a SetChargingProfile's profile, in either shape. */
export const profileIdOf = (protocol: ProtocolVersion, profile: Record<string, unknown>): unknown =>
  protocol === 'ocpp2.0.1' ? profile.id : profile.chargingProfileId;

export function clearChargingProfilePayload(
  protocol: ProtocolVersion,
  req: { id?: number | undefined; connectorId?: number | undefined; chargingProfilePurpose?: string | undefined; stackLevel?: number | undefined },
): Record<string, unknown> {
  if (protocol !== 'ocpp2.0.1') return req;
  const criteria = {
    ...(req.connectorId !== undefined ? { evseId: req.connectorId } : {}),
    ...(req.chargingProfilePurpose !== undefined ? { chargingProfilePurpose: req.chargingProfilePurpose } : {}),
    ...(req.stackLevel !== undefined ? { stackLevel: req.stackLevel } : {}),
  };
  return { ...(req.id !== undefined ? { chargingProfileId: req.id } : {}), ...(Object.keys(criteria).length ? { chargingProfileCriteria: criteria } : {}) };
}
