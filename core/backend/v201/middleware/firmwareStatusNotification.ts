import { versionedCallMiddleware } from '../../context.js';
import { recordChargerEvent } from './chargerEvent.js';

export const firmwareStatusNotification201 = versionedCallMiddleware('ocpp2.0.1', {
  name: 'FirmwareStatusNotification201',
  description: 'Stores the firmware update status (with the UpdateFirmware requestId).',
  action: 'FirmwareStatusNotification',
  async handle(ctx, next) {
    recordChargerEvent(ctx, 'FirmwareStatus', ctx.request.status, undefined, ctx.request);
    ctx.response = {};
    await next();
  },
});
