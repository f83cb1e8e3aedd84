/**
 * OCPP 2.0.1 id tokens against the same id-tag list and policies as 1.6 (core/backend/authorization.ts): the
 * token's value is the tag, whatever its type (ISO14443, ISO15693, eMAID, KeyCode, Local, MacAddress, Central);
 * NoAuthorization (a charger that authorizes nothing) is Accepted — there is nothing to check. The answer in
 * 2.0.1 terms: the expiry date becomes cacheExpiryDateTime, the parent tag a Central groupIdToken.
 */
import type { Settings } from '../../config/index.js';
import type { Store } from '../../store/index.js';
import type { v201 } from '../../ocpp/index.js';
import { authorizeIdTag } from '../authorization.js';

export function authorizeIdToken(store: Store, settings: Readonly<Settings>, token: v201.IdTokenType, nowMs: number): v201.IdTokenInfoType {
  if (token.type === 'NoAuthorization') return { status: 'Accepted' };
  const info = authorizeIdTag(store, settings, token.idToken, nowMs);
  const out: v201.IdTokenInfoType = { status: info.status };
  if (info.expiryDate) out.cacheExpiryDateTime = info.expiryDate;
  if (info.parentIdTag) out.groupIdToken = { idToken: info.parentIdTag, type: 'Central' };
  return out;
}
