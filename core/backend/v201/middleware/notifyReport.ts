/**
 * NotifyReport (the answer to GetBaseReport / GetReport, in parts: seqNo, tbc): each part's reportData stored as
 * the charger's device model — a variable reported again replaces what was known of it.
 */
import { versionedCallMiddleware } from '../../context.js';
import { chargerTime } from './chargerEvent.js';

export const notifyReport201 = versionedCallMiddleware('ocpp2.0.1', {
  name: 'NotifyReport201',
  description: "Stores each report part's components and variables (attributes, characteristics) as the charger's device model.",
  action: 'NotifyReport',
  async handle(ctx, next) {
    const r = ctx.request;
    const n = ctx.store.deviceModel.store(ctx.chargePointId, r.requestId, chargerTime(ctx, r.generatedAt), r.reportData ?? []);
    ctx.response = {};
    ctx.emit('deviceModel', { chargePointId: ctx.chargePointId, requestId: r.requestId, variables: n, complete: !r.tbc });
    await next();
  },
});
