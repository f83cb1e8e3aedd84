import { CHARGER_ID, notFound } from '../http.js';
import type { Route } from '../router.js';

export const transactionRoutes: Route[] = [
  {
    method: 'GET',
    path: '/api/transactions',
    handler: ({ services, query }) =>
      services.transactions.list({
        chargePointId: query.string('chargePointId', { max: 64, pattern: CHARGER_ID }),
        open: query.bool('open'),
        offset: query.int('offset', { min: 0, def: 0 }) as number,
        limit: query.int('limit', { min: 1, max: 1000, def: 100 }) as number,
      }),
  },
  {
    method: 'GET',
    path: '/api/transactions/:id',
    handler: ({ services, params }) => {
      const id = Number(params.id);
      const tx = Number.isSafeInteger(id) ? services.transactions.get(id) : null;
      if (!tx) throw notFound(`No transaction "${params.id}"`);
      return tx;
    },
  },
];
