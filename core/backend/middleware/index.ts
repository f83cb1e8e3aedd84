/**
 * The built-in middleware catalog and the default chains (the seed's defaults, plus reply handlers).
 */
import type { ChainKey, MiddlewareDefinition } from '../context.js';
import { authorize } from './authorize.js';
import { bootNotification } from './bootNotification.js';
import { dataTransfer } from './dataTransfer.js';
import { diagnosticsStatusNotification } from './diagnosticsStatusNotification.js';
import { firmwareStatusNotification } from './firmwareStatusNotification.js';
import { heartbeat } from './heartbeat.js';
import { meterValues } from './meterValues.js';
import { orphanedTransaction } from './orphanedTransaction.js';
import { startTransaction } from './startTransaction.js';
import { autoRemoteStart } from './autoRemoteStart.js';
import { statusNotification } from './statusNotification.js';
import { stopTransaction } from './stopTransaction.js';
import { storeConfiguration } from './storeConfiguration.js';
import { trackConfigurationChange } from './trackConfigurationChange.js';
import { trackReservation, trackReservationCancel, useReservation } from './reservations.js';
import { trackChargingProfile, trackChargingProfileClear } from './chargingProfiles.js';

export const BUILTIN_MIDDLEWARE: readonly MiddlewareDefinition[] = [
  authorize,
  bootNotification,
  dataTransfer,
  diagnosticsStatusNotification,
  firmwareStatusNotification,
  heartbeat,
  meterValues,
  orphanedTransaction,
  startTransaction,
  autoRemoteStart,
  statusNotification,
  stopTransaction,
  storeConfiguration,
  trackConfigurationChange,
  trackReservation,
  trackReservationCancel,
  useReservation,
  trackChargingProfile,
  trackChargingProfileClear,
];

/** Default order per chain (as the seed: OrphanedTransaction → StartTransaction, AutoRemoteStart → StatusNotification). */
export const DEFAULT_CHAINS: Partial<Record<ChainKey, readonly string[]>> = {
  Authorize: ['Authorize'],
  BootNotification: ['BootNotification'],
  DataTransfer: ['DataTransfer'],
  DiagnosticsStatusNotification: ['DiagnosticsStatusNotification'],
  FirmwareStatusNotification: ['FirmwareStatusNotification'],
  Heartbeat: ['Heartbeat'],
  MeterValues: ['MeterValues'],
  StartTransaction: ['OrphanedTransaction', 'StartTransaction', 'UseReservation'],
  StatusNotification: ['AutoRemoteStart', 'StatusNotification'],
  StopTransaction: ['StopTransaction'],
  'GetConfiguration.reply': ['StoreConfiguration'],
  'ChangeConfiguration.reply': ['TrackConfigurationChange'],
  'ReserveNow.reply': ['TrackReservation'],
  'CancelReservation.reply': ['TrackReservationCancel'],
  'SetChargingProfile.reply': ['TrackChargingProfile'],
  'ClearChargingProfile.reply': ['TrackChargingProfileClear'],
};
