import { contracts } from '../contracts/index.js';
import { badRequest } from '../errors.js';
import { route } from '../router.js';
import { instantMs } from './messages.js';

export const meterRoutes = [
  route(contracts.meters.series, ({ services, query }) => {
    if (query.transactionId === undefined && query.chargePointId === undefined)
      throw badRequest('Give "transactionId", or "chargePointId" (and optionally "connectorId")');
    return services.meters.series({ ...query, from: instantMs(query.from), to: instantMs(query.to) });
  }),
];
