import { describe, expect, it } from 'vitest';
import { checkPayload, validatePayload, schemaFor } from './validation.js';
import { ALL_ACTIONS, CENTRAL_SYSTEM_ACTIONS, CHARGE_POINT_ACTIONS } from './actions.js';

describe('OCA schema validation', () => {
  it('has a .req and .conf schema for all 28 actions', () => {
    expect(ALL_ACTIONS).toHaveLength(28);
    expect(CHARGE_POINT_ACTIONS).toHaveLength(10);
    expect(CENTRAL_SYSTEM_ACTIONS).toHaveLength(19);
    for (const a of ALL_ACTIONS) {
      expect(schemaFor(a, 'req')).toBeTypeOf('object');
      expect(schemaFor(a, 'conf')).toBeTypeOf('object');
    }
  });

  it('accepts a valid BootNotification', () => {
    expect(checkPayload('BootNotification', 'req', { chargePointVendor: 'V', chargePointModel: 'M' })).toBeNull();
  });

  it('maps a missing required field to OccurenceConstraintViolation', () => {
    expect(checkPayload('BootNotification', 'req', { chargePointVendor: 'V' })?.code).toBe('OccurenceConstraintViolation');
  });

  it('maps a wrong type to TypeConstraintViolation', () => {
    expect(checkPayload('StartTransaction', 'req', { connectorId: '1', idTag: 'A', meterStart: 0, timestamp: '2026-01-01T00:00:00Z' })?.code).toBe(
      'TypeConstraintViolation',
    );
  });

  it('maps a too-long string and a bad enum to PropertyConstraintViolation', () => {
    expect(checkPayload('Authorize', 'req', { idTag: 'x'.repeat(21) })?.code).toBe('PropertyConstraintViolation');
    expect(checkPayload('StatusNotification', 'req', { connectorId: 1, errorCode: 'NoError', status: 'Sleeping' })?.code).toBe('PropertyConstraintViolation');
  });

  it('maps an unknown property to FormationViolation', () => {
    expect(checkPayload('Heartbeat', 'req', { extra: 1 })?.code).toBe('FormationViolation');
  });

  it('accepts decimals such as 8.1 under multipleOf 0.1', () => {
    const profile = {
      connectorId: 1,
      csChargingProfiles: {
        chargingProfileId: 1,
        stackLevel: 0,
        chargingProfilePurpose: 'TxDefaultProfile',
        chargingProfileKind: 'Absolute',
        chargingSchedule: {
          chargingRateUnit: 'A',
          chargingSchedulePeriod: [
            { startPeriod: 0, limit: 8.1 },
            { startPeriod: 60, limit: 16.7 },
          ],
        },
      },
    };
    expect(checkPayload('SetChargingProfile', 'req', profile)).toBeNull();
    profile.csChargingProfiles.chargingSchedule.chargingSchedulePeriod[0]!.limit = 8.15;
    expect(checkPayload('SetChargingProfile', 'req', profile)?.code).toBe('PropertyConstraintViolation');
  });

  it('requires RFC 3339 date-times with a timezone', () => {
    const base = { connectorId: 1, idTag: 'A', meterStart: 0 };
    expect(checkPayload('StartTransaction', 'req', { ...base, timestamp: '2026-01-01T10:00:00.123+02:00' })).toBeNull();
    expect(checkPayload('StartTransaction', 'req', { ...base, timestamp: '2026-01-01T10:00:00' })?.code).toBe('PropertyConstraintViolation');
    expect(checkPayload('StartTransaction', 'req', { ...base, timestamp: 'yesterday' })?.code).toBe('PropertyConstraintViolation');
  });

  it('honours strictness: strict rejects, warn passes with the problem, off skips', () => {
    const bad = { idTag: 5 };
    expect(validatePayload('Authorize', 'req', bad, 'strict')).toMatchObject({ ok: false, problem: { code: 'TypeConstraintViolation' } });
    expect(validatePayload('Authorize', 'req', bad, 'warn')).toMatchObject({ ok: true, problem: { code: 'TypeConstraintViolation' } });
    expect(validatePayload('Authorize', 'req', bad, 'off')).toEqual({ ok: true, problem: null });
  });

  it('reports an unknown action as NotImplemented', () => {
    expect(checkPayload('Teleport', 'req', {})?.code).toBe('NotImplemented');
  });
});
