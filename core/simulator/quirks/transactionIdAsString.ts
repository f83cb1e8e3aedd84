import { defineQuirk } from './hooks.js';

export const transactionIdAsString = defineQuirk({
  name: 'transactionIdAsString',
  description: 'Sends transactionId as a JSON string in MeterValues and StopTransaction.',
  hook: 'transactionId',
  value: 'boolean',
  apply: (id) => String(id),
});
