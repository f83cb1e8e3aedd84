/**
 * Payload validation. The rules and the validator factory are in payloadValidator.ts, each version's validator in
 * its folder (v16/validation.ts, v201/validation.ts; protocols[version].validator). This path keeps what 1.6 code
 * has always imported from here: checkPayload/validatePayload/assertPayload/schemaFor for OCPP 1.6.
 */
export * from './payloadValidator.js';
export { assertPayload, checkPayload, schemaFor, validatePayload } from './v16/validation.js';
