import { defineQuirk } from './hooks.js';

export const noSubprotocol = defineQuirk({
  name: 'noSubprotocol',
  description: 'Opens the websocket without a Sec-WebSocket-Protocol header.',
  hook: 'connect',
  value: 'boolean',
  apply: (input) => ({ ...input, subprotocols: [] }),
});
