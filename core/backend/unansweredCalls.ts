/**
 * State the central system keeps also follows CALLs that got no reply (timeout, charger gone, queue full): the
 * reply middleware never runs for those. A ReserveNow still Requested becomes Failed; a SetChargingProfile is
 * recorded with that outcome; a ChangeConfiguration's key shows it. Whatever route sent the CALL, in either
 * version's payload (2.0.1: ReserveNow's `id`, SetChargingProfile's `evseId` / `chargingProfile`).
 */
import type { BackendCore } from './core.js';
import type { BackendEventMap } from './events.js';
import type { RequestOf, v201 } from '../ocpp/index.js';
import { recordSetChargingProfile, type SetProfileRequest } from './chargingProfileRecords.js';

export function trackUnansweredCalls(core: BackendCore, serialize: <T>(chargePointId: string, fn: () => Promise<T>) => Promise<T>): () => void {
  return core.events.on('callFailed', (e) => {
    if (!e.payload || core.isStopped()) return;
    if (e.action !== 'ReserveNow' && e.action !== 'SetChargingProfile' && e.action !== 'ChangeConfiguration') return;
    void serialize(e.chargePointId, () => record(core, e)).catch((err: unknown) =>
      core.log.error({ err, action: e.action }, 'could not record an unanswered CALL'),
    );
  });
}

async function record(core: BackendCore, e: BackendEventMap['callFailed']): Promise<void> {
  const { store } = core;
  const at = new Date(core.clock.now()).toISOString();
  const status = e.reason === 'timeout' ? 'timeout' : 'failed';
  const note = e.reason === 'timeout' ? `no answer to ReserveNow in time: ${e.description}` : `ReserveNow got no answer (${e.reason}): ${e.description}`;
  const v201 = store.chargePoints.get(e.chargePointId)?.protocol === 'ocpp2.0.1';
  const emitted = await core.uow.run((): Array<() => void> => {
    if (e.action === 'ReserveNow') {
      const id = v201 ? (e.payload as unknown as v201.ReserveNowRequest).id : (e.payload as unknown as RequestOf<'ReserveNow'>).reservationId;
      const r = store.reservations.get(id);
      if (!r || r.chargePointId !== e.chargePointId || r.state !== 'Requested') return [];
      const row = store.reservations.setState(r.id, { state: 'Failed', chargerStatus: status, note, at });
      return row ? [() => core.events.emit('reservation', row)] : [];
    }
    if (e.action === 'SetChargingProfile') {
      const sent: SetProfileRequest = v201
        ? { protocol: 'ocpp2.0.1', request: e.payload as unknown as v201.SetChargingProfileRequest }
        : { protocol: 'ocpp1.6', request: e.payload as unknown as RequestOf<'SetChargingProfile'> };
      const record = recordSetChargingProfile({ store, chargePointId: e.chargePointId, messageId: e.messageId, nowIso: at }, sent, status);
      return [() => core.events.emit('chargingProfile', { chargePointId: e.chargePointId, record })];
    }
    const req = e.payload as unknown as RequestOf<'ChangeConfiguration'>;
    store.configuration.recordChange(e.chargePointId, { key: req.key, value: req.value, status, at });
    return [() => core.events.emit('configuration', { chargePointId: e.chargePointId })];
  });
  for (const fn of emitted) fn();
}
