/** The OCA OCPP 1.6 schemas, imported as pure data (the only core file the renderer bundles). */
import schemas from '../../../core/ocpp/schemas/ocpp16.json';
import type { JsonSchema } from './schemaValidate.js';

/** The 19 commands a central system can send (18 CS-only + DataTransfer), as in core/ocpp/actions.ts. */
export const COMMANDS = [
  'RemoteStartTransaction', 'RemoteStopTransaction', 'Reset', 'ChangeAvailability', 'ChangeConfiguration', 'GetConfiguration',
  'UnlockConnector', 'TriggerMessage', 'ClearCache', 'DataTransfer', 'GetLocalListVersion', 'SendLocalList', 'ReserveNow',
  'CancelReservation', 'SetChargingProfile', 'ClearChargingProfile', 'GetCompositeSchedule', 'GetDiagnostics', 'UpdateFirmware',
] as const;

export function requestSchema(action: string): JsonSchema {
  return (schemas as Record<string, JsonSchema>)[`${action}.req`] ?? { type: 'object', properties: {} };
}
