import { badRequest } from '../http.js';
import type { Route } from '../router.js';

export const settingsRoutes: Route[] = [
  { method: 'GET', path: '/api/settings', handler: ({ services }) => services.settings.get() },
  {
    method: 'PATCH',
    path: '/api/settings',
    handler: async ({ services, body }) => {
      const b = await body();
      const patch = b.raw('settings') ?? null;
      if (!patch || typeof patch !== 'object' || Array.isArray(patch)) throw badRequest('Send { "settings": { ...changed keys } }');
      try {
        return await services.settings.update(patch as Record<string, unknown>);
      } catch (err) {
        // settings validation errors are user errors: report them as 400 with the message
        throw badRequest((err as Error).message);
      }
    },
  },
];
