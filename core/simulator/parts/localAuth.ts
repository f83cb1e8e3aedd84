/**
 * Local authorization (OCPP 1.6): the local authorization list (SendLocalList), the authorization cache, and
 * Authorize as the configuration says (LocalPreAuthorize, LocalAuthorizeOffline, AllowOfflineTxForUnknownId).
 */
import type { IdTagInfo } from '../../ocpp/index.js';
import type { Calls } from './calls.js';
import type { ChargerState } from './state.js';

export class LocalAuth {
  localList: Map<string, IdTagInfo> | null = null;
  localListVersion = 0;
  authCache: Map<string, IdTagInfo> | null = null;

  constructor(
    private readonly s: ChargerState,
    private readonly calls: Calls,
  ) {}

  /** Authorizes an idTag: local list / cache when allowed, else Authorize.req; offline per LocalAuthorizeOffline. */
  async authorize(idTag: string): Promise<IdTagInfo> {
    const config = this.s.config;
    const local = this.localList?.get(idTag) ?? (config.bool('AuthorizationCacheEnabled') ? this.authCache?.get(idTag) : undefined);
    if (local?.status === 'Accepted' && config.bool('LocalPreAuthorize')) return local;
    if (!this.s.isOnline || this.s.registration !== 'Accepted') {
      if (local && config.bool('LocalAuthorizeOffline')) return local;
      return { status: config.bool('AllowOfflineTxForUnknownId') ? 'Accepted' : 'Invalid' };
    }
    const conf = await this.calls.call('Authorize', { idTag });
    if (config.bool('AuthorizationCacheEnabled')) (this.authCache ??= new Map()).set(idTag, conf.idTagInfo);
    return conf.idTagInfo;
  }
}
