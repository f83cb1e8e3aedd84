/**
 * The device model follows what the charger answers about its variables: a GetVariables result Accepted with a
 * value, and a SetVariables result Accepted (or RebootRequired: the value is set, effective after a reboot),
 * update that attribute in the stored device model (core/store/deviceModel.ts). Rejected / unknown ones change
 * nothing (the frames keep the answer).
 */
import { versionedReplyMiddleware } from '../../context.js';

export const storeVariables201 = versionedReplyMiddleware('ocpp2.0.1', {
  name: 'StoreVariables201',
  description: 'Updates the device model with each GetVariables result the charger accepted (its attribute value).',
  action: 'GetVariables',
  async handle(ctx, next) {
    let n = 0;
    for (const r of ctx.result?.getVariableResult ?? []) {
      if (r.attributeStatus !== 'Accepted' || r.attributeValue === undefined) continue;
      ctx.store.deviceModel.setAttribute(ctx.chargePointId, r, r.attributeType ?? 'Actual', r.attributeValue, ctx.nowIso);
      n++;
    }
    if (n > 0) ctx.emit('deviceModel', { chargePointId: ctx.chargePointId, requestId: -1, variables: n, complete: true });
    await next();
  },
});

export const trackSetVariables201 = versionedReplyMiddleware('ocpp2.0.1', {
  name: 'TrackSetVariables201',
  description: 'Updates the device model with each SetVariables value the charger accepted (Accepted or RebootRequired).',
  action: 'SetVariables',
  async handle(ctx, next) {
    let n = 0;
    for (const r of ctx.result?.setVariableResult ?? []) {
      if (r.attributeStatus !== 'Accepted' && r.attributeStatus !== 'RebootRequired') continue;
      const type = r.attributeType ?? 'Actual';
      const sent = ctx.request.setVariableData.find(
        (d) =>
          (d.attributeType ?? 'Actual') === type &&
          d.component.name === r.component.name &&
          (d.component.instance ?? '') === (r.component.instance ?? '') &&
          (d.component.evse?.id ?? -1) === (r.component.evse?.id ?? -1) &&
          (d.component.evse?.connectorId ?? -1) === (r.component.evse?.connectorId ?? -1) &&
          d.variable.name === r.variable.name &&
          (d.variable.instance ?? '') === (r.variable.instance ?? ''),
      );
      if (!sent) continue;
      ctx.store.deviceModel.setAttribute(ctx.chargePointId, r, type, sent.attributeValue, ctx.nowIso);
      n++;
    }
    if (n > 0) ctx.emit('deviceModel', { chargePointId: ctx.chargePointId, requestId: -1, variables: n, complete: true });
    await next();
  },
});
