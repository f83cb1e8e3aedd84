/** GetConfiguration and ChangeConfiguration (OCPP 1.6 §5.8, §5.4), with the side effects of changed keys. */
import type { ChargerPort } from './port.js';
import type { Handler } from './types.js';

export const getConfiguration: Handler<'GetConfiguration'> = (cp, req) => ({ conf: cp.config.read(req.key) });

function applyKey(cp: ChargerPort, key: string): void {
  switch (key) {
    case 'HeartbeatInterval':
      cp.registrar.scheduleHeartbeat();
      break;
    case 'MeterValueSampleInterval':
      cp.metering.rescheduleSampling();
      break;
    case 'ClockAlignedDataInterval':
      cp.metering.scheduleAligned();
      break;
    default:
      break;
  }
}

export const changeConfiguration: Handler<'ChangeConfiguration'> = (cp, req) => {
  const status = cp.config.change(req.key, req.value);
  return { conf: { status }, after: status === 'Accepted' ? () => applyKey(cp, req.key) : undefined };
};
