import type { Route } from '../router.js';

export const overviewRoutes: Route[] = [
  { method: 'GET', path: '/api/overview', handler: ({ services }) => services.overview() },
  { method: 'GET', path: '/api/health', handler: () => ({ ok: true }) },
];
