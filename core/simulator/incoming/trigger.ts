/** TriggerMessage (OCPP 1.6 §5.17): answers Accepted, then sends the requested message. */
import type { Handler } from './types.js';

export const triggerMessage: Handler<'TriggerMessage'> = (cp, req) => {
  const cid = req.connectorId;
  if (cid !== undefined && (cid < 0 || cid > cp.profile.connectors)) return { conf: { status: 'Rejected' } };
  const connectors = cid === undefined ? cp.connectors : [cp.connector(cid)];
  return {
    conf: { status: 'Accepted' },
    after: () => {
      switch (req.requestedMessage) {
        case 'BootNotification':
          cp.registrar.sendBoot();
          break;
        case 'Heartbeat':
          cp.calls.send('Heartbeat', {}, { beforeAccepted: true });
          break;
        case 'StatusNotification':
          for (const c of connectors) cp.statuses.notifyStatus(c, { triggered: true });
          break;
        case 'MeterValues':
          for (const c of connectors) {
            if (c.id === 0 && cp.profile.connectors > 0 && cid === undefined) continue;
            cp.metering.sendMeterValues(c, cp.config.list('MeterValuesSampledData'), 'Trigger');
          }
          break;
        case 'DiagnosticsStatusNotification':
          cp.calls.send('DiagnosticsStatusNotification', { status: cp.firmware.diagnosticsStatus }, { beforeAccepted: true });
          break;
        case 'FirmwareStatusNotification':
          cp.calls.send('FirmwareStatusNotification', { status: cp.firmware.firmwareStatus }, { beforeAccepted: true });
          break;
      }
    },
  };
};
