import { defineQuirk } from './hooks.js';

export const malformedPongs = defineQuirk({
  name: 'malformedPongs',
  description: 'Answers websocket pings with a truncated pong payload.',
  hook: 'connect',
  value: 'boolean',
  apply: (input) => ({ ...input, pong: (ping: Buffer) => (ping.length > 1 ? ping.subarray(0, ping.length >> 1) : Buffer.from([0x00])) }),
});
