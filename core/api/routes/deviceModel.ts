import { contracts } from '../contracts/index.js';
import { conflict } from '../errors.js';
import { route } from '../router.js';
import type { ApiServices } from '../services.js';
import { knownCharger } from './chargers.js';

const c = contracts.deviceModel;

/** A device model is 2.0.1's: a 1.6 charger has a configuration instead. */
function charger201(services: ApiServices, id: string): void {
  const detail = knownCharger(services, id);
  if (detail.protocol !== 'ocpp2.0.1')
    throw conflict(
      `Charger "${id}" speaks ${detail.protocol ?? 'no OCPP yet'}: it has no device model; read its configuration (/api/chargers/${id}/configuration)`,
    );
}

export const deviceModelRoutes = [
  route(c.get, ({ services, params }) => {
    charger201(services, params.id);
    return services.deviceModel.get(params.id);
  }),
  route(c.read, ({ services, params, body }) => {
    charger201(services, params.id);
    return services.deviceModel.read(params.id, body.reportBase, body.timeoutMs);
  }),
  route(c.events, ({ services, params, query }) => {
    knownCharger(services, params.id);
    return services.deviceModel.events(params.id, query.kind, query.limit);
  }),
];
