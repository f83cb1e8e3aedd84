/**
 * Authorization of id tags against the id-tag list: Accepted / Blocked / Expired / Invalid / ConcurrentTx,
 * expiry dates, parent tags, and the "accept unknown tags" switch (default on, as the seed).
 */
import type { AuthorizeResponse } from '../ocpp/index.js';
import type { Settings } from '../config/index.js';
import type { Store } from '../store/index.js';

export type IdTagInfo = AuthorizeResponse['idTagInfo'];

export function authorizeIdTag(store: Store, settings: Readonly<Settings>, idTag: string, nowMs: number): IdTagInfo {
  const entry = store.idTags.get(idTag);
  const info: IdTagInfo = { status: entry ? entry.status : settings.auth.acceptUnknown ? 'Accepted' : 'Invalid' };
  if (entry?.expiryDate) info.expiryDate = entry.expiryDate;
  if (entry?.parentIdTag) info.parentIdTag = entry.parentIdTag;
  if (info.status === 'Accepted' && entry?.expiryDate && Date.parse(entry.expiryDate) <= nowMs) info.status = 'Expired';
  if (info.status === 'Accepted' && settings.auth.rejectConcurrentTx && store.transactions.activeForIdTag(idTag).length > 0) {
    info.status = 'ConcurrentTx';
  }
  return info;
}
