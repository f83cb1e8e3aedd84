/** OCPP 1.6J: generated types and enum lists, the action table, error codes, validation, and its registry entry. */
export * from './types.generated.js';
export * from './actions.js';
export * from './errors.js';
export * from './validation.js';
export { ocpp16 } from './protocol.js';
