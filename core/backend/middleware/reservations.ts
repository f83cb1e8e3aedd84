/**
 * Reservations the central system keeps, from what the charger answers (core/backend/reservations.ts allocates
 * the ids, sends ReserveNow and expires them):
 * - ReserveNow reply: Accepted → Reserved; Faulted/Occupied/Rejected/Unavailable → Rejected; CALLERROR → Failed.
 *   A ReserveNow sent by hand (any route) with an id the central system never allocated is recorded too;
 * - CancelReservation reply: Accepted → Cancelled; Rejected leaves the state and says so;
 * - StartTransaction carrying a reservationId → Used (with the transaction), when the reservation is this charger's.
 */
import { callMiddleware, replyMiddleware } from '../context.js';
import type { ReservationRow, Store } from '../../store/index.js';

export const trackReservation = replyMiddleware({
  name: 'TrackReservation',
  description: "Records the charger's answer to ReserveNow: Reserved, Rejected (with its status) or Failed (CALLERROR).",
  action: 'ReserveNow',
  async handle(ctx, next) {
    const req = ctx.request;
    const status = ctx.result?.status;
    const state = ctx.error ? 'Failed' : status === 'Accepted' ? 'Reserved' : 'Rejected';
    const chargerStatus = ctx.error ? `CALLERROR ${ctx.error.code}` : (status ?? null);
    const note = ctx.error ? `the charger answered CALLERROR ${ctx.error.code}: ${ctx.error.description}` : `the charger answered ${status ?? '(no status)'}`;
    const known = ctx.store.reservations.get(req.reservationId);
    let row: ReservationRow | undefined;
    if (!known) {
      row = ctx.store.reservations.create({
        id: req.reservationId,
        chargePointId: ctx.chargePointId,
        connectorId: req.connectorId,
        idTag: req.idTag,
        parentIdTag: req.parentIdTag,
        expiryDate: req.expiryDate,
        state,
        chargerStatus,
        note: `${note} (ReserveNow sent with an id the central system did not allocate)`,
        at: ctx.nowIso,
      });
    } else if (known.chargePointId === ctx.chargePointId) {
      row = ctx.store.reservations.setState(known.id, { state, chargerStatus, note, at: ctx.nowIso });
    } else {
      ctx.log.warn(
        { chargePointId: ctx.chargePointId, reservationId: req.reservationId, owner: known.chargePointId },
        "ReserveNow answered for another charger's reservation id; not recorded",
      );
    }
    if (row) ctx.emit('reservation', row);
    await next();
  },
});

export const trackReservationCancel = replyMiddleware({
  name: 'TrackReservationCancel',
  description: 'Marks the reservation Cancelled when the charger accepts CancelReservation.',
  action: 'CancelReservation',
  async handle(ctx, next) {
    recordCancelAnswer(ctx, ctx.request.reservationId, ctx.result?.status, ctx.error);
    await next();
  },
});

export const useReservation = callMiddleware({
  name: 'UseReservation',
  description: 'A StartTransaction carrying a reservationId marks that reservation Used (with the transaction).',
  action: 'StartTransaction',
  async handle(ctx, next) {
    await next();
    const id = ctx.request.reservationId;
    const transactionId = ctx.response?.transactionId;
    if (id === undefined || transactionId === undefined) return;
    const known = ctx.store.reservations.get(id);
    if (!known || known.chargePointId !== ctx.chargePointId) {
      ctx.log.warn({ chargePointId: ctx.chargePointId, reservationId: id }, 'StartTransaction names a reservation this charger does not have');
      return;
    }
    if (known.state === 'Used' && known.transactionId === transactionId) return; // a retried StartTransaction
    const note = known.state === 'Reserved' ? `used by transaction ${transactionId}` : `used by transaction ${transactionId} (it was ${known.state})`;
    const row = ctx.store.reservations.setState(id, { state: 'Used', transactionId, note, at: ctx.nowIso });
    if (row) ctx.emit('reservation', row);
  },
});

/** A CancelReservation answer (either version: both answer `status` Accepted / Rejected) recorded on the reservation. */
export function recordCancelAnswer(
  ctx: { store: Store; chargePointId: string; nowIso: string; emit(kind: 'reservation', row: ReservationRow): void },
  reservationId: number,
  status: string | undefined,
  error: { code: string } | null | undefined,
): void {
  const known = ctx.store.reservations.get(reservationId);
  if (!known || known.chargePointId !== ctx.chargePointId) return;
  const row =
    status === 'Accepted'
      ? ctx.store.reservations.setState(known.id, { state: 'Cancelled', note: 'cancelled: the charger accepted CancelReservation', at: ctx.nowIso })
      : ctx.store.reservations.setState(known.id, {
          state: known.state,
          note: error
            ? `CancelReservation answered CALLERROR ${error.code}; the state is unchanged`
            : `the charger answered CancelReservation ${status ?? ''}: it knows no such reservation; the state is unchanged`,
          at: ctx.nowIso,
        });
  if (row) ctx.emit('reservation', row);
}
