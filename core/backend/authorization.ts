/**
 * Authorization of id tags against the id-tag list: Accepted / Blocked / Expired / Invalid / ConcurrentTx,
 * expiry dates, parent tags, and the "accept unknown tags" switch (default on, as the seed). In conformance
 * mode unknown tags are Invalid whatever that switch says (OCPP 1.6, as the OCA test cases expect). The
 * AutoRemoteStart free-vend tag is this central system's own: Accepted unless the id-tag list says otherwise.
 */
import type { IdTagInfo } from '../ocpp/index.js';
import type { Settings } from '../config/index.js';
import type { Store } from '../store/index.js';

export type { IdTagInfo };

/** Whether a tag missing from the id-tag list is Accepted under these settings. */
export function acceptsUnknownTag(settings: Readonly<Settings>, idTag: string): boolean {
  if (settings.conformance) return false;
  return settings.auth.acceptUnknown || idTag === settings.autoRemoteStart.idTag;
}

export function authorizeIdTag(store: Store, settings: Readonly<Settings>, idTag: string, nowMs: number): IdTagInfo {
  const entry = store.idTags.get(idTag);
  const info: IdTagInfo = { status: entry ? entry.status : acceptsUnknownTag(settings, idTag) ? 'Accepted' : 'Invalid' };
  if (entry?.expiryDate) info.expiryDate = entry.expiryDate;
  if (entry?.parentIdTag) info.parentIdTag = entry.parentIdTag;
  if (info.status === 'Accepted' && entry?.expiryDate && Date.parse(entry.expiryDate) <= nowMs) info.status = 'Expired';
  if (info.status === 'Accepted' && settings.auth.rejectConcurrentTx && store.transactions.activeForIdTag(idTag).length > 0) {
    info.status = 'ConcurrentTx';
  }
  return info;
}
