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
          cp.sendBoot();
          break;
        case 'Heartbeat':
          cp.send('Heartbeat', {}, { beforeAccepted: true });
          break;
        case 'StatusNotification':
          for (const c of connectors) cp.notifyStatus(c, { triggered: true });
          break;
        case 'MeterValues':
          for (const c of connectors) {
            if (c.id === 0 && cp.profile.connectors > 0 && cid === undefined) continue;
            cp.sendMeterValues(c, cp.config.list('MeterValuesSampledData'), 'Trigger');
          }
          break;
        case 'DiagnosticsStatusNotification':
          cp.send('DiagnosticsStatusNotification', { status: cp.diagnosticsStatus }, { beforeAccepted: true });
          break;
        case 'FirmwareStatusNotification':
          cp.send('FirmwareStatusNotification', { status: cp.firmwareStatus }, { beforeAccepted: true });
          break;
      }
    },
  };
};
