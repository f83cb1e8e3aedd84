/** A 2.0.1 charger's device model (NotifyReport, stored by core/backend/v201/middleware/notifyReport.ts), reading it, and the events it reported. */
import type { ApiServices } from '../../api/services.js';
import type { BenchApiDeps } from './deps.js';

/** GetBaseReport requestIds: unique within a run, increasing across runs (seconds since 2020, then counted up). */
let lastRequestId = Math.floor((Date.now() - Date.UTC(2020, 0, 1)) / 1000);

export function createDeviceModelService(deps: BenchApiDeps, commands: ApiServices['commands']): ApiServices['deviceModel'] {
  const { store } = deps.backend;
  return {
    get: (chargePointId) => ({ chargePointId, variables: store.deviceModel.count(chargePointId), components: store.deviceModel.tree(chargePointId) }),
    async read(chargePointId, reportBase, timeoutMs) {
      const requestId = ++lastRequestId;
      const result = await commands.send(chargePointId, 'GetBaseReport', { requestId, reportBase }, timeoutMs);
      return { requestId, result };
    },
    events: (chargePointId, kind, limit) => store.chargerEvents.list(chargePointId, kind, limit),
  };
}
