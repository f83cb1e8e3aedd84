/**
 * NotifyEVChargingNeeds (ISO 15118): the EV's needs are stored; this central system computes no schedule for the
 * EV, so it answers Rejected (K15: "the CSMS will not provide a charging profile"), never leaving the EV waiting.
 */
import { versionedCallMiddleware } from '../../context.js';
import { recordChargerEvent } from './chargerEvent.js';

export const notifyEVChargingNeeds201 = versionedCallMiddleware('ocpp2.0.1', {
  name: 'NotifyEVChargingNeeds201',
  description: 'Stores the EV charging needs and answers Rejected: no charging schedule is computed for the EV.',
  action: 'NotifyEVChargingNeeds',
  async handle(ctx, next) {
    const r = ctx.request;
    recordChargerEvent(ctx, 'EVChargingNeeds', r.chargingNeeds.requestedEnergyTransfer, undefined, r);
    ctx.response = {
      status: 'Rejected',
      statusInfo: { reasonCode: 'NoSchedule', additionalInfo: 'this central system computes no charging schedule for the EV' },
    };
    await next();
  },
});
