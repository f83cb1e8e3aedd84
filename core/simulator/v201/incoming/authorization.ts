/** ClearCache (C11), GetLocalListVersion (D02), SendLocalList (D01). */
import type { Handler } from './types.js';

export const clearCache: Handler<'ClearCache'> = (cp) => {
  if (!cp.dm.bool('AuthCacheCtrlr', 'Enabled'))
    return {
      conf: { status: 'Rejected', statusInfo: { reasonCode: 'CacheDisabled' } },
    };
  cp.state.authCache.clear();
  return { conf: { status: 'Accepted' } };
};

export const getLocalListVersion: Handler<'GetLocalListVersion'> = (cp) => ({
  conf: {
    versionNumber: cp.dm.bool('LocalAuthListCtrlr', 'Enabled') ? cp.state.localListVersion : 0,
  },
});

export const sendLocalList: Handler<'SendLocalList'> = (cp, req) => {
  const st = cp.state;
  if (!cp.dm.bool('LocalAuthListCtrlr', 'Enabled'))
    return {
      conf: {
        status: 'Failed',
        statusInfo: { reasonCode: 'LocalListDisabled' },
      },
    };
  const entries = req.localAuthorizationList ?? [];
  if (entries.length > cp.dm.int('LocalAuthListCtrlr', 'ItemsPerMessage', 100))
    return {
      conf: { status: 'Failed', statusInfo: { reasonCode: 'TooManyItems' } },
    };
  if (req.updateType === 'Differential' && req.versionNumber <= st.localListVersion) return { conf: { status: 'VersionMismatch' } };
  if (req.updateType === 'Full') st.localList.clear();
  for (const a of entries) {
    if (a.idTokenInfo) st.localList.set(a.idToken.idToken, a.idTokenInfo);
    else st.localList.delete(a.idToken.idToken);
  }
  st.localListVersion = req.versionNumber;
  cp.dm.setInternal('LocalAuthListCtrlr', 'Entries', String(st.localList.size));
  return { conf: { status: 'Accepted' } };
};
