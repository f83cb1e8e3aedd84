/** SetChargingProfile (§5.16), ClearChargingProfile (§5.5) and GetCompositeSchedule (§5.7). */
import { compositeSchedule } from '../chargingProfiles.js';
import type { ChargerPort } from './port.js';
import type { Handler } from './types.js';

function reevaluate(cp: ChargerPort): void {
  for (const c of cp.connectors) if (c.tx) cp.metering.updateChargingStatus(c);
}

export const setChargingProfile: Handler<'SetChargingProfile'> = (cp, req) => {
  const rejected = { conf: { status: 'Rejected' as const } };
  const p = req.csChargingProfiles;
  const c = cp.connectors[req.connectorId];
  if (!c) return rejected;
  if (p.chargingProfilePurpose === 'ChargePointMaxProfile' && req.connectorId !== 0) return rejected;
  if (p.chargingProfilePurpose === 'TxProfile') {
    if (req.connectorId === 0 || !c.tx) return rejected;
    if (p.transactionId !== undefined && p.transactionId !== c.tx.id) return rejected;
  }
  if (p.stackLevel > cp.config.int('ChargeProfileMaxStackLevel', 10)) return rejected;
  if (p.chargingSchedule.chargingSchedulePeriod.length > cp.config.int('ChargingScheduleMaxPeriods', 24)) return rejected;
  const units = cp.config.list('ChargingScheduleAllowedChargingRateUnit');
  if (units.length && !units.includes(p.chargingSchedule.chargingRateUnit === 'A' ? 'Current' : 'Power')) return rejected;
  if (p.chargingProfileKind === 'Recurring' && (!p.recurrencyKind || !p.chargingSchedule.startSchedule)) return rejected;
  const kept = (cp.metering.chargingProfiles ?? []).filter(
    (ip) =>
      ip.profile.chargingProfileId !== p.chargingProfileId &&
      !(ip.connectorId === req.connectorId && ip.profile.chargingProfilePurpose === p.chargingProfilePurpose && ip.profile.stackLevel === p.stackLevel),
  );
  if (kept.length + 1 > cp.config.int('MaxChargingProfilesInstalled', 10)) return rejected;
  // Meters integrate up to now under the old limits before the new profile applies.
  for (const x of cp.connectors) if (x.tx) cp.metering.advance(x);
  kept.push({ connectorId: req.connectorId, profile: p });
  cp.metering.chargingProfiles = kept;
  return { conf: { status: 'Accepted' }, after: () => reevaluate(cp) };
};

export const clearChargingProfile: Handler<'ClearChargingProfile'> = (cp, req) => {
  const list = cp.metering.chargingProfiles ?? [];
  const matches = list.filter((ip) => {
    if (req.id !== undefined) return ip.profile.chargingProfileId === req.id;
    if (req.connectorId !== undefined && ip.connectorId !== req.connectorId) return false;
    if (req.chargingProfilePurpose !== undefined && ip.profile.chargingProfilePurpose !== req.chargingProfilePurpose) return false;
    if (req.stackLevel !== undefined && ip.profile.stackLevel !== req.stackLevel) return false;
    return true;
  });
  if (matches.length === 0) return { conf: { status: 'Unknown' } };
  for (const x of cp.connectors) if (x.tx) cp.metering.advance(x);
  const remaining = list.filter((ip) => !matches.includes(ip));
  cp.metering.chargingProfiles = remaining.length ? remaining : null;
  return { conf: { status: 'Accepted' }, after: () => reevaluate(cp) };
};

export const getCompositeSchedule: Handler<'GetCompositeSchedule'> = (cp, req) => {
  const c = cp.connectors[req.connectorId];
  if (!c) return { conf: { status: 'Rejected' } };
  const units = cp.config.list('ChargingScheduleAllowedChargingRateUnit');
  const unit = req.chargingRateUnit ?? (units[0] === 'Current' ? 'A' : 'W');
  const now = cp.now();
  const maxW = req.connectorId === 0 ? cp.profile.maxPowerW * cp.profile.connectors : cp.profile.maxPowerW;
  const ctx = { voltage: cp.profile.voltage, phases: cp.profile.phases, transactionId: c.tx?.id ?? null, txStart: c.tx?.startedAt ?? null };
  const schedule = compositeSchedule(cp.metering.chargingProfiles, req.connectorId, now, req.duration, unit, ctx, maxW);
  schedule.startSchedule = cp.timestamp(now);
  return { conf: { status: 'Accepted', connectorId: req.connectorId, scheduleStart: cp.timestamp(now), chargingSchedule: schedule } };
};
