import type { Route } from '../router.js';

export const transportRoutes: Route[] = [{ method: 'GET', path: '/api/transport', handler: ({ services }) => services.transport.status() }];
