/**
 * Reservations the central system keeps, for 2.0.1 chargers as for 1.6 (core/backend/middleware/reservations.ts):
 * - ReserveNow reply: Accepted → Reserved; Faulted/Occupied/Rejected/Unavailable → Rejected; CALLERROR → Failed;
 * - CancelReservation reply: Accepted → Cancelled; Rejected leaves the state and says so;
 * - a TransactionEvent carrying a reservationId → Used (with the transaction), when it is this charger's.
 */
import { versionedCallMiddleware, versionedReplyMiddleware } from '../../context.js';
import type { ReservationRow } from '../../../store/index.js';
import { recordCancelAnswer } from '../../middleware/reservations.js';

export const trackReservation201 = versionedReplyMiddleware('ocpp2.0.1', {
  name: 'TrackReservation201',
  description: "Records the charger's answer to ReserveNow: Reserved, Rejected (with its status) or Failed (CALLERROR).",
  action: 'ReserveNow',
  async handle(ctx, next) {
    const req = ctx.request;
    const status = ctx.result?.status;
    const state = ctx.error ? 'Failed' : status === 'Accepted' ? 'Reserved' : 'Rejected';
    const chargerStatus = ctx.error ? `CALLERROR ${ctx.error.code}` : (status ?? null);
    const note = ctx.error ? `the charger answered CALLERROR ${ctx.error.code}: ${ctx.error.description}` : `the charger answered ${status ?? '(no status)'}`;
    const known = ctx.store.reservations.get(req.id);
    let row: ReservationRow | undefined;
    if (!known) {
      row = ctx.store.reservations.create({
        id: req.id,
        chargePointId: ctx.chargePointId,
        connectorId: req.evseId ?? 0,
        idTag: req.idToken.idToken,
        parentIdTag: req.groupIdToken?.idToken ?? null,
        expiryDate: req.expiryDateTime,
        state,
        chargerStatus,
        note: `${note} (ReserveNow sent with an id the central system did not allocate)`,
        at: ctx.nowIso,
      });
    } else if (known.chargePointId === ctx.chargePointId) {
      row = ctx.store.reservations.setState(known.id, { state, chargerStatus, note, at: ctx.nowIso });
    } else {
      ctx.log.warn(
        { chargePointId: ctx.chargePointId, reservationId: req.id, owner: known.chargePointId },
        "ReserveNow answered for another charger's reservation id; not recorded",
      );
    }
    if (row) ctx.emit('reservation', row);
    await next();
  },
});

export const trackReservationCancel201 = versionedReplyMiddleware('ocpp2.0.1', {
  name: 'TrackReservationCancel201',
  description: 'Marks the reservation Cancelled when the charger accepts CancelReservation.',
  action: 'CancelReservation',
  async handle(ctx, next) {
    recordCancelAnswer(ctx, ctx.request.reservationId, ctx.result?.status, ctx.error);
    await next();
  },
});

export const useReservation201 = versionedCallMiddleware('ocpp2.0.1', {
  name: 'UseReservation201',
  description: 'A TransactionEvent carrying a reservationId marks that reservation Used (with the transaction).',
  action: 'TransactionEvent',
  async handle(ctx, next) {
    await next();
    const id = ctx.request.reservationId;
    if (id === undefined) return;
    const tx = ctx.store.transactionEvents.find(ctx.chargePointId, ctx.request.transactionInfo.transactionId);
    const known = ctx.store.reservations.get(id);
    if (!tx || !known || known.chargePointId !== ctx.chargePointId) {
      ctx.log.warn({ chargePointId: ctx.chargePointId, reservationId: id }, 'TransactionEvent names a reservation this charger does not have');
      return;
    }
    if (known.state === 'Used' && known.transactionId === tx.id) return;
    const note =
      known.state === 'Reserved' ? `used by transaction ${tx.chargerTransactionId}` : `used by transaction ${tx.chargerTransactionId} (it was ${known.state})`;
    const row = ctx.store.reservations.setState(id, { state: 'Used', transactionId: tx.id, note, at: ctx.nowIso });
    if (row) ctx.emit('reservation', row);
  },
});
