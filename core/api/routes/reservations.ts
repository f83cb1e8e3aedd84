import { contracts } from '../contracts/index.js';
import { badRequest, notFound } from '../errors.js';
import { route } from '../router.js';
import { knownCharger } from './chargers.js';

const c = contracts.reservations;

export const reservationRoutes = [
  route(c.list, ({ services, query }) => services.reservations.list(query)),
  route(c.get, ({ services, params }) => {
    const r = services.reservations.get(params.id);
    if (!r) throw notFound(`No reservation ${params.id}`);
    return r;
  }),
  route(c.reserve, ({ services, params, body }) => {
    knownCharger(services, params.id);
    if (Date.parse(body.expiryDate) <= Date.now()) throw badRequest(`"expiryDate" ${body.expiryDate} is in the past: a reservation must expire later`);
    return services.reservations.reserve(params.id, body);
  }),
  route(c.cancel, ({ services, params }) => services.reservations.cancel(params.id)),
];
