import { versionedCallMiddleware } from '../../context.js';

export const bootNotification201 = versionedCallMiddleware('ocpp2.0.1', {
  name: 'BootNotification201',
  description:
    "Stores vendor, model, serial, firmware and modem; answers Accepted/Pending/Rejected (the charger's registry entry, else the boot policy, as for 1.6) with the heartbeat or retry interval.",
  action: 'BootNotification',
  async handle(ctx, next) {
    const cs = ctx.request.chargingStation;
    const status = ctx.store.registry.bootPolicy(ctx.chargePointId) ?? ctx.settings.boot.perCharger[ctx.chargePointId] ?? ctx.settings.boot.policy;
    // Accepted: the heartbeat interval. Pending/Rejected: the minimum wait before the next BootNotification.
    const interval = status === 'Accepted' ? ctx.settings.heartbeatInterval : ctx.settings.boot.retryInterval;
    ctx.store.chargePoints.recordBoot(
      ctx.chargePointId,
      {
        vendor: cs.vendorName,
        model: cs.model,
        chargePointSerial: cs.serialNumber,
        firmwareVersion: cs.firmwareVersion,
        iccid: cs.modem?.iccid,
        imsi: cs.modem?.imsi,
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
