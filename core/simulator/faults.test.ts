import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TestCentralSystem } from './testing/testCentralSystem.js';
import { advance, makeCharger, waitFor, type TestCharger } from './testing/helpers.js';
import { injectFault } from './faults.js';

let cs: TestCentralSystem;
let t: TestCharger;
beforeEach(async () => {
  cs = await TestCentralSystem.start();
  t = makeCharger(cs.url, 'reference', { configuration: { ClockAlignedDataInterval: 0 } });
  await t.cp.powerOn();
  await waitFor(() => t.cp.registration === 'Accepted' && t.cp.idle, 'registered');
});
afterEach(async () => {
  await t.cp.stop();
  await cs.close();
});

async function charging(): Promise<number> {
  t.cp.plug(1);
  await t.cp.start(1, 'F');
  return waitFor(() => t.cp.connector(1).tx?.id, 'tx');
}

describe('fault injection', () => {
  it('dropConnection: the socket dies, the charger reconnects with backoff without rebooting', async () => {
    await injectFault(t.cp, { kind: 'dropConnection' });
    await waitFor(() => t.cp.connection === 'disconnected', 'dropped');
    expect(cs.connections).toHaveLength(1);
    await advance(t, 1_000); // reconnectMinS 1 with jitter ≤ 1 s
    await waitFor(() => t.cp.connection === 'connected', 'reconnected');
    expect(cs.connections).toHaveLength(2);
    expect(cs.calls('CP-1', 'BootNotification')).toHaveLength(1);
  });

  it('reconnect backoff doubles while the central system is unreachable', async () => {
    const delays: number[] = [];
    let last = t.clock.now();
    t.bus.subscribe((e) => {
      if (e.kind === 'connection' && e.state === 'connecting') {
        delays.push(e.at - last);
        last = e.at;
      }
    });
    await cs.close();
    await waitFor(() => t.cp.connection === 'disconnected', 'down');
    last = t.clock.now();
    for (let i = 0; i < 5; i++) {
      const n = delays.length;
      for (let s = 0; s < 64 && delays.length === n; s++) t.clock.advance(1_000);
      await waitFor(() => t.cp.connection === 'disconnected', 'attempt failed');
    }
    expect(delays).toHaveLength(5);
    for (let i = 1; i < delays.length; i++) expect(delays[i]!).toBeGreaterThanOrEqual(delays[i - 1]! * 0.9);
    expect(delays[4]!).toBeGreaterThanOrEqual(8_000);
    cs = await TestCentralSystem.start();
  });

  it('unresponsive: CALLs get no answer until resumed', async () => {
    await injectFault(t.cp, { kind: 'unresponsive' });
    await expect(cs.call('CP-1', 'ClearCache', {}, 300)).rejects.toThrow(/no answer/);
    await injectFault(t.cp, { kind: 'unresponsive', enabled: false });
    expect((await cs.call('CP-1', 'ClearCache', {}))[2]).toEqual({ status: 'Accepted' });
  });

  it('answerLate: the answer comes after the delay', async () => {
    await injectFault(t.cp, { kind: 'answerLate', delayMs: 20_000 });
    const reply = cs.call('CP-1', 'ClearCache', {});
    await new Promise((r) => setTimeout(r, 50));
    expect(cs.records.filter((r) => r.dir === 'in' && r.text.startsWith('[3,'))).toHaveLength(0);
    t.clock.advance(20_000);
    expect((await reply)[2]).toEqual({ status: 'Accepted' });
  });

  it('malformedJson and callError', async () => {
    await injectFault(t.cp, { kind: 'malformedJson' });
    await waitFor(() => cs.records.some((r) => r.dir === 'in' && r.frame === null), 'malformed frame');
    await injectFault(t.cp, { kind: 'callError', code: 'GenericError', count: 1 });
    const f = await cs.call('CP-1', 'ClearCache', {});
    expect(f.slice(0, 3)).toEqual([4, f[1], 'GenericError']);
    expect((await cs.call('CP-1', 'ClearCache', {}))[0]).toBe(3);
  });

  it('faulted: StatusNotification Faulted with the error code; the transaction stops; clearFault recovers', async () => {
    await charging();
    await injectFault(t.cp, { kind: 'faulted', connectorId: 1, errorCode: 'GroundFailure', vendorErrorCode: 'E42' });
    await waitFor(() => cs.calls('CP-1', 'StatusNotification').some((c) => c.payload.status === 'Faulted'), 'faulted');
    const sn = cs.calls('CP-1', 'StatusNotification').find((c) => c.payload.status === 'Faulted');
    expect(sn?.payload).toMatchObject({ connectorId: 1, errorCode: 'GroundFailure', vendorErrorCode: 'E42' });
    await waitFor(() => cs.calls('CP-1', 'StopTransaction').length === 1, 'stopped');
    expect(cs.calls('CP-1', 'StopTransaction')[0]?.payload.reason).toBe('Other');
    await injectFault(t.cp, { kind: 'clearFault', connectorId: 1 });
    expect(t.cp.connector(1).status).toBe('Preparing'); // EV still plugged
  });

  it('powerCut: no StopTransaction until the next boot, then PowerLoss', async () => {
    await charging();
    await advance(t, 60_000);
    await injectFault(t.cp, { kind: 'powerCut' });
    await waitFor(() => t.cp.connection === 'disconnected', 'power cut');
    t.clock.advance(600_000);
    await new Promise((r) => setTimeout(r, 50));
    expect(cs.calls('CP-1', 'StopTransaction')).toHaveLength(0);
    expect(cs.connections).toHaveLength(1);
    await injectFault(t.cp, { kind: 'powerOn' });
    await waitFor(() => cs.calls('CP-1', 'StopTransaction').length === 1, 'stop after boot');
    const boots = cs.calls('CP-1', 'BootNotification');
    expect(boots).toHaveLength(2);
    const stop = cs.calls('CP-1', 'StopTransaction')[0]!;
    expect(stop.payload.reason).toBe('PowerLoss');
    expect(boots[1]!.at).toBeLessThanOrEqual(stop.at);
    // energy: nothing delivered while the power was off (11 kW × 60 s = 183 Wh)
    expect(stop.payload.meterStop).toBe(183);
  });
});
