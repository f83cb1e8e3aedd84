/** OCPP 1.6J's entry in the protocol registry (core/ocpp/protocols.ts). */
import { defineProtocol, type ProtocolModule } from '../protocolModule.js';
import { CENTRAL_SYSTEM_ACTIONS, CHARGE_POINT_ACTIONS } from './actions.js';
import { OCPP16_ERRORS } from './errors.js';
import { ENUM_VALUES, SCHEMA_ACTIONS } from './types.generated.js';
import { OCPP16_SCHEMAS, validator16 } from './validation.js';

export const ocpp16: ProtocolModule<'ocpp1.6'> = defineProtocol({
  version: 'ocpp1.6',
  title: 'OCPP 1.6',
  terms: { charger: 'charge point', centralSystem: 'central system' },
  actions: SCHEMA_ACTIONS,
  chargerActions: CHARGE_POINT_ACTIONS,
  centralSystemActions: CENTRAL_SYSTEM_ACTIONS,
  schemas: OCPP16_SCHEMAS,
  validator: validator16,
  errors: OCPP16_ERRORS,
  enums: ENUM_VALUES,
});
