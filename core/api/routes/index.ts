import type { Route } from '../router.js';
import { brokerRoutes } from './broker.js';
import { chargerRoutes } from './chargers.js';
import { chargingProfileRoutes } from './chargingProfiles.js';
import { commandRoutes } from './commands.js';
import { configurationRoutes } from './configuration.js';
import { deviceModelRoutes } from './deviceModel.js';
import { idTagRoutes } from './idTags.js';
import { messageRoutes } from './messages.js';
import { meterRoutes } from './meters.js';
import { middlewareRoutes } from './middleware.js';
import { overviewRoutes } from './overview.js';
import { registryRoutes } from './registry.js';
import { reservationRoutes } from './reservations.js';
import { scenarioRoutes } from './scenarios.js';
import { settingsRoutes } from './settings.js';
import { simulatorRoutes } from './simulator.js';
import { transactionRoutes } from './transactions.js';

/** Every bench API route, one module per domain; each implements a contract of core/api/contracts (a test checks all are). */
export const allRoutes: Route[] = [
  ...overviewRoutes,
  ...registryRoutes,
  ...chargerRoutes,
  ...simulatorRoutes,
  ...commandRoutes,
  ...messageRoutes,
  ...meterRoutes,
  ...transactionRoutes,
  ...reservationRoutes,
  ...chargingProfileRoutes,
  ...configurationRoutes,
  ...deviceModelRoutes,
  ...middlewareRoutes,
  ...idTagRoutes,
  ...settingsRoutes,
  ...brokerRoutes,
  ...scenarioRoutes,
];
