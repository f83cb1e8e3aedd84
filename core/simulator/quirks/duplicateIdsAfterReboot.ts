import { defineQuirk } from './hooks.js';

export const duplicateIdsAfterReboot = defineQuirk({
  name: 'duplicateIdsAfterReboot',
  description: 'Restarts its message-id counter at 1 after every reboot, so ids repeat.',
  hook: 'messageIds',
  value: 'boolean',
  apply: () => 0,
});
