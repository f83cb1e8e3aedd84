/** ReserveNow and CancelReservation (OCPP 1.6 §5.13, §5.3). */
import type { ChargerPort } from './port.js';
import type { Connector } from '../connector.js';
import type { Handler } from './types.js';

function findReservation(cp: ChargerPort, reservationId: number): Connector | undefined {
  return cp.connectors.find((c) => c.reservation?.id === reservationId);
}

export function cancelReservationOn(cp: ChargerPort, c: Connector): void {
  if (!c.reservation) return;
  cp.scheduler.cancel(c.reservation.expiry);
  c.reservation = null;
  if (c.status === 'Reserved') cp.statuses.setStatus(c.id, cp.statuses.restingStatus(c));
}

export const reserveNow: Handler<'ReserveNow'> = (cp, req) => {
  const c = cp.connectors[req.connectorId];
  if (!c) return { conf: { status: 'Rejected' } };
  if (req.connectorId === 0 && !cp.config.bool('ReserveConnectorZeroSupported')) return { conf: { status: 'Rejected' } };
  if (c.status === 'Faulted') return { conf: { status: 'Faulted' } };
  if (c.status === 'Unavailable' || c.availability === 'Inoperative') return { conf: { status: 'Unavailable' } };
  const sameReservation = c.reservation?.id === req.reservationId;
  if (!sameReservation && c.status !== 'Available') return { conf: { status: 'Occupied' } };
  const expiresAt = Date.parse(req.expiryDate);
  if (!Number.isFinite(expiresAt) || expiresAt <= cp.now()) return { conf: { status: 'Rejected' } };
  return {
    conf: { status: 'Accepted' },
    after: () => {
      // A reservation id is unique: one reused on another connector moves.
      const elsewhere = findReservation(cp, req.reservationId);
      if (elsewhere && elsewhere !== c) cancelReservationOn(cp, elsewhere);
      if (c.reservation) cp.scheduler.cancel(c.reservation.expiry);
      const reservation = {
        id: req.reservationId,
        idTag: req.idTag,
        parentIdTag: req.parentIdTag,
        expiresAt,
        expiry: null as ReturnType<ChargerPort['scheduler']['after']> | null,
      };
      reservation.expiry = cp.scheduler.at(expiresAt, () => {
        reservation.expiry = null;
        if (c.reservation === reservation) cancelReservationOn(cp, c);
      });
      c.reservation = reservation;
      if (c.id > 0 && c.status === 'Available') cp.statuses.setStatus(c.id, 'Reserved');
    },
  };
};

export const cancelReservation: Handler<'CancelReservation'> = (cp, req) => {
  const c = findReservation(cp, req.reservationId);
  if (!c) return { conf: { status: 'Rejected' } };
  return { conf: { status: 'Accepted' }, after: () => cancelReservationOn(cp, c) };
};
