/**
 * Implements the bench API's ApiServices over the real backend (store, settings, middleware chains, events,
 * sendCall, applyChange), the simulator fleet and the transport: one module per domain in core/app/api/. Wiring.
 */
import type { ApiServices } from '../api/services.js';
import { createChargingProfilesService } from './api/chargingProfilesService.js';
import { createCommandsService, matchesFilter } from './api/commandsService.js';
import { createConfigurationService } from './api/configurationService.js';
import type { BenchApiDeps } from './api/deps.js';
import { createLiveFeed } from './api/liveFeed.js';
import { createLogServices } from './api/logService.js';
import { createRegistryService } from './api/registryService.js';
import { createReservationsService } from './api/reservationsService.js';
import { createDeviceModelService } from './api/deviceModelService.js';
import { createSettingsServices } from './api/settingsService.js';
import { createSimulatorService } from './api/simulatorService.js';
import { createTransactionsService } from './api/transactionsService.js';
import { createViews } from './api/views.js';
import { createChargerHealth } from './api/chargerHealth.js';
import { createFleetSampler } from './api/fleetSampler.js';
import { systemClock, type Clock } from '../util/clock.js';

export type { BenchApiDeps, BenchBackend } from './api/deps.js';
export { frameRowView } from './api/liveFeed.js';
export { lanOcppUrls } from './api/views.js';

export function createBenchApiServices(deps: BenchApiDeps): ApiServices & { close(): void } {
  const feed = createLiveFeed(deps);
  const clock: Clock = deps.now ? { ...systemClock, now: deps.now } : systemClock;
  const health = createChargerHealth(deps.backend, clock, (chargePointId) => feed.emit({ kind: 'charger', chargePointId }));
  const views = createViews(deps, feed, health);
  const fleet = createFleetSampler(deps.backend, clock, () => views.allSummaries());
  const commands = createCommandsService(deps, feed, views);
  const registry = createRegistryService(deps, feed, commands.send);
  return {
    overview() {
      const all = views.allSummaries();
      const byState: Record<string, number> = {};
      for (const c of all) byState[c.state] = (byState[c.state] ?? 0) + 1;
      const fig = views.summaries.figures();
      return {
        chargers: { total: all.length, connected: all.filter((c) => c.connected).length, simulated: all.filter((c) => c.simulated).length },
        byState,
        messagesPerSec: feed.messagesPerSec(),
        messagesTotal: fig.framesStored,
        transactionsRunning: fig.transactionsRunning,
        transactionsOpenOffline: fig.transactionsOpenOffline,
        energyDeliveredWh: fig.energyDeliveredWh,
        transport: views.transport(),
      };
    },
    fleetSeries: (since) => ({ intervalMs: fleet.series.intervalMs, points: fleet.series.points(since) }),
    counters() {
      const fig = views.summaries.figures();
      return {
        messagesPerSec: feed.messagesPerSec(),
        messagesTotal: fig.framesStored,
        connected: 0,
        transactionsRunning: fig.transactionsRunning,
        transactionsOpenOffline: fig.transactionsOpenOffline,
      };
    },
    chargers: {
      list(q) {
        const list = views.allSummaries().filter((c) => matchesFilter(c, q));
        return { items: list.slice(q.offset, q.offset + q.limit), total: list.length, offset: q.offset, limit: q.limit };
      },
      summaries: (ids) => views.someSummaries(ids),
      get: (id) => views.detail(id),
      async disconnect(id) {
        if (!deps.disconnectCharger) throw new Error('This bench cannot disconnect chargers (no edge in this process)');
        await deps.disconnectCharger(id);
      },
    },
    registry,
    simulator: createSimulatorService(deps, registry.addMany),
    commands,
    ...createLogServices(deps),
    transactions: createTransactionsService(deps, views),
    reservations: createReservationsService(deps, commands),
    chargingProfiles: createChargingProfilesService(deps, commands),
    configuration: createConfigurationService(deps, commands),
    deviceModel: createDeviceModelService(deps, commands),
    ...createSettingsServices(deps),
    transport: { status: views.transport },
    subscribe: feed.subscribe,
    close() {
      health.close();
      fleet.close();
      feed.close();
    },
  };
}
