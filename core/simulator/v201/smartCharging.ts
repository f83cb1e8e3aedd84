/**
 * OCPP 2.0.1 charging profiles on the 1.6 limit engine (../chargingProfiles.ts): a 2.0.1 profile is installed per
 * EVSE (0 = the station) and, for the limit, read as its 1.6 equivalent — ChargingStationMaxProfile (and
 * ChargingStationExternalConstraints) cap the station, TxProfile beats TxDefaultProfile, highest stackLevel wins,
 * the first schedule applies. So both versions limit the same EV model the same way.
 */
import type { ChargingProfile } from '../../ocpp/index.js';
import type { ChargingProfileType, CompositeScheduleType } from '../../ocpp/v201/index.js';
import { compositeLimitW, compositeSchedule, type InstalledProfile, type LimitContext } from '../chargingProfiles.js';

export interface Installed201 {
  evseId: number;
  profile: ChargingProfileType;
}

function as16(p: ChargingProfileType): ChargingProfile {
  const s = p.chargingSchedule[0];
  const purpose =
    p.chargingProfilePurpose === 'TxProfile' || p.chargingProfilePurpose === 'TxDefaultProfile' ? p.chargingProfilePurpose : 'ChargePointMaxProfile';
  return {
    chargingProfileId: p.id,
    stackLevel: p.stackLevel,
    chargingProfilePurpose: purpose,
    chargingProfileKind: p.chargingProfileKind,
    ...(p.recurrencyKind ? { recurrencyKind: p.recurrencyKind } : {}),
    ...(p.validFrom ? { validFrom: p.validFrom } : {}),
    ...(p.validTo ? { validTo: p.validTo } : {}),
    chargingSchedule: {
      chargingRateUnit: s?.chargingRateUnit ?? 'W',
      chargingSchedulePeriod: (s?.chargingSchedulePeriod ?? []).map((x) => ({
        startPeriod: x.startPeriod,
        limit: x.limit,
        ...(x.numberPhases !== undefined ? { numberPhases: x.numberPhases } : {}),
      })),
      ...(s?.duration !== undefined ? { duration: s.duration } : {}),
      ...(s?.startSchedule ? { startSchedule: s.startSchedule } : {}),
    },
  } as ChargingProfile;
}

export class ChargingProfiles201 {
  list: Installed201[] = [];
  private as16: InstalledProfile[] | null = null;

  private engine(): InstalledProfile[] {
    return (this.as16 ??= this.list.map((ip) => ({
      connectorId: ip.evseId,
      profile: as16(ip.profile),
    })));
  }

  /** Installs (replacing a profile with the same id, or the same purpose and stack level on the EVSE, K01.FR.05). */
  install(evseId: number, p: ChargingProfileType): void {
    this.list = this.list.filter(
      (ip) =>
        ip.profile.id !== p.id &&
        !(ip.evseId === evseId && ip.profile.chargingProfilePurpose === p.chargingProfilePurpose && ip.profile.stackLevel === p.stackLevel),
    );
    this.list.push({ evseId, profile: p });
    this.as16 = null;
  }

  remove(pick: (ip: Installed201) => boolean): number {
    const before = this.list.length;
    this.list = this.list.filter((ip) => !pick(ip));
    this.as16 = null;
    return before - this.list.length;
  }

  limitW(evseId: number, t: number, ctx: LimitContext): number | null {
    return this.list.length ? compositeLimitW(this.engine(), evseId, t, ctx) : null;
  }

  composite(evseId: number, from: number, durationS: number, unit: 'A' | 'W', ctx: LimitContext, defaultW: number): CompositeScheduleType {
    const s = compositeSchedule(this.engine(), evseId, from, durationS, unit, ctx, defaultW);
    return {
      evseId,
      duration: durationS,
      scheduleStart: s.startSchedule ?? new Date(from).toISOString(),
      chargingRateUnit: unit,
      chargingSchedulePeriod: s.chargingSchedulePeriod,
    };
  }
}
