import { contracts } from '../contracts/index.js';
import { badRequest, notFound } from '../errors.js';
import { route, type Route } from '../router.js';
import { checkScenarioText, listLibrary, sharedScenarioRuns, type ScenarioRuns } from '../../scenario/library.js';
import { ScenarioError } from '../../scenario/parse.js';

const c = contracts.scenarios;

/** The Scenarios screen (core/scenario does the work): the library, and runs on their own in-process ChargeBench (progress on the live stream). */
export function createScenarioRoutes(runs: ScenarioRuns = sharedScenarioRuns()): Route[] {
  return [
    route(c.library, () => listLibrary()),
    route(c.run, async ({ body }) => {
      try {
        return { job: await runs.start(body.file, body.speed) };
      } catch (err) {
        throw badRequest((err as Error).message);
      }
    }),
    route(c.check, ({ body }) => checkScenarioText(body.text, body.file)),
    route(c.runText, async ({ body }) => {
      try {
        return { job: await runs.startText(body.text, body.file, body.speed) };
      } catch (err) {
        throw badRequest((err as Error).message, err instanceof ScenarioError ? err.issues : undefined);
      }
    }),
    route(c.job, ({ params }) => {
      const job = runs.get(params.id);
      if (!job) throw notFound(`no scenario run "${params.id}"`);
      return { job };
    }),
  ];
}

export const scenarioRoutes: Route[] = createScenarioRoutes();
