/**
 * Connection events from the edge (connect, disconnect), the liveness watchdog's verdict, and presence at start.
 * A late close of a replaced connection (older connectionId) never marks the charger offline.
 */
import type { ConnectEvent, DisconnectEvent } from '../transport/types.js';
import { isProtocolVersion, protocolVersionOr } from '../ocpp/index.js';
import { emptyOutcome, type BackendCore } from './core.js';
import { livenessTimeoutMs } from './chargerPresence.js';
import { eventMs } from './inboundFrame.js';

export async function onConnect(core: BackendCore, event: ConnectEvent): Promise<void> {
  const atMs = eventMs(core, event.at);
  const at = new Date(atMs).toISOString();
  const out = emptyOutcome();
  // The negotiated version; an edge from before versions existed only reports the subprotocol (or none: 1.6).
  const protocol = isProtocolVersion(event.protocol) ? event.protocol : protocolVersionOr(event.subprotocol);
  await core.uow.run(() => {
    if (core.store.connectionEvents.has(event.eventId, event.connectionId, 'connect')) return;
    core.store.chargePoints.ensure(event.chargePointId, at);
    // A charger removed with its history kept is back (the edge let it in: unknown chargers are accepted).
    if (core.store.registry.restore(event.chargePointId))
      core.log.info({ chargePointId: event.chargePointId }, 'a removed charger connected again: it is listed again, with its history');
    core.store.chargePoints.markConnected({
      id: event.chargePointId,
      edgeId: event.edgeId,
      connectionId: event.connectionId,
      remoteAddress: event.remoteAddress,
      subprotocol: event.subprotocol,
      protocol,
      at,
      ms: atMs,
    });
    const spoken = event.subprotocol === protocol ? '' : ` (speaking ${protocol})`;
    core.store.connectionEvents.insert({
      eventId: event.eventId,
      chargePointId: event.chargePointId,
      kind: 'connect',
      edgeId: event.edgeId,
      connectionId: event.connectionId,
      at,
      detail: `${event.remoteAddress} ${event.subprotocol ?? '(no subprotocol)'}${spoken}`,
    });
    const cp = core.store.chargePoints.get(event.chargePointId)!;
    out.events.push({ name: 'chargePoint', payload: { change: 'connected', chargePoint: cp } });
    core.liveness.heard(event.chargePointId, livenessTimeoutMs(core, cp.heartbeatInterval));
  });
  await core.finish(out);
}

export async function onDisconnect(core: BackendCore, event: DisconnectEvent): Promise<void> {
  const atMs = eventMs(core, event.at);
  const at = new Date(atMs).toISOString();
  const out = emptyOutcome();
  await core.uow.run(() => {
    if (core.store.connectionEvents.has(event.eventId, event.connectionId, 'disconnect')) return;
    const cp = core.store.chargePoints.get(event.chargePointId);
    const current = cp?.connectionId === event.connectionId;
    core.store.connectionEvents.insert({
      eventId: event.eventId,
      chargePointId: event.chargePointId,
      kind: 'disconnect',
      edgeId: event.edgeId,
      connectionId: event.connectionId,
      at,
      detail: current
        ? `${event.code} ${event.reason}`.trim()
        : `${event.code} ${event.reason} (a replaced connection closed late; the charger stays online)`.trim(),
    });
    // A late close of a replaced connection must not mark the new connection offline.
    if (!cp || !current) return;
    core.store.chargePoints.markDisconnected(event.chargePointId, at, 'disconnected');
    core.liveness.forget(event.chargePointId);
    out.events.push({ name: 'chargePoint', payload: { change: 'disconnected', chargePoint: core.store.chargePoints.get(event.chargePointId)! } });
    out.afterCommit.push(() => core.autoRemoteStarts.forget(event.chargePointId, `the charger disconnected (${event.code} ${event.reason})`.trim()));
  });
  await core.finish(out);
  // CALLs sent on that connection will never be answered.
  for (const p of core.pending.forCharger(event.chargePointId, event.connectionId)) {
    await core.failCall(p, 'disconnected', `The connection closed (${event.code} ${event.reason}) before the charger answered`);
  }
}

export async function markSilent(core: BackendCore, chargePointId: string): Promise<void> {
  const out = emptyOutcome();
  await core.uow.run(() => {
    const cp = core.store.chargePoints.get(chargePointId);
    if (!cp || !cp.online) return;
    const reason = 'heartbeat timeout';
    core.store.chargePoints.markOffline(chargePointId, reason);
    const missed = core.settings.get().liveness.missedHeartbeats;
    core.store.connectionEvents.insert({
      eventId: null,
      chargePointId,
      kind: 'offline',
      edgeId: cp.edgeId,
      connectionId: cp.connectionId,
      at: new Date(core.clock.now()).toISOString(),
      detail: `silent for ${missed} heartbeat intervals`,
    });
    out.events.push({ name: 'chargePoint', payload: { change: 'offline', chargePoint: core.store.chargePoints.get(chargePointId)! } });
    out.afterCommit.push(() => core.autoRemoteStarts.forget(chargePointId, `the charger went silent for ${missed} heartbeat intervals`));
  });
  await core.finish(out);
}

/**
 * The store may say "online" from a previous run. In-process, no connection survives a restart: all offline.
 * Behind a broker, edges may still hold the sockets: the liveness watchdog decides for each charger.
 */
export async function reconcilePresence(core: BackendCore): Promise<void> {
  if (core.transport.status().kind === 'in-process') {
    const n = await core.uow.run(() => core.store.chargePoints.markAllDisconnected(new Date(core.clock.now()).toISOString(), 'backend restarted'));
    if (n > 0) core.log.info({ chargers: n }, 'marked chargers from the previous run offline');
    return;
  }
  for (const cp of core.store.chargePoints.onlineIds()) core.liveness.heard(cp.id, livenessTimeoutMs(core, cp.heartbeatInterval));
}
