import { contracts } from '../contracts/index.js';
import { conflict, notFound } from '../errors.js';
import { route } from '../router.js';
import type { ApiServices } from '../services.js';

const c = contracts.chargers;

/** The charger's page, or 404: every route under /api/chargers/:id that needs a known charger checks this way. */
export function knownCharger(services: ApiServices, id: string) {
  const detail = services.chargers.get(id);
  if (!detail) throw notFound(`No charger "${id}" is known to this bench`);
  return detail;
}

export const chargerRoutes = [
  route(c.list, ({ services, query }) => services.chargers.list(query)),
  route(c.get, ({ services, params }) => knownCharger(services, params.id)),
  route(c.disconnect, async ({ services, params }) => {
    const detail = knownCharger(services, params.id);
    if (!detail.connected) throw conflict(`Charger "${params.id}" is not connected`);
    await services.chargers.disconnect(params.id);
    return { ok: true as const };
  }),
];
