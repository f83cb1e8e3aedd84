import type { Route } from '../router.js';
import { sharedBrokerJobs, type BrokerJobs } from '../../docker/index.js';

/**
 * The RabbitMQ Docker helper for the Settings screen (core/docker does the work):
 *   GET  /api/broker        engine + container status (Docker absent → engine.available=false, engine.message)
 *   POST /api/broker/start  starts a job: pull if needed, create/start, wait for AMQP; poll GET /api/broker/job
 *   POST /api/broker/stop   { "remove": true } also removes the container (the data volume is kept)
 *   GET  /api/broker/job    the latest job with its progress lines; on success result.amqpUrl is the URL to
 *                           switch the transport to (PATCH /api/settings).
 */
export function createBrokerRoutes(jobs: () => BrokerJobs = sharedBrokerJobs): Route[] {
  return [
    { method: 'GET', path: '/api/broker', handler: () => jobs().status() },
    { method: 'GET', path: '/api/broker/job', handler: () => ({ job: jobs().job() }) },
    { method: 'POST', path: '/api/broker/start', handler: () => ({ job: jobs().start() }) },
    {
      method: 'POST',
      path: '/api/broker/stop',
      handler: async ({ body }) => {
        const b = await body();
        return { job: jobs().stop(b.bool('remove', false) === true) };
      },
    },
  ];
}

export const brokerRoutes: Route[] = createBrokerRoutes();
