/** OCPP 1.6's action table under its old path (1.6 code imports it from here); the table lives in v16/actions.ts. */
export * from './v16/actions.js';
