/** Builds the context a chain runs with. */
import type { ConnectionRef } from '../transport/types.js';
import { isoTime } from '../util/isoTime.js';
import type { ProtocolVersion } from '../ocpp/index.js';
import type { BackendEventMap, BackendEventName } from './events.js';
import type { BackendCore, Outcome } from './core.js';

export function contextBase(core: BackendCore, p: { ref: ConnectionRef; messageId: string; frameId: number; out: Outcome; protocol: ProtocolVersion }) {
  const nowMs = core.clock.now();
  const { store } = core;
  const chargePointId = p.ref.chargePointId;
  return {
    chargePointId,
    protocol: p.protocol,
    messageId: p.messageId,
    connection: p.ref,
    store,
    settings: core.settings.get(),
    nowMs,
    nowIso: isoTime(nowMs),
    frameId: p.frameId,
    sideEffects: p.out.sideEffects,
    autoRemoteStarts: {
      request(connectorId: number) {
        p.out.afterCommit.push(() => core.autoRemoteStarts.request(chargePointId, connectorId, p.ref.connectionId, p.protocol));
      },
    },
    emit<K extends BackendEventName>(name: K, payload: BackendEventMap[K]) {
      p.out.events.push({ name, payload } as never);
    },
    chargePoint: () => store.chargePoints.get(chargePointId),
    state: {} as Record<string, unknown>,
    log: core.log,
  };
}
