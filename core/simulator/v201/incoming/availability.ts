/** ChangeAvailability (G03/G04), Reset (B11/B12), UnlockConnector (F05). */
import type { StationPort } from '../stationPort.js';
import type { Handler } from './types.js';

export const changeAvailability: Handler<'ChangeAvailability'> = (cp, req) => {
  const to = req.operationalStatus;
  if (req.evse && req.evse.id > 0) {
    const e = cp.evse(req.evse.id);
    if (!e || (req.evse.connectorId !== undefined && !e.connectors[req.evse.connectorId - 1]))
      return {
        conf: { status: 'Rejected', statusInfo: { reasonCode: 'UnknownEvse' } },
      };
    if (e.tx && to === 'Inoperative') {
      e.scheduledAvailability = to;
      return { conf: { status: 'Scheduled' } };
    }
    return {
      conf: { status: 'Accepted' },
      after: () => {
        e.availability = to;
        if (to === 'Inoperative' && e.reservation) removeReservation(cp, e.id);
        cp.refresh(e);
      },
    };
  }
  const busy = cp.evses.some((e) => e.tx);
  if (busy && to === 'Inoperative') {
    for (const e of cp.evses) if (e.tx) e.scheduledAvailability = to;
    return {
      conf: { status: 'Scheduled' },
      after: () => {
        for (const e of cp.evses)
          if (!e.tx) {
            e.availability = to;
            cp.refresh(e);
          }
      },
    };
  }
  return {
    conf: { status: 'Accepted' },
    after: () => {
      for (const e of cp.evses) {
        e.availability = to;
        if (to === 'Inoperative' && e.reservation) removeReservation(cp, e.id);
      }
      cp.setOperative(to === 'Operative');
    },
  };
};

/** A reservation ends for another reason than its use or expiry: ReservationStatusUpdate Removed. */
export function removeReservation(cp: StationPort, evseId: number): void {
  const e = cp.evse(evseId);
  const r = e?.reservation;
  if (!e || !r) return;
  cp.scheduler.cancel(r.expiry);
  e.reservation = null;
  cp.send('ReservationStatusUpdate', {
    reservationId: r.id,
    reservationUpdateStatus: 'Removed',
  });
  cp.refresh(e);
}

export const reset: Handler<'Reset'> = (cp, req) => {
  if (req.evseId !== undefined && req.evseId > 0) {
    const e = cp.evse(req.evseId);
    if (!e)
      return {
        conf: { status: 'Rejected', statusInfo: { reasonCode: 'UnknownEvse' } },
      };
    if (e.tx && req.type === 'OnIdle') return { conf: { status: 'Scheduled' } };
    return {
      conf: { status: 'Accepted' },
      after: () => {
        if (e.tx) cp.sessions.stop(e.id, 'ImmediateReset', 'ResetCommand');
      },
    };
  }
  if (req.type === 'OnIdle' && cp.evses.some((e) => e.tx)) {
    // Reboots once the last transaction has ended.
    const wait = (): void => {
      if (!cp.powered) return;
      if (cp.evses.some((e) => e.tx)) cp.state.later(cp, 1000, wait);
      else void cp.reboot('RemoteReset');
    };
    return {
      conf: { status: 'Scheduled' },
      after: () => cp.state.later(cp, 1000, wait),
    };
  }
  return {
    conf: { status: 'Accepted' },
    after: () => void cp.reboot('RemoteReset'),
  };
};

export const unlockConnector: Handler<'UnlockConnector'> = (cp, req) => {
  const e = cp.evse(req.evseId);
  if (!e || !e.connectors[req.connectorId - 1]) return { conf: { status: 'UnknownConnector' } };
  if (e.tx && e.tx.connectorId === req.connectorId && e.tx.idToken) return { conf: { status: 'OngoingAuthorizedTransaction' } };
  return { conf: { status: 'Unlocked' } };
};
