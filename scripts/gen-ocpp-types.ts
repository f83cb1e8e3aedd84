/**
 * Writes the generated OCPP types for every protocol version (core/ocpp/v16/types.generated.ts,
 * core/ocpp/v201/types.generated.ts) from the OCA JSON schemas in core/ocpp/schemas/. Run `npm run gen:types`
 * after changing a schema or a name in scripts/ocpp-types/names16.ts; the output is committed, and
 * core/ocpp/generatedTypes.test.ts (part of `npm test`) fails while it is stale.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { generateAll } from './ocpp-types/generate.js';

for (const { path, text } of generateAll()) {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
  console.log(`wrote ${path} (${text.split('\n').length} lines)`);
}
