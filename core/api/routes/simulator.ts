import { HttpError, badRequest } from '../http.js';
import type { Route } from '../router.js';
import { chargerId } from './chargers.js';
import type { SimStopMode } from '../types.js';

/** Ids are prefix + a 4-digit number: the prefix uses the id rule's characters (core/ocpp/chargePointId.ts). */
const ID_PREFIX = /^[A-Za-z0-9\-_.~*+@|]{0,40}$/;
const FAULTS = ['dropConnection', 'unresponsive', 'answerLate', 'malformedJson', 'callError', 'faulted', 'powerCut'] as const;
const STOP_MODES = ['endSessions', 'powerCut', 'disconnect'] as const;
const SIM_ACTIONS = ['plug', 'unplug', 'startSession', 'stopSession', 'fault', 'clearFault', 'reboot', 'disconnect', 'reconnect'] as const;

export const simulatorRoutes: Route[] = [
  { method: 'GET', path: '/api/simulator/profiles', handler: ({ services }) => services.simulator.profiles() },
  { method: 'GET', path: '/api/simulator/jobs', handler: ({ services }) => services.simulator.jobs() },
  {
    method: 'POST',
    path: '/api/simulator/spawn',
    handler: async ({ services, body }) => {
      const b = await body();
      const profile = b.requiredString('profile', { max: 80 });
      const known = services.simulator.profiles().map((p) => p.name);
      if (!known.includes(profile)) throw badRequest(`Unknown profile "${profile}"; known profiles: ${known.join(', ')}`);
      return services.simulator.spawn({
        count: b.requiredInt('count', { min: 1, max: 20_000 }),
        profile,
        rampPerSec: b.number('rampPerSec', { min: 0.1, max: 10_000, def: 50 }) as number,
        idPrefix: b.string('idPrefix', { pattern: ID_PREFIX }) ?? 'SIM-',
        autoSessions: b.bool('autoSessions', false) as boolean,
        meterIntervalS: b.int('meterIntervalS', { min: 1, max: 86_400 }),
      });
    },
  },
  {
    method: 'POST',
    path: '/api/simulator/stop',
    handler: async ({ services, body }) => {
      const b = await body();
      const all = b.bool('all', false);
      const ids = b.stringArray('ids', { maxItems: 20_000 });
      if (!all && !ids) throw badRequest('Give "ids" (array of charger ids) or "all": true');
      ids?.forEach((id) => chargerId(id));
      // endSessions (default): StopTransaction for each running session, then close; powerCut: gone without a word
      const mode: SimStopMode = b.oneOf('mode', STOP_MODES) ?? 'endSessions';
      return { stopped: await services.simulator.stop(all ? 'all' : (ids as string[]), mode), mode };
    },
  },
  {
    method: 'POST',
    path: '/api/simulator/chargers/:id/actions',
    handler: async ({ services, params, body }) => {
      const id = chargerId(params.id);
      const b = await body();
      const action = b.oneOf('action', SIM_ACTIONS, { required: true }) as string;
      const connectorId = b.int('connectorId', { min: 0, max: 100 });
      if ((action === 'plug' || action === 'unplug' || action === 'startSession' || action === 'stopSession') && connectorId === undefined) {
        throw badRequest(`Action "${action}" needs "connectorId"`);
      }
      if (action === 'fault') b.oneOf('fault', FAULTS, { required: true });
      const req = { ...(b.raw('args') as object | undefined), action, connectorId, idTag: b.string('idTag', { max: 20 }), fault: b.string('fault', { max: 40 }), errorCode: b.string('errorCode', { max: 40 }) };
      try {
        return { ok: true, result: (await services.simulator.act(id, req)) ?? null };
      } catch (err) {
        // the charger refused the action in its current state (e.g. nothing plugged in): tell the user why
        if (err instanceof HttpError) throw err;
        throw new HttpError(409, (err as Error).message);
      }
    },
  },
];
