/** OCPP 2.0.1: generated types and enum lists, the action table, error codes, validation, and its registry entry. */
export * from './types.generated.js';
export * from './actions.js';
export * from './errors.js';
export * from './validation.js';
export { ocpp201 } from './protocol.js';
