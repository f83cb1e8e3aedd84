/**
 * AutoRemoteStart for 2.0.1 chargers: a cable plugged in without authorization — StatusNotification Occupied, or a
 * TransactionEvent for a cable plugged in (trigger CablePluggedIn / EVDetected, chargingState EVConnected) without an
 * idToken (TxStartPoint EVConnected) — asks
 * for a RequestStartTransaction with the free-vend token; core/backend/autoRemoteStarts.ts decides at send time,
 * with the same checks as for 1.6 (still Occupied, no authorized transaction, same connection, registration
 * Accepted, no local authorization in progress, middleware on, conformance mode off).
 */
import { versionedCallMiddleware } from '../../context.js';

export const autoRemoteStartOnStatus201 = versionedCallMiddleware('ocpp2.0.1', {
  name: 'AutoRemoteStart201',
  description:
    'When an EVSE reports Occupied (cable plugged in), sends RequestStartTransaction with the free-vend token once the delay expires — only if it is still Occupied, has no authorized transaction, and no Authorize came meanwhile.',
  action: 'StatusNotification',
  async handle(ctx, next) {
    await next();
    const { evseId, connectorStatus } = ctx.request;
    if (connectorStatus === 'Occupied' && evseId >= 1) ctx.autoRemoteStarts.request(evseId);
  },
});

export const autoRemoteStartOnTransaction201 = versionedCallMiddleware('ocpp2.0.1', {
  name: 'AutoRemoteStartOnEVConnected201',
  description:
    'When a transaction starts on the cable (CablePluggedIn / EVDetected / EVConnected) without an idToken, asks AutoRemoteStart for a RequestStartTransaction (same send-time checks).',
  action: 'TransactionEvent',
  async handle(ctx, next) {
    await next();
    const r = ctx.request;
    // TxStartPoint EVConnected: the transaction starts on the cable (trigger CablePluggedIn / EVDetected, state EVConnected).
    const plugged =
      r.triggerReason === 'CablePluggedIn' ||
      r.triggerReason === 'EVDetected' ||
      (r.eventType === 'Started' && r.transactionInfo.chargingState === 'EVConnected');
    const evseId = r.evse?.id ?? ctx.store.transactionEvents.find(ctx.chargePointId, r.transactionInfo.transactionId)?.connectorId ?? 0;
    if (r.eventType !== 'Ended' && plugged && !r.idToken && evseId >= 1) ctx.autoRemoteStarts.request(evseId);
  },
});
