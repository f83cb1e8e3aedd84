import { contracts } from '../contracts/index.js';
import { notFound } from '../errors.js';
import { route } from '../router.js';

const c = contracts.transactions;

export const transactionRoutes = [
  route(c.list, ({ services, query }) => services.transactions.list(query)),
  route(c.get, ({ services, params }) => {
    const tx = services.transactions.get(params.id);
    if (!tx) throw notFound(`No transaction ${params.id}`);
    return tx;
  }),
  route(c.closeStale, ({ services, params, body }) => services.transactions.closeStale(params.id, body.note ?? null)),
];
