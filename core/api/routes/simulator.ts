import { contracts } from '../contracts/index.js';
import { HttpError, badRequest, conflict } from '../errors.js';
import { route } from '../router.js';

const c = contracts.simulator;

export const simulatorRoutes = [
  route(c.profiles, ({ services }) => services.simulator.profiles()),
  route(c.jobs, ({ services }) => services.simulator.jobs()),
  route(c.spawn, ({ services, body }) => {
    const known = services.simulator
      .profiles()
      .filter((p) => (p.protocols ?? ['ocpp1.6']).includes(body.ocpp))
      .map((p) => p.name);
    if (!known.includes(body.profile)) throw badRequest(`Unknown profile "${body.profile}" for ${body.ocpp}; known profiles: ${known.join(', ')}`);
    return services.simulator.spawn(body);
  }),
  route(c.stop, async ({ services, body }) => {
    if (!body.all && !body.ids) throw badRequest('Give "ids" (array of charger ids) or "all": true');
    // endSessions (default): StopTransaction for each running session, then close; powerCut: gone without a word
    return { stopped: await services.simulator.stop(body.all ? 'all' : (body.ids as string[]), body.mode), mode: body.mode };
  }),
  route(c.act, async ({ services, params, body }) => {
    const { args, ...rest } = body;
    const req = { ...args, ...rest };
    const { action } = req;
    if ((action === 'plug' || action === 'unplug' || action === 'startSession' || action === 'stopSession') && req.connectorId === undefined) {
      throw badRequest(`Action "${action}" needs "connectorId"`);
    }
    if (action === 'fault' && req.fault === undefined) throw badRequest('Missing body parameter "fault"');
    try {
      return { ok: true, result: (await services.simulator.act(params.id, req)) ?? null };
    } catch (err) {
      // the charger refused the action in its current state (e.g. nothing plugged in): tell the user why
      if (err instanceof HttpError) throw err;
      throw conflict((err as Error).message);
    }
  }),
];
