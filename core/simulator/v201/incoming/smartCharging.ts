/**
 * Smart charging (K01, K08–K10): SetChargingProfile per EVSE (ChargingStationMaxProfile on EVSE 0 only, a
 * TxProfile only with a transaction on that EVSE, K01.FR.09/16), GetChargingProfiles → ReportChargingProfiles per
 * EVSE, ClearChargingProfile, GetCompositeSchedule from the same limit engine the meter follows.
 */
import type { ChargingProfileType } from '../../../ocpp/v201/index.js';
import type { Installed201 } from '../smartCharging.js';
import type { Handler } from './types.js';

export const setChargingProfile: Handler<'SetChargingProfile'> = (cp, req) => {
  const p = req.chargingProfile;
  if (!cp.dm.bool('SmartChargingCtrlr', 'Enabled'))
    return {
      conf: {
        status: 'Rejected',
        statusInfo: { reasonCode: 'SmartChargingDisabled' },
      },
    };
  if (req.evseId > 0 && !cp.evse(req.evseId))
    return {
      conf: { status: 'Rejected', statusInfo: { reasonCode: 'UnknownEvse' } },
    };
  if ((p.chargingProfilePurpose === 'ChargingStationMaxProfile' || p.chargingProfilePurpose === 'ChargingStationExternalConstraints') && req.evseId !== 0)
    return {
      conf: {
        status: 'Rejected',
        statusInfo: {
          reasonCode: 'InvalidEvse',
          additionalInfo: `${p.chargingProfilePurpose} applies to evseId 0 only`,
        },
      },
    };
  if (p.stackLevel > cp.dm.int('SmartChargingCtrlr', 'ProfileStackLevel', 8))
    return {
      conf: {
        status: 'Rejected',
        statusInfo: { reasonCode: 'InvalidStackLevel' },
      },
    };
  if (p.chargingProfilePurpose === 'TxProfile') {
    const tx = cp.evse(req.evseId)?.tx;
    if (req.evseId === 0 || !tx || (p.transactionId !== undefined && p.transactionId !== tx.id))
      return {
        conf: { status: 'Rejected', statusInfo: { reasonCode: 'TxNotFound' } },
      };
  }
  if (p.chargingSchedule.some((s) => s.chargingSchedulePeriod.length > cp.dm.int('SmartChargingCtrlr', 'PeriodsPerSchedule', 24)))
    return {
      conf: {
        status: 'Rejected',
        statusInfo: { reasonCode: 'TooManyPeriods' },
      },
    };
  return {
    conf: { status: 'Accepted' },
    after: () => {
      cp.state.profiles.install(req.evseId, p);
      cp.dm.setInternal('SmartChargingCtrlr', 'Entries', String(cp.state.profiles.list.length));
      for (const e of cp.evses) cp.sessions.updateChargingState(e, 'ChargingRateChanged');
    },
  };
};

export const getChargingProfiles: Handler<'GetChargingProfiles'> = (cp, req) => {
  const c = req.chargingProfile;
  const match = (ip: Installed201): boolean =>
    (req.evseId === undefined || ip.evseId === req.evseId) &&
    (c.chargingProfilePurpose === undefined || ip.profile.chargingProfilePurpose === c.chargingProfilePurpose) &&
    (c.stackLevel === undefined || ip.profile.stackLevel === c.stackLevel) &&
    (c.chargingProfileId === undefined || c.chargingProfileId.includes(ip.profile.id)) &&
    (c.chargingLimitSource === undefined || c.chargingLimitSource.includes('CSO'));
  const found = cp.state.profiles.list.filter(match);
  if (!found.length) return { conf: { status: 'NoProfiles' } };
  const byEvse = new Map<number, ChargingProfileType[]>();
  for (const ip of found) byEvse.set(ip.evseId, [...(byEvse.get(ip.evseId) ?? []), ip.profile]);
  return {
    conf: { status: 'Accepted' },
    after: () => {
      const groups = [...byEvse];
      groups.forEach(([evseId, chargingProfile], i) =>
        cp.send('ReportChargingProfiles', {
          requestId: req.requestId,
          chargingLimitSource: 'CSO',
          evseId,
          chargingProfile,
          ...(i < groups.length - 1 ? { tbc: true } : {}),
        }),
      );
    },
  };
};

export const clearChargingProfile: Handler<'ClearChargingProfile'> = (cp, req) => {
  const k = req.chargingProfileCriteria;
  const removed = cp.state.profiles.remove(
    (ip) =>
      (req.chargingProfileId === undefined || ip.profile.id === req.chargingProfileId) &&
      (k?.evseId === undefined || ip.evseId === k.evseId) &&
      (k?.chargingProfilePurpose === undefined || ip.profile.chargingProfilePurpose === k.chargingProfilePurpose) &&
      (k?.stackLevel === undefined || ip.profile.stackLevel === k.stackLevel),
  );
  if (!removed) return { conf: { status: 'Unknown' } };
  return {
    conf: { status: 'Accepted' },
    after: () => {
      cp.dm.setInternal('SmartChargingCtrlr', 'Entries', String(cp.state.profiles.list.length));
      for (const e of cp.evses) cp.sessions.updateChargingState(e, 'ChargingRateChanged');
    },
  };
};

export const getCompositeSchedule: Handler<'GetCompositeSchedule'> = (cp, req) => {
  const e = req.evseId > 0 ? cp.evse(req.evseId) : undefined;
  if (req.evseId > 0 && !e)
    return {
      conf: { status: 'Rejected', statusInfo: { reasonCode: 'UnknownEvse' } },
    };
  const h = cp.profile.hardware;
  const ctx = {
    voltage: h.voltage,
    phases: h.phases,
    transactionId: e?.tx ? 1 : null,
    txStart: e?.tx?.startedAt ?? null,
  };
  const maxW = h.maxPowerW * (req.evseId === 0 ? cp.evses.length : 1);
  return {
    conf: {
      status: 'Accepted',
      schedule: cp.state.profiles.composite(req.evseId, cp.now(), req.duration, req.chargingRateUnit ?? 'W', ctx, maxW),
    },
  };
};
