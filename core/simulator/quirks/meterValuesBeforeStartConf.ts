import { defineQuirk } from './hooks.js';

export const meterValuesBeforeStartConf = defineQuirk({
  name: 'meterValuesBeforeStartConf',
  description: 'Sends a MeterValues (without transactionId) before the StartTransaction reply arrives.',
  hook: 'startTransactionSent',
  value: 'boolean',
  apply: () => true,
});
