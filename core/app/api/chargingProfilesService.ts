/**
 * Charging profiles: sending one (given, or from the library), clearing, the records per charger with which are
 * installed, and the saved-profile library. The reply middleware and the unanswered-CALL tracker (core/backend)
 * record every SetChargingProfile, whatever route sent it.
 */
import type { ApiServices } from '../../api/services.js';
import type { ChargingProfileRecord, LibraryProfile } from '../../api/types.js';
import { notFound } from '../../api/errors.js';
import type { ChargingProfileSentRow, LibraryProfileRow } from '../../store/index.js';
import type { BenchApiDeps } from './deps.js';
import { clearChargingProfilePayload, profileIdOf, setChargingProfilePayload } from './versionedPayloads.js';

const libraryView = (r: LibraryProfileRow): LibraryProfile => ({ ...r });

export function createChargingProfilesService(deps: BenchApiDeps, commands: ApiServices['commands']): ApiServices['chargingProfiles'] {
  const { backend } = deps;
  const { store } = backend;
  const now = (): string => new Date(deps.now?.() ?? Date.now()).toISOString();

  function recordView(r: ChargingProfileSentRow): ChargingProfileRecord {
    const { messageId: _m, endedAt, endedBy, ...rest } = r;
    let ended = endedBy;
    if (!endedAt && r.status === 'Accepted' && r.purpose === 'TxProfile' && r.transactionId !== null) {
      const tx = store.transactions.get(r.transactionId);
      if (tx && tx.state !== 'active') ended = `ended with transaction ${r.transactionId}`;
    }
    return { ...rest, installed: r.status === 'Accepted' && !ended, endedBy: ended };
  }

  return {
    list: (chargePointId) => store.chargingProfiles.ofCharger(chargePointId).map(recordView),
    async send(chargePointId, req) {
      const saved = req.library !== undefined ? store.chargingProfiles.libraryGet(req.library) : undefined;
      if (req.library !== undefined && !saved) throw notFound(`No saved charging profile "${req.library}"`);
      const protocol = store.chargePoints.get(chargePointId)?.protocol ?? 'ocpp1.6';
      const profile = { ...((saved?.profile ?? req.profile) as Record<string, unknown>) };
      const started = now();
      const result = await commands.send(
        chargePointId,
        'SetChargingProfile',
        setChargingProfilePayload(store, protocol, req.connectorId, profile, req.transactionId),
        req.timeoutMs,
      );
      const record = await backend.applyChange(chargePointId, () => {
        const r = store.chargingProfiles
          .ofCharger(chargePointId, 20)
          .find((x) => x.chargingProfileId === profileIdOf(protocol, profile) && x.connectorId === req.connectorId && x.sentAt >= started);
        if (r && req.library !== undefined) store.chargingProfiles.setLibraryName(r.id, req.library);
        return r ? store.chargingProfiles.byCall(chargePointId, r.messageId) : undefined;
      });
      return { record: record ? recordView(record) : null, result };
    },
    async clear(chargePointId, req) {
      const before = store.chargingProfiles.installed(chargePointId).length;
      const protocol = store.chargePoints.get(chargePointId)?.protocol ?? 'ocpp1.6';
      const result = await commands.send(chargePointId, 'ClearChargingProfile', clearChargingProfilePayload(protocol, req));
      const after = await backend.applyChange(chargePointId, () => store.chargingProfiles.installed(chargePointId).length);
      return { result, cleared: Math.max(0, before - after) };
    },
    library: () => store.chargingProfiles.library().map(libraryView),
    async save(name, description, profile) {
      return libraryView(await backend.applyChange(null, () => store.chargingProfiles.librarySave({ name, description, profile, at: now() })));
    },
    remove: (name) => backend.applyChange(null, () => store.chargingProfiles.libraryDelete(name)),
  };
}
