import { checkPayload } from '../../ocpp/index.js';
import { contracts } from '../contracts/index.js';
import { badRequest, notFound } from '../errors.js';
import { route } from '../router.js';
import type { ApiServices } from '../services.js';
import { knownCharger } from './chargers.js';

const c = contracts.commands;

/**
 * An invalid payload is refused here only while validation is strict (the backend would refuse it anyway);
 * under warn/off it is sent as given, so a charger's handling of bad input can be tested.
 */
export function checkCommandPayload(services: ApiServices, action: string, payload: unknown): void {
  if (services.settings.get().validation !== 'strict') return;
  const problem = checkPayload(action as never, 'req', payload);
  if (problem) throw badRequest(`${problem.message} (validation is strict: set it to warn in Settings to send invalid payloads)`, problem.errors);
}

export const commandRoutes = [
  route(c.send, ({ services, params, body }) => {
    checkCommandPayload(services, params.action, body.payload);
    knownCharger(services, params.id);
    return services.commands.send(params.id, params.action, body.payload, body.timeoutMs);
  }),
  route(c.history, ({ services, params, query }) => {
    knownCharger(services, params.id);
    return services.commands.history(params.id, query);
  }),
  route(c.startJob, ({ services, body }) => {
    if (!body.chargePointIds && !body.filter) throw badRequest('Give "chargePointIds" or "filter" (e.g. {} for every charger)');
    checkCommandPayload(services, body.action, body.payload);
    return services.commands.startJob(body);
  }),
  route(c.jobs, ({ services }) => services.commands.jobs()),
  route(c.job, ({ services, params }) => {
    const job = services.commands.job(params.id);
    if (!job) throw notFound(`No command job "${params.id}"`);
    return job;
  }),
];
