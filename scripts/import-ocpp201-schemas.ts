/**
 * Copies the OCA OCPP 2.0.1 JSON schemas (OCPP 2.0.1 Part 3, all 64 messages × request/response) from the
 * `ocpp-rpc` package into core/ocpp/schemas/ocpp201.json, keyed like ocpp16.json ("BootNotification.req",
 * "BootNotification.conf"), each schema verbatim. The repository keeps the copy, so neither the build nor the
 * app depends on a devDependency's file layout. Run `npx tsx scripts/import-ocpp201-schemas.ts` to refresh it,
 * then `npm run gen:types`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const source = join(dirname(require.resolve('ocpp-rpc/package.json')), 'lib/schemas/ocpp2_0_1.json');
const list = JSON.parse(readFileSync(source, 'utf8')) as Array<{ $id: string }>;
const out: Record<string, unknown> = {};
for (const schema of [...list].sort((a, b) => a.$id.localeCompare(b.$id))) {
  const m = /^urn:([A-Za-z0-9]+)\.(req|conf)$/.exec(schema.$id);
  if (!m) throw new Error(`Unexpected schema id ${schema.$id} in ${source}`);
  out[`${m[1]}.${m[2]}`] = schema;
}
const actions = new Set(Object.keys(out).map((k) => k.split('.')[0]));
if (actions.size !== 64 || Object.keys(out).length !== 128)
  throw new Error(`Expected 64 actions × 2 schemas, found ${actions.size} actions / ${Object.keys(out).length} schemas`);
writeFileSync('core/ocpp/schemas/ocpp201.json', `${JSON.stringify(out, null, 1)}\n`);
console.log(`wrote core/ocpp/schemas/ocpp201.json (${actions.size} actions, ${Object.keys(out).length} schemas) from ${source}`);
