import { defineQuirk } from './hooks.js';

export const timestampsWithoutTimezone = defineQuirk({
  name: 'timestampsWithoutTimezone',
  description: 'Sends timestamps as local date-times without a timezone, e.g. 2026-01-01T08:00:00.',
  hook: 'timestamp',
  value: 'boolean',
  apply: (iso) => iso.slice(0, 19),
});
