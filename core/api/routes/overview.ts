import { readFileSync } from 'node:fs';
import { contracts } from '../contracts/index.js';
import { openApiDocument } from '../openapi.js';
import { route } from '../router.js';
import { HttpError } from '../errors.js';

const c = contracts.overview;
/** When this server process started: a client that sees it change knows the server restarted. */
const STARTED_AT = new Date().toISOString();
const VERSION = (JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

export const overviewRoutes = [
  route(c.get, ({ services }) => services.overview()),
  route(c.health, () => ({ ok: true as const, startedAt: STARTED_AT })),
  route(c.fleetSeries, ({ services, query }) => {
    if (!services.fleetSeries) throw new HttpError(503, 'This bench keeps no fleet series');
    return services.fleetSeries(query.since ?? 0);
  }),
  route(c.transport, ({ services }) => services.transport.status()),
  route(c.openapi, ({ url }) => openApiDocument({ version: VERSION, serverUrl: url.origin })),
];
