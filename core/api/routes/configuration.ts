import { contracts } from '../contracts/index.js';
import { conflict } from '../errors.js';
import { route } from '../router.js';
import { knownCharger } from './chargers.js';

const c = contracts.configuration;

export const configurationRoutes = [
  route(c.get, ({ services, params }) => {
    knownCharger(services, params.id);
    return services.configuration.get(params.id);
  }),
  route(c.read, ({ services, params, body }) => {
    knownCharger(services, params.id);
    return services.configuration.read(params.id, body.keys);
  }),
  route(c.change, ({ services, params, body }) => {
    knownCharger(services, params.id);
    const known = services.configuration.get(params.id).keys.find((k) => k.key === params.key);
    if (known?.readonly) {
      throw conflict(
        `"${params.key}" is read-only on ${params.id} (its last GetConfiguration says so); send ChangeConfiguration through /api/chargers/${params.id}/commands/ChangeConfiguration to try anyway`,
      );
    }
    return services.configuration.change(params.id, params.key, body.value);
  }),
];
