import { defineQuirk } from './hooks.js';

export const remoteStartMinDelayMs = defineQuirk({
  name: 'remoteStartMinDelayMs',
  description: 'Rejects a RemoteStartTransaction arriving sooner than this many ms after its last status change.',
  hook: 'remoteStartTiming',
  value: 'ms',
  apply: (refuse, minDelayMs, ctx) => refuse || ctx.msSinceStatusChange < minDelayMs,
});
