import type { Route } from '../router.js';
import { badRequest, notFound } from '../http.js';
import { listLibrary, ScenarioRuns } from '../../scenario/library.js';

/**
 * The Scenarios screen (core/scenario does the work):
 *   GET  /api/scenarios              the shipped library: name, description, tags, steps (title, line), validation error
 *   POST /api/scenarios/runs         { "file": "grizzl-e-session.yaml", "speed"?: 600 } starts a run on its own
 *                                    in-process ChargeBench; poll the returned job
 *   GET  /api/scenarios/runs/:id     the run: status, each step's status/message and the frames that proved it
 */
export function createScenarioRoutes(runs = new ScenarioRuns()): Route[] {
  return [
    { method: 'GET', path: '/api/scenarios', handler: () => listLibrary() },
    {
      method: 'POST',
      path: '/api/scenarios/runs',
      handler: async ({ body }) => {
        const b = await body();
        const file = b.requiredString('file', { max: 200, pattern: /^[A-Za-z0-9._-]+\.(ya?ml|json)$/ });
        const speed = b.int('speed', { min: 1, max: 10_000 });
        try {
          return { job: await runs.start(file, speed) };
        } catch (err) {
          throw badRequest((err as Error).message);
        }
      },
    },
    {
      method: 'GET',
      path: '/api/scenarios/runs/:id',
      handler: ({ params }) => {
        const job = runs.get(params.id ?? '');
        if (!job) throw notFound(`no scenario run "${params.id}"`);
        return { job };
      },
    },
  ];
}

export const scenarioRoutes: Route[] = createScenarioRoutes();
