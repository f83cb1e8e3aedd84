import { defineQuirk } from './hooks.js';

export const doubleStartOnRemoteStart = defineQuirk({
  name: 'doubleStartOnRemoteStart',
  description:
    'Accepts a RemoteStartTransaction for a connector that already has a transaction and starts a second one there (a second StartTransaction); the first runs on unseen until the session ends, then both are stopped.',
  hook: 'remoteStartOnBusy',
  value: 'boolean',
  apply: () => true,
});
