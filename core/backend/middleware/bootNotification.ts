import { callMiddleware } from '../context.js';

export const bootNotification = callMiddleware({
  name: 'BootNotification',
  description:
    "Stores vendor, model, serials and firmware; answers Accepted/Pending/Rejected (the charger's registry entry, else the boot policy) with the heartbeat interval.",
  action: 'BootNotification',
  async handle(ctx, next) {
    const r = ctx.request;
    // The registry's answer for this charger first (the operator's Accept/Reject), then the settings'.
    const status = ctx.store.registry.bootPolicy(ctx.chargePointId) ?? ctx.settings.boot.perCharger[ctx.chargePointId] ?? ctx.settings.boot.policy;
    // Accepted: the heartbeat interval. Pending/Rejected: when to retry the BootNotification.
    const interval = status === 'Accepted' ? ctx.settings.heartbeatInterval : ctx.settings.boot.retryInterval;
    ctx.store.chargePoints.recordBoot(
      ctx.chargePointId,
      {
        vendor: r.chargePointVendor,
        model: r.chargePointModel,
        chargePointSerial: r.chargePointSerialNumber,
        chargeBoxSerial: r.chargeBoxSerialNumber,
        firmwareVersion: r.firmwareVersion,
        iccid: r.iccid,
        imsi: r.imsi,
        meterType: r.meterType,
        meterSerial: r.meterSerialNumber,
      },
      status,
      interval,
      ctx.nowIso,
    );
    ctx.response = { status, currentTime: ctx.nowIso, interval };
    await next();
    const cp = ctx.chargePoint();
    if (cp) ctx.emit('chargePoint', { change: 'boot', chargePoint: cp });
  },
});
