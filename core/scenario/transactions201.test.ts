/** Transactions of OCPP 2.0.1 stations reconstructed from TransactionEvent frames, and the assertions over them. */
import { describe, expect, it } from 'vitest';
import { systemClock } from '../util/clock.js';
import { expectNoCallError, expectTransaction, type AssertionContext } from './assertions.js';
import { FrameLog } from './frameLog.js';
import { energyRegisterWh, observedTransactions } from './transactions.js';

const reading = (value: number, unit = 'Wh', multiplier?: number) => [
  {
    timestamp: '2026-01-01T00:00:00Z',
    sampledValue: [
      { value, measurand: 'Energy.Active.Import.Register', unitOfMeasure: { unit, ...(multiplier !== undefined ? { multiplier } : {}) } },
      { value: 7400, measurand: 'Power.Active.Import' },
    ],
  },
];

function event(log: FrameLog, id: string, eventType: string, seqNo: number, extra: Record<string, unknown>, answer: Record<string, unknown> = {}) {
  log.record(
    'ST-1',
    'charger',
    JSON.stringify([2, id, 'TransactionEvent', { eventType, timestamp: '2026-01-01T00:00:00Z', triggerReason: 'Authorized', seqNo, ...extra }]),
    undefined,
    'ocpp2.0.1',
  );
  log.record('ST-1', 'csms', JSON.stringify([3, id, answer]), undefined, 'ocpp2.0.1');
}

const ctx = (log: FrameLog): AssertionContext => ({
  log,
  clock: systemClock,
  window: { previousStep: { seq: 0, at: 0 }, start: { seq: 0, at: 0 } },
  defaultCharger: 'ST-1',
});

describe('2.0.1 transactions from TransactionEvent', () => {
  it('reads Wh, kWh and multipliers from the energy register, ignoring other measurands', () => {
    expect(energyRegisterWh(reading(1500))).toBe(1500);
    expect(energyRegisterWh(reading(1.5, 'kWh'))).toBe(1500);
    expect(energyRegisterWh(reading(15, 'Wh', 2))).toBe(1500);
    expect(energyRegisterWh([{ sampledValue: [{ value: 9, measurand: 'SoC' }] }])).toBeUndefined();
    expect(energyRegisterWh(undefined)).toBeUndefined();
  });

  it('opens on Started, follows Updated readings, ends on Ended with the stopped reason and energy', async () => {
    const log = new FrameLog(systemClock);
    event(
      log,
      'a',
      'Started',
      0,
      { transactionInfo: { transactionId: 'TX-9' }, evse: { id: 2, connectorId: 1 }, idToken: { idToken: 'TAG', type: 'ISO14443' }, meterValue: reading(1000) },
      { idTokenInfo: { status: 'Accepted' } },
    );
    event(log, 'b', 'Updated', 1, { transactionInfo: { transactionId: 'TX-9' }, meterValue: reading(1800) });
    let [tx] = observedTransactions(log);
    expect(tx).toMatchObject({ transactionId: 'TX-9', connectorId: 2, idTag: 'TAG', authorizationStatus: 'Accepted', meterStartWh: 1000 });
    expect(tx?.meterStopWh).toBeUndefined();
    expect((await expectTransaction(ctx(log), { do: 'expectTransaction', state: 'running' })).passed).toBe(true);
    expect((await expectTransaction(ctx(log), { do: 'expectTransaction' })).passed).toBe(false);
    event(log, 'c', 'Ended', 2, { transactionInfo: { transactionId: 'TX-9', stoppedReason: 'EVDisconnected' }, meterValue: reading(2.6, 'kWh') });
    [tx] = observedTransactions(log);
    expect(tx).toMatchObject({ meterStopWh: 2600, energyWh: 1600, stopReason: 'EVDisconnected' });
    // Started and Ended with their replies are the evidence; the Updated events are not.
    expect(tx?.evidence.map((f) => f.frame?.[1])).toEqual(['a', 'a', 'c', 'c']);
    const ok = await expectTransaction(ctx(log), { do: 'expectTransaction', connector: 2, energyWh: { min: 1500, max: 1700 }, stopReason: 'EVDisconnected' });
    expect(ok.passed, ok.message).toBe(true);
    const bad = await expectTransaction(ctx(log), { do: 'expectTransaction', stopReason: 'Local' });
    expect(bad.message).toMatch(/stop reason is EVDisconnected, expected Local/);
  });

  it('an Ended without a reading ends at the last reading; no stoppedReason means Local', () => {
    const log = new FrameLog(systemClock);
    event(log, 'a', 'Started', 0, { transactionInfo: { transactionId: 'T1' }, meterValue: reading(0) });
    event(log, 'b', 'Updated', 1, { transactionInfo: { transactionId: 'T1' }, meterValue: reading(700) });
    event(log, 'c', 'Ended', 2, { transactionInfo: { transactionId: 'T1' } });
    expect(observedTransactions(log)[0]).toMatchObject({ energyWh: 700, stopReason: 'Local' });
  });

  it('parses a 2.0.1 CALLERROR code (FormatViolation) as a CALLERROR, not as an unparseable frame', () => {
    const log = new FrameLog(systemClock);
    log.record('ST-1', 'charger', JSON.stringify([2, 'x', 'Heartbeat', {}]), undefined, 'ocpp2.0.1');
    log.record('ST-1', 'csms', JSON.stringify([4, 'x', 'FormatViolation', 'bad', {}]), undefined, 'ocpp2.0.1');
    expect(expectNoCallError(ctx(log), { do: 'expectNoCallError' }).message).toBe('1 CALLERROR(s) exchanged (first: FormatViolation "bad")');
    // 1.6 has no such code: from a 1.6 charger the same frame is unparseable.
    const log16 = new FrameLog(systemClock);
    expect(log16.record('CP-1', 'csms', JSON.stringify([4, 'x', 'FormatViolation', 'bad', {}])).frame).toBeNull();
  });
});
