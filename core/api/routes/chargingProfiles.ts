import { checkPayload } from '../../ocpp/index.js';
import { contracts } from '../contracts/index.js';
import { badRequest, notFound } from '../errors.js';
import { route } from '../router.js';
import { knownCharger } from './chargers.js';

const c = contracts.chargingProfiles;

/** A csChargingProfiles object checked against SetChargingProfile.req's schema (400 naming the field). */
export function checkProfile(profile: Record<string, unknown>): void {
  const problem = checkPayload('SetChargingProfile', 'req', { connectorId: 0, csChargingProfiles: profile });
  if (problem)
    throw badRequest(
      `The charging profile is invalid: ${problem.errors.map((e) => e.message.replaceAll('/csChargingProfiles', 'profile')).join('; ')}`,
      problem.errors,
    );
}

export const chargingProfileRoutes = [
  route(c.list, ({ services, params }) => {
    knownCharger(services, params.id);
    return services.chargingProfiles.list(params.id);
  }),
  route(c.send, ({ services, params, body }) => {
    knownCharger(services, params.id);
    if ((body.profile === undefined) === (body.library === undefined))
      throw badRequest('Give either "profile" (a csChargingProfiles object) or "library" (a saved profile’s name)');
    if (body.library !== undefined && !services.chargingProfiles.library().some((p) => p.name === body.library))
      throw notFound(`No saved charging profile "${body.library}"`);
    return services.chargingProfiles.send(params.id, body);
  }),
  route(c.clear, ({ services, params, body }) => {
    knownCharger(services, params.id);
    return services.chargingProfiles.clear(params.id, body);
  }),
  route(c.library, ({ services }) => services.chargingProfiles.library()),
  route(c.save, ({ services, params, body }) => {
    checkProfile(body.profile);
    return services.chargingProfiles.save(params.name, body.description ?? '', body.profile);
  }),
  route(c.remove, async ({ services, params }) => {
    if (!(await services.chargingProfiles.remove(params.name))) throw notFound(`No saved charging profile "${params.name}"`);
    return { ok: true as const };
  }),
];
