/** Simulated chargers: spawning (registered first while unknown chargers are refused), stopping, acting on one. */
import type { ApiServices } from '../../api/services.js';
import { notFound } from '../../api/errors.js';
import type { BenchApiDeps } from './deps.js';

export function createSimulatorService(deps: BenchApiDeps, register: (ids: string[]) => Promise<number>): ApiServices['simulator'] {
  return {
    profiles: () => deps.sim?.profiles() ?? [],
    async spawn(req) {
      if (!deps.sim) throw new Error('The simulator is not running in this process');
      // Unknown chargers are refused: the bench's own chargers would be too, so they are registered first.
      const registered = deps.unknownChargers?.get() === 'refuse' ? await register(deps.sim.plannedIds(req)) : 0;
      const job = deps.sim.spawn(req);
      return registered ? { ...job, registered } : job;
    },
    jobs: () => deps.sim?.jobs() ?? [],
    stop: async (ids, mode) => (deps.sim ? deps.sim.stop(ids, mode) : 0),
    async act(id, req) {
      if (!deps.sim?.has(id)) throw notFound(`"${id}" is not a simulated charger of this bench`);
      return deps.sim.act(id, req);
    },
  };
}
