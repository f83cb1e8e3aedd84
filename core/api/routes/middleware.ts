import { contracts } from '../contracts/index.js';
import { badRequest } from '../errors.js';
import { route } from '../router.js';

const c = contracts.middleware;

export const middlewareRoutes = [
  route(c.list, ({ services }) => services.middleware.list()),
  route(c.set, ({ services, params, body }) => {
    const { action } = params;
    const chains = services.middleware.list();
    const chain = chains.find((ch) => ch.action === action);
    if (!chain) throw badRequest(`No middleware chain for "${action}"; chains exist for ${chains.map((ch) => ch.action).join(', ')}`);
    const known = new Set(chain.items.map((i) => i.name));
    body.items.forEach((it, i) => {
      if (!known.has(it.name)) throw badRequest(`items[${i}]: "${it.name}" is not in the ${action} chain (${[...known].join(', ')})`);
    });
    if (new Set(body.items.map((i) => i.name)).size !== body.items.length) throw badRequest('Each middleware may appear only once');
    if (body.items.length !== known.size) throw badRequest(`Give every middleware of the ${action} chain once (${[...known].join(', ')})`);
    return services.middleware.set(action, body.items);
  }),
  route(c.reset, ({ services, body }) => services.middleware.reset(body.action)),
];
