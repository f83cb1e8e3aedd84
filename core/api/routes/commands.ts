import { PROTOCOL_VERSIONS, protocols, type ProtocolVersion } from '../../ocpp/index.js';
import { contracts } from '../contracts/index.js';
import { badRequest, notFound } from '../errors.js';
import { route } from '../router.js';
import type { ApiServices } from '../services.js';
import { knownCharger } from './chargers.js';

const c = contracts.commands;

/**
 * A command goes to a charger in its own OCPP version: one of another version is refused (400, naming the
 * charger's version). An invalid payload is refused here only while validation is strict (the backend would
 * refuse it anyway); under warn/off it is sent as given, so a charger's handling of bad input can be tested.
 * Without a charger (a job to many), the payload must be valid in some version that has the action; each charger
 * of another version then answers NotSupported in its result.
 */
export function checkCommandPayload(services: ApiServices, action: string, payload: unknown, protocol?: ProtocolVersion | null): void {
  if (protocol && !protocols[protocol].isCentralSystemAction(action)) {
    const p = protocols[protocol];
    throw badRequest(`${action} is not an ${p.title} command, and this charger speaks ${protocol}: use one of ${p.centralSystemActions.join(', ')}`);
  }
  if (services.settings.get().validation !== 'strict') return;
  const versions = protocol ? [protocol] : PROTOCOL_VERSIONS.filter((v) => protocols[v].isCentralSystemAction(action));
  const problems = versions.map((v) => ({ v, problem: protocols[v].validator.check(action, 'req', payload) }));
  if (problems.some((p) => p.problem === null)) return;
  const first = problems[0];
  if (!first?.problem) return;
  const where = versions.length > 1 || !protocol ? ` (checked as ${versions.map((v) => protocols[v].title).join(' and ')})` : '';
  throw badRequest(`${first.problem.message}${where} (validation is strict: set it to warn in Settings to send invalid payloads)`, first.problem.errors);
}

export const commandRoutes = [
  route(c.send, ({ services, params, body }) => {
    // A bad payload is a 400 whether or not the charger is known (then it is checked in every version that has the action).
    checkCommandPayload(services, params.action, body.payload, services.chargers.get(params.id)?.protocol);
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
