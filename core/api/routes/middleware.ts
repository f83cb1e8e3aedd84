import { badRequest } from '../http.js';
import type { Route } from '../router.js';

export const middlewareRoutes: Route[] = [
  { method: 'GET', path: '/api/middleware', handler: ({ services }) => services.middleware.list() },
  {
    method: 'PUT',
    path: '/api/middleware/:action',
    handler: async ({ services, params, body }) => {
      const action = params.action ?? '';
      const chain = services.middleware.list().find((c) => c.action === action);
      if (!chain) throw badRequest(`No middleware chain for "${action}"; chains exist for ${services.middleware.list().map((c) => c.action).join(', ')}`);
      const b = await body();
      const raw = b.raw('items');
      if (!Array.isArray(raw)) throw badRequest('"items" must be an array of { name, enabled }');
      const known = new Set(chain.items.map((i) => i.name));
      const items = raw.map((it, i) => {
        if (!it || typeof it !== 'object' || typeof (it as { name?: unknown }).name !== 'string' || typeof (it as { enabled?: unknown }).enabled !== 'boolean') {
          throw badRequest(`items[${i}] must be { name: string, enabled: boolean }`);
        }
        const { name, enabled } = it as { name: string; enabled: boolean };
        if (!known.has(name)) throw badRequest(`items[${i}]: "${name}" is not in the ${action} chain (${[...known].join(', ')})`);
        return { name, enabled };
      });
      if (new Set(items.map((i) => i.name)).size !== items.length) throw badRequest('Each middleware may appear only once');
      if (items.length !== known.size) throw badRequest(`Give every middleware of the ${action} chain once (${[...known].join(', ')})`);
      return services.middleware.set(action, items);
    },
  },
  {
    method: 'POST',
    path: '/api/middleware/reset',
    handler: async ({ services, body }) => {
      const b = await body();
      return services.middleware.reset(b.string('action', { max: 60 }));
    },
  },
];
