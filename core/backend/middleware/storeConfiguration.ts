import { replyMiddleware } from '../context.js';

export const storeConfiguration = replyMiddleware({
  name: 'StoreConfiguration',
  description:
    "Keeps the charger's configuration keys from a GetConfiguration result (merged into what is known), when it was read and the keys it did not know.",
  action: 'GetConfiguration',
  async handle(ctx, next) {
    if (ctx.result?.configurationKey) {
      const known = new Map((ctx.chargePoint()?.configuration ?? []).map((k) => [k.key, k]));
      for (const k of ctx.result.configurationKey) {
        known.set(k.key, k.value === undefined ? { key: k.key, readonly: k.readonly } : { key: k.key, readonly: k.readonly, value: k.value });
      }
      ctx.store.chargePoints.setConfiguration(
        ctx.chargePointId,
        [...known.values()].sort((a, b) => a.key.localeCompare(b.key)),
      );
    }
    if (ctx.result) {
      ctx.store.configuration.recordRead(ctx.chargePointId, ctx.nowIso, ctx.result.unknownKey ?? []);
      ctx.emit('configuration', { chargePointId: ctx.chargePointId });
    }
    await next();
  },
});
