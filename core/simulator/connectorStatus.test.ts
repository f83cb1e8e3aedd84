import { describe, expect, it } from 'vitest';
import { CONNECTOR_STATUSES, isLegalTransition } from './connectorStatus.js';
import { ManualClock } from './clocks.js';
import { makeCharger } from './testing/helpers.js';

describe('connector state machine (OCPP 1.6 §4.9)', () => {
  it('allows the spec transitions and refuses the others', () => {
    expect(isLegalTransition('Available', 'Preparing')).toBe(true);
    expect(isLegalTransition('Preparing', 'Charging')).toBe(true);
    expect(isLegalTransition('Charging', 'SuspendedEV')).toBe(true);
    expect(isLegalTransition('SuspendedEV', 'Charging')).toBe(true);
    expect(isLegalTransition('Charging', 'Finishing')).toBe(true);
    expect(isLegalTransition('Finishing', 'Available')).toBe(true);
    expect(isLegalTransition('Faulted', 'Available')).toBe(true);
    expect(isLegalTransition('Available', 'Finishing')).toBe(false);
    expect(isLegalTransition('Charging', 'Preparing')).toBe(false);
    expect(isLegalTransition('Charging', 'Reserved')).toBe(false);
    expect(isLegalTransition('Preparing', 'Reserved')).toBe(false);
    expect(isLegalTransition('Reserved', 'Charging')).toBe(false);
    for (const s of CONNECTOR_STATUSES) expect(isLegalTransition(s, s)).toBe(false);
    for (const s of CONNECTOR_STATUSES) expect(isLegalTransition('Faulted', s)).toBe(s !== 'Faulted');
  });

  it('connector 0 only knows Available, Unavailable and Faulted', () => {
    expect(isLegalTransition('Available', 'Unavailable', 0)).toBe(true);
    expect(isLegalTransition('Unavailable', 'Faulted', 0)).toBe(true);
    expect(isLegalTransition('Available', 'Charging', 0)).toBe(false);
  });

  it('a charger refuses an illegal transition and keeps its status', () => {
    const { cp } = makeCharger('ws://127.0.0.1:1/ocpp', 'reference', {}, new ManualClock());
    expect(() => cp.setStatus(1, 'Finishing')).toThrow(/Available → Finishing is not a legal/);
    expect(cp.connector(1).status).toBe('Available');
    cp.setStatus(1, 'Preparing');
    cp.setStatus(1, 'Faulted', 'GroundFailure');
    expect(cp.connector(1)).toMatchObject({ status: 'Faulted', errorCode: 'GroundFailure' });
    expect(() => cp.setStatus(0, 'Charging')).toThrow(/not a legal/);
  });

  it('drives a session through Preparing → Charging → SuspendedEV (full) → Finishing → Available offline', () => {
    const clock = new ManualClock();
    const { cp } = makeCharger(
      'ws://127.0.0.1:1/ocpp',
      'reference',
      { configuration: { MeterValueSampleInterval: 60, AllowOfflineTxForUnknownId: true } },
      clock,
    );
    const seen: string[] = [];
    cp.bus.subscribe((e) => e.kind === 'status' && e.connectorId === 1 && seen.push(e.status));
    cp.powered = true; // powered but never connected: transaction messages queue up
    cp.plug(1, { soc: 78, capacityWh: 10_000, maxPowerW: 10_000, targetSoc: 100 });
    cp.beginTransaction(1, 'TAG');
    clock.advance(2 * 3600_000);
    expect(cp.connector(1).ev?.soc).toBeCloseTo(100, 5);
    cp.stopTransaction(1, 'Local');
    cp.unplug(1);
    expect(seen).toEqual(['Preparing', 'Charging', 'SuspendedEV', 'Finishing', 'Available']);
    // taper: the energy delivered equals what the battery took
    expect(cp.connector(1).meter.energyWh).toBeCloseTo(2_200, 0);
    expect(cp.queued).toBeGreaterThan(2); // StartTransaction, MeterValues..., StopTransaction waiting for a connection
  });
});
