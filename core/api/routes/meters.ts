import { CHARGER_ID, badRequest } from '../http.js';
import type { Route } from '../router.js';

export const meterRoutes: Route[] = [
  {
    method: 'GET',
    path: '/api/meters',
    handler: ({ services, query }) => {
      const transactionId = query.int('transactionId', { min: 0 });
      const chargePointId = query.string('chargePointId', { max: 64, pattern: CHARGER_ID });
      if (transactionId === undefined && chargePointId === undefined) throw badRequest('Give "transactionId", or "chargePointId" (and optionally "connectorId")');
      return services.meters.series({
        transactionId,
        chargePointId,
        connectorId: query.int('connectorId', { min: 0, max: 100 }),
        from: query.time('from'),
        to: query.time('to'),
        maxPoints: query.int('maxPoints', { min: 10, max: 10_000, def: 600 }) as number,
      });
    },
  },
];
