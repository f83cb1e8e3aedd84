/**
 * State the central system keeps also follows CALLs that got no reply (timeout, charger gone, queue full): the
 * reply middleware never runs for those. A ReserveNow still Requested becomes Failed; a SetChargingProfile is
 * recorded with that outcome; a ChangeConfiguration's key shows it. Whatever route sent the CALL.
 */
import type { BackendCore } from './core.js';
import type { BackendEventMap } from './events.js';
import type { RequestOf } from '../ocpp/index.js';

export function trackUnansweredCalls(core: BackendCore, serialize: <T>(chargePointId: string, fn: () => Promise<T>) => Promise<T>): () => void {
  return core.events.on('callFailed', (e) => {
    if (!e.payload || core.isStopped()) return;
    if (e.action !== 'ReserveNow' && e.action !== 'SetChargingProfile' && e.action !== 'ChangeConfiguration') return;
    void serialize(e.chargePointId, () => record(core, e)).catch((err: unknown) => core.log.error({ err, action: e.action }, 'could not record an unanswered CALL'));
  });
}

async function record(core: BackendCore, e: BackendEventMap['callFailed']): Promise<void> {
  const { store } = core;
  const at = new Date(core.clock.now()).toISOString();
  const status = e.reason === 'timeout' ? 'timeout' : 'failed';
  const note = e.reason === 'timeout' ? `no answer to ReserveNow in time: ${e.description}` : `ReserveNow got no answer (${e.reason}): ${e.description}`;
  const emitted = await core.uow.run((): Array<() => void> => {
    if (e.action === 'ReserveNow') {
      const req = e.payload as unknown as RequestOf<'ReserveNow'>;
      const r = store.reservations.get(req.reservationId);
      if (!r || r.chargePointId !== e.chargePointId || r.state !== 'Requested') return [];
      const row = store.reservations.setState(r.id, { state: 'Failed', chargerStatus: status, note, at });
      return row ? [() => core.events.emit('reservation', row)] : [];
    }
    if (e.action === 'SetChargingProfile') {
      const req = e.payload as unknown as RequestOf<'SetChargingProfile'>;
      const record = store.chargingProfiles.recordSent({ chargePointId: e.chargePointId, connectorId: req.connectorId, messageId: e.messageId, profile: req.csChargingProfiles, status, at });
      return [() => core.events.emit('chargingProfile', { chargePointId: e.chargePointId, record })];
    }
    const req = e.payload as unknown as RequestOf<'ChangeConfiguration'>;
    store.configuration.recordChange(e.chargePointId, { key: req.key, value: req.value, status, at });
    return [() => core.events.emit('configuration', { chargePointId: e.chargePointId })];
  });
  for (const fn of emitted) fn();
}
