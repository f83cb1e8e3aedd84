import { HttpError, badRequest, notFound } from '../http.js';
import type { Route } from '../router.js';
import { CHARGE_POINT_ID_CHARACTERS, MAX_CHARGE_POINT_ID_LENGTH, chargePointIdProblem } from '../../ocpp/chargePointId.js';

export function chargerId(raw: string | undefined): string {
  if (chargePointIdProblem(raw ?? '') !== null) {
    throw badRequest(`Charger id "${raw ?? ''}" is invalid: 1-${MAX_CHARGE_POINT_ID_LENGTH} characters of ${CHARGE_POINT_ID_CHARACTERS}, not "." or ".."`);
  }
  return raw as string;
}

export const chargerRoutes: Route[] = [
  {
    method: 'GET',
    path: '/api/chargers',
    handler: ({ services, query }) =>
      services.chargers.list({
        text: query.string('q', { max: 100 }),
        state: query.string('state', { max: 40 }),
        connected: query.bool('connected'),
        simulated: query.bool('simulated'),
        offset: query.int('offset', { min: 0, def: 0 }) as number,
        limit: query.int('limit', { min: 1, max: 10_000, def: 500 }) as number,
      }),
  },
  {
    method: 'GET',
    path: '/api/chargers/:id',
    handler: ({ services, params }) => {
      const id = chargerId(params.id);
      const detail = services.chargers.get(id);
      if (!detail) throw notFound(`No charger "${id}" is known to this bench`);
      return detail;
    },
  },
  {
    method: 'POST',
    path: '/api/chargers/:id/disconnect',
    handler: async ({ services, params }) => {
      try {
        await services.chargers.disconnect(chargerId(params.id));
      } catch (err) {
        if (err instanceof HttpError) throw err;
        throw new HttpError(409, (err as Error).message);
      }
      return { ok: true };
    },
  },
];
