/** OCPP 2.0.1's entry in the protocol registry (core/ocpp/protocols.ts). */
import { defineProtocol, type ProtocolModule } from '../protocolModule.js';
import { CHARGING_STATION_ACTIONS, CSMS_ACTIONS } from './actions.js';
import { OCPP201_ERRORS } from './errors.js';
import { ENUM_VALUES, SCHEMA_ACTIONS } from './types.generated.js';
import { OCPP201_SCHEMAS, validator201 } from './validation.js';

export const ocpp201: ProtocolModule<'ocpp2.0.1'> = defineProtocol({
  version: 'ocpp2.0.1',
  title: 'OCPP 2.0.1',
  terms: { charger: 'charging station', centralSystem: 'CSMS' },
  actions: SCHEMA_ACTIONS,
  chargerActions: CHARGING_STATION_ACTIONS,
  centralSystemActions: CSMS_ACTIONS,
  schemas: OCPP201_SCHEMAS,
  validator: validator201,
  errors: OCPP201_ERRORS,
  enums: ENUM_VALUES,
});
