/**
 * Smart charging (OCPP 1.6 §3.13): installed charging profiles, the limit in force at an instant, and the
 * composite schedule. ChargePointMaxProfile (connector 0) caps everything; on a connector the TxProfile of the
 * running transaction wins over TxDefaultProfile (connector-specific before connector 0); within a purpose the
 * highest stackLevel valid at that instant wins.
 */
import type { ChargingProfile, ChargingSchedule } from '../ocpp/index.js';

export type { ChargingProfile };
export type CompositeSchedule = ChargingSchedule;

export interface InstalledProfile {
  connectorId: number;
  profile: ChargingProfile;
}

export interface LimitContext {
  /** Volts per phase, to convert A ↔ W. */
  voltage: number;
  /** Phases used when a period does not say. */
  phases: number;
  /** Running transaction on the connector (id and start time), if any. */
  transactionId?: number | null;
  txStart?: number | null;
}

/** Start of the schedule in force at `t`, or null when the profile does not apply at `t`. */
function scheduleStart(p: ChargingProfile, t: number, txStart: number | null | undefined): number | null {
  if (p.validFrom && t < Date.parse(p.validFrom)) return null;
  if (p.validTo && t >= Date.parse(p.validTo)) return null;
  const s = p.chargingSchedule;
  if (p.chargingProfileKind === 'Relative') return txStart ?? null;
  const start = s.startSchedule ? Date.parse(s.startSchedule) : null;
  if (p.chargingProfileKind === 'Absolute') return start ?? txStart ?? null;
  // Recurring
  if (start === null) return null;
  const period = p.recurrencyKind === 'Weekly' ? 7 * 86_400_000 : 86_400_000;
  if (t < start) return null;
  return start + Math.floor((t - start) / period) * period;
}

/** The limit (in W) a single profile imposes at `t`, or null when it does not apply. */
export function profileLimitW(p: ChargingProfile, t: number, ctx: LimitContext): number | null {
  const start = scheduleStart(p, t, ctx.txStart);
  if (start === null || t < start) return null;
  const s = p.chargingSchedule;
  const offset = (t - start) / 1000;
  if (s.duration !== undefined && offset >= s.duration) return null;
  let current: (typeof s.chargingSchedulePeriod)[number] | undefined;
  for (const period of s.chargingSchedulePeriod) {
    if (period.startPeriod <= offset && (!current || period.startPeriod >= current.startPeriod)) current = period;
  }
  if (!current) return null;
  if (s.chargingRateUnit === 'W') return current.limit;
  return current.limit * ctx.voltage * (current.numberPhases ?? ctx.phases);
}

function topOf(profiles: InstalledProfile[], t: number, ctx: LimitContext, pick: (ip: InstalledProfile) => boolean): number | null {
  let best: { level: number; limit: number } | null = null;
  for (const ip of profiles) {
    if (!pick(ip)) continue;
    const limit = profileLimitW(ip.profile, t, ctx);
    if (limit === null) continue;
    if (!best || ip.profile.stackLevel > best.level) best = { level: ip.profile.stackLevel, limit };
  }
  return best ? best.limit : null;
}

/** The composite limit in W for `connectorId` at `t` (null: no profile limits the connector). */
export function compositeLimitW(profiles: readonly InstalledProfile[] | null, connectorId: number, t: number, ctx: LimitContext): number | null {
  if (!profiles || profiles.length === 0) return null;
  const list = profiles as InstalledProfile[];
  const max = topOf(list, t, ctx, (ip) => ip.profile.chargingProfilePurpose === 'ChargePointMaxProfile');
  let tx: number | null = null;
  if (connectorId > 0) {
    if (ctx.transactionId != null) {
      tx = topOf(
        list,
        t,
        ctx,
        (ip) =>
          ip.connectorId === connectorId &&
          ip.profile.chargingProfilePurpose === 'TxProfile' &&
          (ip.profile.transactionId === undefined || ip.profile.transactionId === ctx.transactionId),
      );
    }
    if (tx === null) tx = topOf(list, t, ctx, (ip) => ip.connectorId === connectorId && ip.profile.chargingProfilePurpose === 'TxDefaultProfile');
    if (tx === null) tx = topOf(list, t, ctx, (ip) => ip.connectorId === 0 && ip.profile.chargingProfilePurpose === 'TxDefaultProfile');
  }
  if (max === null) return tx;
  if (tx === null) return max;
  return Math.min(max, tx);
}

/** Every instant in [from, to) where some profile's limit may change. */
function breakpoints(profiles: readonly InstalledProfile[], from: number, to: number, ctx: LimitContext): number[] {
  const points = new Set<number>([from]);
  for (const { profile: p } of profiles) {
    for (const edge of [p.validFrom, p.validTo]) {
      if (edge) points.add(Date.parse(edge));
    }
    // Walk possible schedule starts (recurring profiles repeat) inside the window.
    const period = p.chargingProfileKind === 'Recurring' ? (p.recurrencyKind === 'Weekly' ? 7 * 86_400_000 : 86_400_000) : Infinity;
    let start = scheduleStart(p, from, ctx.txStart);
    if (start === null && p.chargingSchedule.startSchedule) start = Date.parse(p.chargingSchedule.startSchedule);
    for (let n = 0; start !== null && n < 16 && start < to; n++, start += period) {
      for (const sp of p.chargingSchedule.chargingSchedulePeriod) points.add(start + sp.startPeriod * 1000);
      if (p.chargingSchedule.duration !== undefined) points.add(start + p.chargingSchedule.duration * 1000);
      if (!Number.isFinite(period)) break;
    }
  }
  return [...points].filter((x) => x >= from && x < to).sort((a, b) => a - b);
}

/** GetCompositeSchedule: the merged schedule for the next `durationS` seconds, in the requested unit. */
export function compositeSchedule(
  profiles: readonly InstalledProfile[] | null,
  connectorId: number,
  from: number,
  durationS: number,
  unit: 'A' | 'W',
  ctx: LimitContext,
  defaultLimitW: number,
): CompositeSchedule {
  const to = from + durationS * 1000;
  const list = profiles ?? [];
  const periods: CompositeSchedule['chargingSchedulePeriod'] = [];
  let last: number | null = null;
  for (const t of breakpoints(list, from, to, ctx)) {
    const w = compositeLimitW(list, connectorId, t, ctx) ?? defaultLimitW;
    const limit = unit === 'W' ? Math.round(w * 10) / 10 : Math.round((w / (ctx.voltage * ctx.phases)) * 10) / 10;
    if (limit === last) continue;
    periods.push({ startPeriod: Math.round((t - from) / 1000), limit, numberPhases: ctx.phases });
    last = limit;
  }
  return { duration: durationS, startSchedule: new Date(from).toISOString(), chargingRateUnit: unit, chargingSchedulePeriod: periods };
}
