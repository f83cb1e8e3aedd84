/** ReserveNow (H01) and CancelReservation (H02); expiry sends ReservationStatusUpdate Expired (H01.FR.?). */
import type { Evse201 } from '../evse.js';
import type { StationPort } from '../stationPort.js';
import type { Handler } from './types.js';

function free(e: Evse201): boolean {
  return !e.ev && !e.tx && !e.reservation && !e.pending && !e.authorizing;
}

function findReservation(cp: StationPort, id: number): Evse201 | undefined {
  return cp.evses.find((e) => e.reservation?.id === id);
}

export const reserveNow: Handler<'ReserveNow'> = (cp, req) => {
  if (!cp.dm.bool('ReservationCtrlr', 'Enabled'))
    return {
      conf: {
        status: 'Rejected',
        statusInfo: { reasonCode: 'ReservationDisabled' },
      },
    };
  const existing = findReservation(cp, req.id);
  let e: Evse201 | undefined;
  if (req.evseId !== undefined && req.evseId > 0) {
    e = cp.evse(req.evseId);
    if (!e)
      return {
        conf: { status: 'Rejected', statusInfo: { reasonCode: 'UnknownEvse' } },
      };
  } else {
    e = existing ?? cp.evses.find((x) => free(x) && x.availability === 'Operative' && !x.connectors.every((c) => c.faulted));
    if (!e)
      return {
        conf: {
          status: cp.evses.some((x) => x.tx || x.ev) ? 'Occupied' : 'Unavailable',
        },
      };
  }
  if (e.connectors.every((c) => c.faulted)) return { conf: { status: 'Faulted' } };
  if (e.availability === 'Inoperative' || !cp.operative) return { conf: { status: 'Unavailable' } };
  if (e !== existing && !free(e)) return { conf: { status: 'Occupied' } };
  const target = e;
  return {
    conf: { status: 'Accepted' },
    after: () => {
      if (existing && existing !== target) {
        cp.scheduler.cancel(existing.reservation?.expiry);
        existing.reservation = null;
        cp.refresh(existing);
      }
      cp.scheduler.cancel(target.reservation?.expiry);
      const ms = Math.max(0, Date.parse(req.expiryDateTime) - cp.now());
      const r = {
        id: req.id,
        idToken: req.idToken,
        ...(req.groupIdToken ? { groupIdToken: req.groupIdToken } : {}),
        expiry: null as ReturnType<typeof cp.scheduler.after> | null,
      };
      r.expiry = cp.scheduler.after(ms, () => {
        if (target.reservation !== r) return;
        target.reservation = null;
        cp.send('ReservationStatusUpdate', {
          reservationId: r.id,
          reservationUpdateStatus: 'Expired',
        });
        cp.refresh(target);
      });
      target.reservation = r;
      cp.refresh(target);
    },
  };
};

export const cancelReservation: Handler<'CancelReservation'> = (cp, req) => {
  const e = findReservation(cp, req.reservationId);
  if (!e)
    return {
      conf: {
        status: 'Rejected',
        statusInfo: { reasonCode: 'UnknownReservation' },
      },
    };
  return {
    conf: { status: 'Accepted' },
    after: () => {
      cp.scheduler.cancel(e.reservation?.expiry);
      e.reservation = null;
      cp.refresh(e);
    },
  };
};
