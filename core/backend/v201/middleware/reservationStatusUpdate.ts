/**
 * ReservationStatusUpdate: the charger ends a reservation on its own — Expired, or Removed (taken off the charger,
 * e.g. its EVSE became unavailable). The reservation the central system keeps follows (Expired / Cancelled), when
 * it is this charger's; the update is stored either way.
 */
import { versionedCallMiddleware } from '../../context.js';
import { recordChargerEvent } from './chargerEvent.js';

export const reservationStatusUpdate201 = versionedCallMiddleware('ocpp2.0.1', {
  name: 'ReservationStatusUpdate201',
  description: "Marks the reservation Expired (Expired) or Cancelled (Removed) when it is this charger's, and stores the update.",
  action: 'ReservationStatusUpdate',
  async handle(ctx, next) {
    const { reservationId, reservationUpdateStatus } = ctx.request;
    recordChargerEvent(ctx, 'ReservationStatus', reservationUpdateStatus, undefined, ctx.request);
    const known = ctx.store.reservations.get(reservationId);
    if (known && known.chargePointId === ctx.chargePointId) {
      if (known.state === 'Reserved' || known.state === 'Requested') {
        const state = reservationUpdateStatus === 'Expired' ? 'Expired' : 'Cancelled';
        const row = ctx.store.reservations.setState(reservationId, {
          state,
          note: `the charger reported the reservation ${reservationUpdateStatus} (ReservationStatusUpdate)`,
          at: ctx.nowIso,
        });
        if (row) ctx.emit('reservation', row);
      }
    } else {
      ctx.log.warn({ chargePointId: ctx.chargePointId, reservationId }, 'ReservationStatusUpdate for a reservation this charger does not have');
    }
    ctx.response = {};
    await next();
  },
});
