/** Keeps the charge point row's presence up to date when a frame arrives (inside the frame's DB transaction). */
import type { ConnectionRef } from '../transport/types.js';
import type { ProtocolVersion } from '../ocpp/index.js';
import type { BackendCore, Outcome } from './core.js';

export function livenessTimeoutMs(core: BackendCore, heartbeatInterval: number | null): number {
  const s = core.settings.get();
  return s.liveness.missedHeartbeats * (heartbeatInterval ?? s.heartbeatInterval) * 1000;
}

/**
 * Creates the row on first sight, counts the frame as a sign of life, and adopts the connection if none is known.
 * Returns the frame's OCPP version: `protocol` (the edge's stamp) when given, else the one recorded for its
 * connection (events from edges that did not stamp it), else 1.6.
 */
export function noteFrameFrom(core: BackendCore, ref: ConnectionRef, atIso: string, atMs: number, out: Outcome, protocol?: ProtocolVersion): ProtocolVersion {
  const { store } = core;
  // The common case in one statement: a known charger, already online, just seen again.
  let before = store.chargePoints.seen(ref.chargePointId, atIso, atMs);
  if (!before) {
    store.chargePoints.ensure(ref.chargePointId, atIso);
    before = store.chargePoints.presence(ref.chargePointId);
  }
  if (before && before.connectionId === null && ref.connectionId) {
    // The connect event was lost (e.g. backend restarted behind a broker): the frame proves the connection.
    store.chargePoints.markConnected({
      id: ref.chargePointId,
      edgeId: ref.edgeId,
      connectionId: ref.connectionId,
      remoteAddress: before.remoteAddress ?? '',
      subprotocol: before.subprotocol,
      protocol: protocol ?? before.protocol,
      at: atIso,
      ms: atMs,
    });
  } else if (!before?.online) {
    store.chargePoints.touch(ref.chargePointId, atIso, atMs);
  }
  if (!before?.online) {
    const after = store.chargePoints.get(ref.chargePointId);
    if (after?.online) out.events.push({ name: 'chargePoint', payload: { change: before?.connectionId ? 'online' : 'connected', chargePoint: after } });
  }
  core.liveness.heard(ref.chargePointId, livenessTimeoutMs(core, before?.heartbeatInterval ?? null));
  if (protocol) return protocol;
  return before && (before.connectionId === ref.connectionId || before.connectionId === null) ? before.protocol : 'ocpp1.6';
}
