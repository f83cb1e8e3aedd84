import { describe, expect, it } from 'vitest';
import type { Clock, TimerHandle } from '../util/clock.js';
import { expectFrame, expectNoCallError, expectTransaction, type AssertionContext } from './assertions.js';
import { FrameLog } from './frameLog.js';
import { containsSubset } from './match.js';
import { observedTransactions } from './transactions.js';

/** A clock tests move by hand; timers fire on advance(). */
class TestClock implements Clock {
  t = Date.UTC(2026, 0, 1);
  timers: Array<{ due: number; fn: () => void }> = [];
  now() {
    return this.t;
  }
  setTimeout(fn: () => void, ms: number): TimerHandle {
    const timer = { due: this.t + ms, fn };
    this.timers.push(timer);
    return timer as unknown as TimerHandle;
  }
  clearTimeout(h: TimerHandle) {
    this.timers = this.timers.filter((t) => t !== (h as unknown));
  }
  advance(ms: number) {
    this.t += ms;
    const due = this.timers.filter((t) => t.due <= this.t);
    this.timers = this.timers.filter((t) => t.due > this.t);
    for (const t of due) t.fn();
  }
}

function session(clock: TestClock, log: FrameLog, energyStop = 3700) {
  const rec = (from: 'charger' | 'csms', frame: unknown) => log.record('CP-1', from, JSON.stringify(frame));
  rec('charger', [2, 'b1', 'BootNotification', { chargePointVendor: 'V', chargePointModel: 'M' }]);
  rec('csms', [3, 'b1', { status: 'Accepted', currentTime: '2026-01-01T00:00:00Z', interval: 300 }]);
  clock.advance(1000);
  rec('charger', [2, 's1', 'StartTransaction', { connectorId: 1, idTag: 'TAG', meterStart: 1000, timestamp: '2026-01-01T00:00:01Z' }]);
  rec('csms', [3, 's1', { transactionId: 17, idTagInfo: { status: 'Accepted' } }]);
  clock.advance(30 * 60_000);
  rec('charger', [2, 'e1', 'StopTransaction', { transactionId: 17, meterStop: 1000 + energyStop, timestamp: '2026-01-01T00:30:01Z', reason: 'Remote' }]);
  rec('csms', [3, 'e1', {}]);
}

function ctx(clock: TestClock, log: FrameLog, prevSeq = 0, prevAt = clock.now()): AssertionContext {
  return { log, clock, window: { previousStep: { seq: prevSeq, at: prevAt }, start: { seq: 0, at: Date.UTC(2026, 0, 1) } }, defaultCharger: 'CP-1' };
}

describe('subset matching', () => {
  it('matches nested objects and arrays by containment', () => {
    expect(containsSubset({ a: 1, b: { c: 2, d: 3 } }, { b: { c: 2 } })).toBe(true);
    expect(containsSubset({ a: 1 }, { a: 2 })).toBe(false);
    expect(containsSubset({ a: [{ x: 1, y: 2 }, { x: 3 }] }, { a: [{ x: 3 }] })).toBe(true);
    expect(containsSubset({ a: [] }, { a: [{ x: 3 }] })).toBe(false);
    expect(containsSubset({ a: null }, { a: null })).toBe(true);
    expect(containsSubset({}, { a: undefined })).toBe(false);
  });
});

describe('expectFrame', () => {
  it('passes on a matching CALL with payload and reply subsets, with the CALL and reply as evidence', async () => {
    const clock = new TestClock();
    const log = new FrameLog(clock);
    session(clock, log);
    const out = await expectFrame(ctx(clock, log, 0, Date.UTC(2026, 0, 1)), {
      do: 'expectFrame',
      action: 'StartTransaction',
      payload: { idTag: 'TAG' },
      reply: { idTagInfo: { status: 'Accepted' } },
      within: '1h',
    });
    expect(out.passed).toBe(true);
    expect(out.evidence.map((f) => f.text)).toEqual([expect.stringContaining('StartTransaction'), expect.stringContaining('"transactionId":17')]);
  });

  it('fails when the payload differs, showing the near misses', async () => {
    const clock = new TestClock();
    const log = new FrameLog(clock);
    session(clock, log);
    const pending = expectFrame(ctx(clock, log, 0, Date.UTC(2026, 0, 1)), {
      do: 'expectFrame',
      action: 'StopTransaction',
      payload: { reason: 'Local' },
      within: '1h',
    });
    clock.advance(30 * 60_000);
    const out = await pending;
    expect(out.passed).toBe(false);
    expect(out.message).toMatch(/1 frame\(s\) of that action were seen but did not match/);
    expect(out.evidence[0]?.text).toContain('"reason":"Remote"');
  });

  it('fails when the frame came later than the window allows', async () => {
    const clock = new TestClock();
    const log = new FrameLog(clock);
    session(clock, log);
    const out = await expectFrame(ctx(clock, log, 0, Date.UTC(2026, 0, 1)), { do: 'expectFrame', action: 'StopTransaction', within: '10m' });
    expect(out.passed).toBe(false);
  });

  it('waits on the clock for a frame still to come', async () => {
    const clock = new TestClock();
    const log = new FrameLog(clock);
    const pending = expectFrame(ctx(clock, log), { do: 'expectFrame', from: 'csms', action: 'RemoteStopTransaction', within: '30s' });
    clock.advance(5000);
    log.record('CP-1', 'csms', JSON.stringify([2, 'r1', 'RemoteStopTransaction', { transactionId: 1 }]));
    const out = await pending;
    expect(out.passed).toBe(true);
    expect(out.message).toMatch(/after 5\.00s/);
  });

  it('times out on the clock when nothing comes', async () => {
    const clock = new TestClock();
    const log = new FrameLog(clock);
    const pending = expectFrame(ctx(clock, log), { do: 'expectFrame', action: 'Heartbeat', within: '30s' });
    clock.advance(31_000);
    expect((await pending).passed).toBe(false);
  });

  it('with absent, fails on a match and passes after a quiet window', async () => {
    const clock = new TestClock();
    const log = new FrameLog(clock);
    const quiet = expectFrame(ctx(clock, log), { do: 'expectFrame', action: 'MeterValues', within: '1m', absent: true });
    clock.advance(61_000);
    expect((await quiet).passed).toBe(true);
    const noisy = expectFrame(ctx(clock, log), { do: 'expectFrame', action: 'MeterValues', within: '1m', absent: true });
    log.record('CP-1', 'charger', JSON.stringify([2, 'm1', 'MeterValues', { connectorId: 1, meterValue: [] }]));
    clock.advance(61_000);
    const out = await noisy;
    expect(out.passed).toBe(false);
    expect(out.evidence[0]?.text).toContain('MeterValues');
  });

  it('matches CALLERRORs by error code and replies by the action of their CALL', async () => {
    const clock = new TestClock();
    const log = new FrameLog(clock);
    log.record('CP-1', 'charger', JSON.stringify([2, 'x', 'DataTransfer', { vendorId: 'v' }]));
    log.record('CP-1', 'csms', JSON.stringify([4, 'x', 'NotImplemented', 'no', {}]));
    expect((await expectFrame(ctx(clock, log, 0), { do: 'expectFrame', errorCode: 'NotImplemented' })).passed).toBe(true);
    expect((await expectFrame(ctx(clock, log, 0), { do: 'expectFrame', type: 'CALLERROR', action: 'DataTransfer' })).passed).toBe(true);
    expect((await expectFrame(ctx(clock, log, 0), { do: 'expectFrame', type: 'CALLRESULT', action: 'DataTransfer' })).passed).toBe(false);
  });
});

describe('expectTransaction', () => {
  it('reconstructs transactions from the frames', () => {
    const clock = new TestClock();
    const log = new FrameLog(clock);
    session(clock, log);
    const [tx] = observedTransactions(log);
    expect(tx).toMatchObject({
      charger: 'CP-1',
      connectorId: 1,
      transactionId: 17,
      meterStartWh: 1000,
      meterStopWh: 4700,
      energyWh: 3700,
      stopReason: 'Remote',
    });
  });

  it('passes when the energy is in range and the reason matches', async () => {
    const clock = new TestClock();
    const log = new FrameLog(clock);
    session(clock, log);
    const out = await expectTransaction(ctx(clock, log), { do: 'expectTransaction', energyWh: { min: 3500, max: 3800 }, stopReason: 'Remote' });
    expect(out.passed).toBe(true);
    expect(out.evidence).toHaveLength(3);
  });

  it('fails with the measured energy when out of range', async () => {
    const clock = new TestClock();
    const log = new FrameLog(clock);
    session(clock, log, 100);
    const out = await expectTransaction(ctx(clock, log), { do: 'expectTransaction', energyWh: { min: 3500 } });
    expect(out.passed).toBe(false);
    expect(out.message).toMatch(/energy 100 Wh is outside \[3500, ∞\]/);
  });

  it('fails when no transaction was started, or it has not ended', async () => {
    const clock = new TestClock();
    const log = new FrameLog(clock);
    expect((await expectTransaction(ctx(clock, log), { do: 'expectTransaction' })).message).toMatch(/no StartTransaction was sent/);
    log.record(
      'CP-1',
      'charger',
      JSON.stringify([2, 's', 'StartTransaction', { connectorId: 1, idTag: 'T', meterStart: 0, timestamp: '2026-01-01T00:00:00Z' }]),
    );
    log.record('CP-1', 'csms', JSON.stringify([3, 's', { transactionId: 5, idTagInfo: { status: 'Accepted' } }]));
    expect((await expectTransaction(ctx(clock, log), { do: 'expectTransaction' })).passed).toBe(false);
    expect((await expectTransaction(ctx(clock, log), { do: 'expectTransaction', state: 'running' })).passed).toBe(true);
  });
});

describe('expectNoCallError', () => {
  it('passes on a clean log and fails with the CALL and CALLERROR as evidence', () => {
    const clock = new TestClock();
    const log = new FrameLog(clock);
    session(clock, log);
    expect(expectNoCallError(ctx(clock, log), { do: 'expectNoCallError' }).passed).toBe(true);
    log.record('CP-1', 'charger', JSON.stringify([2, 'h', 'Heartbeat', {}]));
    log.record('CP-1', 'csms', JSON.stringify([4, 'h', 'InternalError', 'boom', {}]));
    const out = expectNoCallError(ctx(clock, log), { do: 'expectNoCallError' });
    expect(out.passed).toBe(false);
    expect(out.message).toMatch(/1 CALLERROR\(s\) exchanged \(first: InternalError "boom"\)/);
    expect(out.evidence.map((f) => f.frame?.[0])).toEqual([2, 4]);
    expect(expectNoCallError(ctx(clock, log), { do: 'expectNoCallError', charger: 'CP-2' }).passed).toBe(true);
  });

  it('counts unparseable frames as errors too', () => {
    const clock = new TestClock();
    const log = new FrameLog(clock);
    log.record('CP-1', 'charger', '[2,"1","Heartbeat",{}');
    expect(expectNoCallError(ctx(clock, log), { do: 'expectNoCallError' }).message).toMatch(/1 unparseable/);
  });
});
