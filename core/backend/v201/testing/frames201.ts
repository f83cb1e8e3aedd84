/** OCPP 2.0.1 payloads for tests: a boot, statuses, and TransactionEvents with energy readings. */
export const BOOT201 = {
  reason: 'PowerUp',
  chargingStation: { model: 'Volt 2', vendorName: 'ACME', serialNumber: 'SN-201', firmwareVersion: '2.0.1-a', modem: { iccid: 'ICC1', imsi: 'IMSI1' } },
};

export const ts201 = (offsetS = 0): string => new Date(Date.parse('2025-12-31T12:00:00Z') + offsetS * 1000).toISOString();

export const status201 = (evseId: number, connectorStatus: string, offsetS = 0) => ({ timestamp: ts201(offsetS), connectorStatus, evseId, connectorId: 1 });

export function energy(wh: number, offsetS: number, context = 'Sample.Periodic', extra: Array<Record<string, unknown>> = []) {
  return {
    timestamp: ts201(offsetS),
    sampledValue: [{ value: wh, context, measurand: 'Energy.Active.Import.Register', unitOfMeasure: { unit: 'Wh' } }, ...extra],
  };
}

export interface TxEventOptions {
  evseId?: number;
  idToken?: { idToken: string; type: string } | null;
  triggerReason?: string;
  chargingState?: string;
  stoppedReason?: string;
  meterValue?: unknown[];
  offline?: boolean;
  reservationId?: number;
}

export function txEvent(eventType: 'Started' | 'Updated' | 'Ended', transactionId: string, seqNo: number, offsetS: number, o: TxEventOptions = {}) {
  const defaultTrigger = eventType === 'Started' ? 'Authorized' : eventType === 'Ended' ? 'StopAuthorized' : 'MeterValuePeriodic';
  return {
    eventType,
    timestamp: ts201(offsetS),
    triggerReason: o.triggerReason ?? defaultTrigger,
    seqNo,
    ...(o.offline !== undefined ? { offline: o.offline } : {}),
    ...(o.reservationId !== undefined ? { reservationId: o.reservationId } : {}),
    transactionInfo: {
      transactionId,
      ...(o.chargingState ? { chargingState: o.chargingState } : {}),
      ...(o.stoppedReason ? { stoppedReason: o.stoppedReason } : {}),
    },
    ...(eventType === 'Started' || o.evseId !== undefined ? { evse: { id: o.evseId ?? 1, connectorId: 1 } } : {}),
    ...(o.idToken === null ? {} : o.idToken ? { idToken: o.idToken } : eventType === 'Started' ? { idToken: { idToken: 'DRIVER-1', type: 'ISO14443' } } : {}),
    ...(o.meterValue ? { meterValue: o.meterValue } : {}),
  };
}
