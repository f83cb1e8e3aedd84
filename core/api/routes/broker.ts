import { contracts } from '../contracts/index.js';
import { route, type Route } from '../router.js';
import { sharedBrokerJobs, type BrokerJobs } from '../../docker/index.js';

const c = contracts.broker;

/** The RabbitMQ Docker helper for the Settings screen (core/docker does the work); on success result.amqpUrl is the URL to switch to. */
export function createBrokerRoutes(jobs: () => BrokerJobs = sharedBrokerJobs): Route[] {
  return [
    route(c.status, () => jobs().status()),
    route(c.job, () => ({ job: jobs().job() })),
    route(c.start, () => ({ job: jobs().start() })),
    route(c.stop, ({ body }) => ({ job: jobs().stop(body.remove) })),
  ];
}

export const brokerRoutes: Route[] = createBrokerRoutes();
