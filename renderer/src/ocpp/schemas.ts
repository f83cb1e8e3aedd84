/** The OCA OCPP 1.6 schemas, imported as pure data (the only core file the renderer bundles). */
import schemas from '../../../core/ocpp/schemas/ocpp16.json';
import type { JsonSchema } from './schemaValidate.js';

/** The 19 commands a central system can send, from the route contracts (core/ocpp/actions.ts's list). */
export { COMMANDS } from '../../../core/api/contracts/commands.js';

export function requestSchema(action: string): JsonSchema {
  return (schemas as Record<string, JsonSchema>)[`${action}.req`] ?? { type: 'object', properties: {} };
}
