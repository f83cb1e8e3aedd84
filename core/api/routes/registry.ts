import { contracts } from '../contracts/index.js';
import { badRequest } from '../errors.js';
import { route } from '../router.js';
import { knownCharger } from './chargers.js';

const c = contracts.registry;

export const registryRoutes = [
  route(c.add, ({ services, body }) => services.registry.add(body)),
  route(c.update, ({ services, params, body }) => {
    knownCharger(services, params.id);
    return services.registry.update(params.id, body);
  }),
  route(c.remove, ({ services, params, query }) => {
    knownCharger(services, params.id);
    return services.registry.remove([params.id], query.history);
  }),
  route(c.removeMany, ({ services, body }) => {
    if (!body.ids && !body.allOffline) throw badRequest('Give "ids" (charger ids to remove) or "allOffline": true');
    return services.registry.remove(body.allOffline ? 'allOffline' : (body.ids as string[]), body.history);
  }),
  route(c.decide, ({ services, params, body }) => {
    knownCharger(services, params.id);
    return services.registry.decide(params.id, body.decision, body.trigger);
  }),
  route(c.refusals, ({ services }) => services.registry.refusals()),
];
