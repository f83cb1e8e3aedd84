/** OCPP 2.0.1 payload validation: the OCA 2.0.1 schemas with 2.0.1's error codes and 32-bit integers. */
import schemas from '../schemas/ocpp201.json' with { type: 'json' };
import { createPayloadValidator } from '../payloadValidator.js';
import { OCPP201_ERRORS } from './errors.js';

export const OCPP201_SCHEMAS: Readonly<Record<string, object>> = schemas;

export const validator201 = createPayloadValidator({ title: 'OCPP 2.0.1', schemas: OCPP201_SCHEMAS, errors: OCPP201_ERRORS });
