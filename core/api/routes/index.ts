import type { Route } from '../router.js';
import { chargerRoutes } from './chargers.js';
import { commandRoutes } from './commands.js';
import { exportRoutes } from './exportLog.js';
import { idTagRoutes } from './idTags.js';
import { messageRoutes } from './messages.js';
import { meterRoutes } from './meters.js';
import { middlewareRoutes } from './middleware.js';
import { overviewRoutes } from './overview.js';
import { settingsRoutes } from './settings.js';
import { simulatorRoutes } from './simulator.js';
import { transactionRoutes } from './transactions.js';
import { transportRoutes } from './transport.js';
import { brokerRoutes } from './broker.js';
import { scenarioRoutes } from './scenarios.js';

/** Every bench API route, grouped by domain (one module each). */
export const allRoutes: Route[] = [
  ...overviewRoutes,
  ...chargerRoutes,
  ...simulatorRoutes,
  ...commandRoutes,
  ...messageRoutes,
  ...exportRoutes,
  ...meterRoutes,
  ...transactionRoutes,
  ...middlewareRoutes,
  ...idTagRoutes,
  ...settingsRoutes,
  ...transportRoutes,
  ...brokerRoutes,
  ...scenarioRoutes,
];
