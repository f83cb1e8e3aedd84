import { checkPayload, isCentralSystemAction } from '../../ocpp/index.js';
import { badRequest } from '../http.js';
import type { Route } from '../router.js';
import { chargerId } from './chargers.js';

/** Send any CS→CP command: the payload is validated against the OCA schema first, then the charger's answer is returned. */
export const commandRoutes: Route[] = [
  {
    method: 'POST',
    path: '/api/chargers/:id/commands/:action',
    handler: async ({ services, params, body }) => {
      const id = chargerId(params.id);
      const action = params.action ?? '';
      if (!isCentralSystemAction(action)) throw badRequest(`"${action}" is not a command the central system can send`);
      const b = await body();
      const payload = b.object('payload', { required: true });
      const problem = checkPayload(action, 'req', payload);
      if (problem) throw badRequest(problem.message, problem.errors);
      const timeoutMs = b.int('timeoutMs', { min: 100, max: 300_000 });
      return services.commands.send(id, action, payload, timeoutMs);
    },
  },
];
