/** Local authorization: GetLocalListVersion (§5.9), SendLocalList (§5.15), ClearCache (§5.5). */
import type { Handler } from './types.js';

export const getLocalListVersion: Handler<'GetLocalListVersion'> = (cp) => ({
  conf: { listVersion: cp.config.bool('LocalAuthListEnabled') ? cp.auth.localListVersion : -1 },
});

export const sendLocalList: Handler<'SendLocalList'> = (cp, req) => {
  if (!cp.config.bool('LocalAuthListEnabled')) return { conf: { status: 'NotSupported' } };
  const entries = req.localAuthorizationList ?? [];
  if (entries.length > cp.config.int('SendLocalListMaxLength', 500)) return { conf: { status: 'Failed' } };
  if (req.updateType === 'Differential' && req.listVersion <= cp.auth.localListVersion) return { conf: { status: 'VersionMismatch' } };
  const next = req.updateType === 'Full' ? new Map() : new Map(cp.auth.localList ?? []);
  for (const e of entries) {
    if (e.idTagInfo) next.set(e.idTag, e.idTagInfo);
    else if (req.updateType === 'Differential') next.delete(e.idTag);
    else return { conf: { status: 'Failed' } }; // a full update must give every entry's idTagInfo
  }
  if (next.size > cp.config.int('LocalAuthListMaxLength', 1000)) return { conf: { status: 'Failed' } };
  cp.auth.localList = next.size ? next : null;
  cp.auth.localListVersion = req.listVersion;
  return { conf: { status: 'Accepted' } };
};

export const clearCache: Handler<'ClearCache'> = (cp) => {
  if (!cp.config.bool('AuthorizationCacheEnabled')) return { conf: { status: 'Rejected' } };
  cp.auth.authCache = null;
  return { conf: { status: 'Accepted' } };
};
