/**
 * Reservations: the central system allocates the id (a row first, Requested), sends ReserveNow with it; the
 * reply middleware, the unanswered-CALL tracker and the expiry timers (core/backend) move the state on.
 */
import type { ApiServices } from '../../api/services.js';
import type { ReservationView } from '../../api/types.js';
import { conflict, notFound } from '../../api/errors.js';
import type { ReservationRow } from '../../store/index.js';
import type { BenchApiDeps } from './deps.js';
import { reserveNowPayload } from './versionedPayloads.js';

const view = (r: ReservationRow): ReservationView => {
  const { expiryMs: _ms, ...rest } = r;
  return rest;
};

export function createReservationsService(deps: BenchApiDeps, commands: ApiServices['commands']): ApiServices['reservations'] {
  const { backend } = deps;
  const { store } = backend;
  const now = (): string => new Date(deps.now?.() ?? Date.now()).toISOString();
  /** The row once every write queued for this charger (the reply middleware, the unanswered-CALL tracker) committed. */
  const settled = (r: ReservationRow) => backend.applyChange(r.chargePointId, () => store.reservations.get(r.id) ?? r);

  return {
    list(q) {
      const page = store.reservations.list(q);
      return { items: page.rows.map(view), total: page.total, offset: q.offset, limit: q.limit };
    },
    get(id) {
      const r = store.reservations.get(id);
      return r ? view(r) : null;
    },
    async reserve(chargePointId, req) {
      const row = await backend.applyChange(chargePointId, () =>
        store.reservations.create({
          chargePointId,
          connectorId: req.connectorId,
          idTag: req.idTag,
          parentIdTag: req.parentIdTag ?? null,
          expiryDate: req.expiryDate,
          note: 'ReserveNow sent; waiting for the answer',
          at: now(),
        }),
      );
      const protocol = store.chargePoints.get(chargePointId)?.protocol ?? 'ocpp1.6';
      const payload = reserveNowPayload(protocol, {
        reservationId: row.id,
        connectorId: req.connectorId,
        idTag: req.idTag,
        idTokenType: req.idTokenType,
        parentIdTag: req.parentIdTag,
        expiryDate: new Date(row.expiryMs).toISOString(),
      });
      const result = await commands.send(chargePointId, 'ReserveNow', payload, req.timeoutMs);
      let after = await settled(row);
      if (after.state === 'Requested' && !result.ok) {
        // not sent at all (e.g. refused before it left): nobody else records it
        after =
          (await backend.applyChange(chargePointId, () =>
            store.reservations.setState(row.id, {
              state: 'Failed',
              chargerStatus: result.error?.code ?? 'failed',
              note: result.error?.description ?? 'not sent',
              at: now(),
            }),
          )) ?? after;
      }
      return { reservation: view(after), result };
    },
    async cancel(id) {
      const r = store.reservations.get(id);
      if (!r) throw notFound(`No reservation ${id}`);
      if (r.state !== 'Reserved') throw conflict(`Reservation ${id} is ${r.state}: only a Reserved reservation can be cancelled`);
      const result = await commands.send(r.chargePointId, 'CancelReservation', { reservationId: id });
      return { reservation: view(await settled(r)), result };
    },
  };
}
