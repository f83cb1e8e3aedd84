import { defineQuirk } from './hooks.js';

export const stopTransactionRetryForever = defineQuirk({
  name: 'stopTransactionRetryForever',
  description: 'Retries a StopTransaction answered with a CALLERROR (or unanswered) forever, ignoring TransactionMessageAttempts.',
  hook: 'transactionRetry',
  value: 'boolean',
  apply: (forever, _on, ctx) => forever || ctx.action === 'StopTransaction',
});
