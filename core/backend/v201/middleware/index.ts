/**
 * The OCPP 2.0.1 central system's middleware catalog and default chains (chains "ocpp2.0.1/<Action>"). A 2.0.1
 * CALL whose chain has no middleware here is answered NotSupported (a known action this central system does not
 * support); an unknown action NotImplemented.
 */
import type { ChainKey, MiddlewareDefinition } from '../../context.js';
import { authorize201 } from './authorize.js';
import { autoRemoteStartOnStatus201, autoRemoteStartOnTransaction201 } from './autoRemoteStart.js';
import { bootNotification201 } from './bootNotification.js';
import { trackChargingProfile201, trackChargingProfileClear201 } from './chargingProfiles.js';
import { dataTransfer201 } from './dataTransfer.js';
import { firmwareStatusNotification201 } from './firmwareStatusNotification.js';
import { heartbeat201 } from './heartbeat.js';
import { logStatusNotification201 } from './logStatusNotification.js';
import { meterValues201 } from './meterValues.js';
import { notifyEVChargingNeeds201 } from './notifyEVChargingNeeds.js';
import { notifyEvent201 } from './notifyEvent.js';
import { notifyReport201 } from './notifyReport.js';
import { reservationStatusUpdate201 } from './reservationStatusUpdate.js';
import { trackReservation201, trackReservationCancel201, useReservation201 } from './reservations.js';
import { securityEventNotification201 } from './securityEventNotification.js';
import { statusNotification201 } from './statusNotification.js';
import { transactionEvent201 } from './transactionEvent.js';
import { storeVariables201, trackSetVariables201 } from './variables.js';

export const V201_MIDDLEWARE: readonly MiddlewareDefinition[] = [
  authorize201,
  autoRemoteStartOnStatus201,
  autoRemoteStartOnTransaction201,
  bootNotification201,
  dataTransfer201,
  firmwareStatusNotification201,
  heartbeat201,
  logStatusNotification201,
  meterValues201,
  notifyEVChargingNeeds201,
  notifyEvent201,
  notifyReport201,
  reservationStatusUpdate201,
  securityEventNotification201,
  statusNotification201,
  transactionEvent201,
  useReservation201,
  trackReservation201,
  trackReservationCancel201,
  trackChargingProfile201,
  trackChargingProfileClear201,
  storeVariables201,
  trackSetVariables201,
];

export const V201_DEFAULT_CHAINS: Partial<Record<ChainKey, readonly string[]>> = {
  'ocpp2.0.1/StatusNotification': ['AutoRemoteStart201', 'StatusNotification201'],
  'ocpp2.0.1/TransactionEvent': ['AutoRemoteStartOnEVConnected201', 'TransactionEvent201', 'UseReservation201'],
};
