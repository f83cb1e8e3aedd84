import { describe, expect, it } from 'vitest';
import { advanceMeter, deliverablePowerW, type MeterState } from './meter.js';
import { evDemandW, type Ev } from './ev.js';
import { compositeLimitW, compositeSchedule, type InstalledProfile } from './chargingProfiles.js';

const ev = (soc: number): Ev => ({ capacityWh: 50_000, soc, maxPowerW: 50_000, targetSoc: 100 });

describe('power curve and meter', () => {
  it('draws full power below 80 % SoC, tapers above, nothing at the target', () => {
    expect(evDemandW(ev(50))).toBe(50_000);
    expect(evDemandW(ev(90))).toBeCloseTo(25_000);
    expect(evDemandW(ev(100))).toBe(0);
    expect(deliverablePowerW(22_000, ev(50), null)).toBe(22_000);
    expect(deliverablePowerW(22_000, ev(50), 7_000)).toBe(7_000);
    expect(deliverablePowerW(22_000, null, null)).toBe(0);
  });

  it('integrates power into a monotonic register consistent with power × time', () => {
    const m: MeterState = { energyWh: 1000, powerW: 0, at: 0 };
    const car = ev(20);
    let last = m.energyWh;
    for (let t = 60_000; t <= 600_000; t += 60_000) {
      advanceMeter(m, t, true, 11_000, car, () => null);
      expect(m.energyWh - last).toBeCloseTo((11_000 * 60) / 3600, 6);
      last = m.energyWh;
    }
    expect(car.soc).toBeCloseTo(20 + (11_000 * 600) / 3600 / 500, 6);
    advanceMeter(m, 700_000, false, 11_000, car, () => null);
    expect(m.energyWh).toBe(last);
  });
});

describe('charging profiles', () => {
  const ctx = { voltage: 230, phases: 3, transactionId: 7, txStart: 0 };
  const profile = (over: Partial<InstalledProfile['profile']>, connectorId = 1): InstalledProfile => ({
    connectorId,
    profile: {
      chargingProfileId: 1,
      stackLevel: 0,
      chargingProfilePurpose: 'TxDefaultProfile',
      chargingProfileKind: 'Relative',
      chargingSchedule: {
        chargingRateUnit: 'W',
        chargingSchedulePeriod: [
          { startPeriod: 0, limit: 7000 },
          { startPeriod: 600, limit: 3000 },
        ],
      },
      ...over,
    },
  });

  it('takes the highest stack level, TxProfile over TxDefault, capped by ChargePointMaxProfile', () => {
    const list = [
      profile({}),
      profile({ chargingProfileId: 2, stackLevel: 1, chargingSchedule: { chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 0, limit: 16 }] } }),
    ];
    expect(compositeLimitW(list, 1, 0, ctx)).toBe(16 * 230 * 3);
    list.push(
      profile({
        chargingProfileId: 3,
        chargingProfilePurpose: 'TxProfile',
        chargingSchedule: { chargingRateUnit: 'W', chargingSchedulePeriod: [{ startPeriod: 0, limit: 4000 }] },
      }),
    );
    expect(compositeLimitW(list, 1, 0, ctx)).toBe(4000);
    list.push(
      profile(
        {
          chargingProfileId: 4,
          chargingProfilePurpose: 'ChargePointMaxProfile',
          chargingProfileKind: 'Absolute',
          chargingSchedule: { startSchedule: new Date(0).toISOString(), chargingRateUnit: 'W', chargingSchedulePeriod: [{ startPeriod: 0, limit: 2000 }] },
        },
        0,
      ),
    );
    expect(compositeLimitW(list, 1, 1000, ctx)).toBe(2000);
    expect(compositeLimitW(list, 2, 1000, ctx)).toBe(2000);
  });

  it('builds a composite schedule with the period changes', () => {
    const s = compositeSchedule([profile({})], 1, 0, 1200, 'W', ctx, 22_000);
    expect(s.chargingSchedulePeriod).toEqual([
      { startPeriod: 0, limit: 7000, numberPhases: 3 },
      { startPeriod: 600, limit: 3000, numberPhases: 3 },
    ]);
  });
});
