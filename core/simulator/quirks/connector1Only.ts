import { defineQuirk } from './hooks.js';

export const connector1Only = defineQuirk({
  name: 'connector1Only',
  description: 'Never reports connector 0 status; only connector 1 is usable.',
  hook: 'statusNotification',
  value: 'boolean',
  apply: (report, _on, ctx) => report && ctx.connectorId !== 0,
});
