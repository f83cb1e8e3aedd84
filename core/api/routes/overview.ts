import { readFileSync } from 'node:fs';
import { contracts } from '../contracts/index.js';
import { openApiDocument } from '../openapi.js';
import { route } from '../router.js';

const c = contracts.overview;
const VERSION = (JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

export const overviewRoutes = [
  route(c.get, ({ services }) => services.overview()),
  route(c.health, () => ({ ok: true as const })),
  route(c.transport, ({ services }) => services.transport.status()),
  route(c.openapi, ({ url }) => openApiDocument({ version: VERSION, serverUrl: url.origin })),
];
