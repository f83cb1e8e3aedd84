import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TestCentralSystem } from './testing/testCentralSystem.js';
import { advance, makeCharger, waitFor } from './testing/helpers.js';

let cs: TestCentralSystem;
beforeEach(async () => {
  cs = await TestCentralSystem.start();
});
afterEach(async () => {
  await cs.close();
});

describe('offline queueing', () => {
  it('keeps transaction messages while offline and sends them in order on reconnect; drops the rest', async () => {
    const t = makeCharger(cs.url, 'reference', {
      configuration: { MeterValueSampleInterval: 60, HeartbeatInterval: 60, ClockAlignedDataInterval: 0, AllowOfflineTxForUnknownId: true },
    });
    const { cp } = t;
    await cp.powerOn();
    await waitFor(() => cp.registration === 'Accepted' && cp.idle, 'registered');
    await cp.disconnect();
    const offlineFrom = cs.records.length;

    // A whole session while offline: start, samples, stop.
    cp.plug(1, { soc: 20 });
    expect((await cp.start(1, 'OFFLINE-TAG')).status).toBe('Accepted');
    for (let i = 0; i < 3; i++) t.clock.advance(60_000);
    cp.stopTransaction(1, 'Local');
    cp.unplug(1);
    expect(cs.records.length).toBe(offlineFrom);
    expect(cp.queued).toBe(5); // StartTransaction, 3 × MeterValues, StopTransaction (heartbeats and statuses dropped)

    await cp.connect();
    await waitFor(() => cs.calls('CP-1', 'StopTransaction').length === 1 && cp.idle, 'flushed');
    const actions = cs
      .calls('CP-1')
      .map((c) => c.action)
      .slice(-6);
    expect(actions).toEqual(['StartTransaction', 'MeterValues', 'MeterValues', 'MeterValues', 'StopTransaction', 'StatusNotification']);
    const mv = cs.calls('CP-1', 'MeterValues');
    // transactionId learned from the late StartTransaction answer; timestamps from when the samples were taken
    expect(mv.map((m) => m.payload.transactionId)).toEqual([1, 1, 1]);
    const stamps = mv.map((m) => Date.parse((m.payload.meterValue as { timestamp: string }[])[0]?.timestamp ?? ''));
    expect(stamps[1]! - stamps[0]!).toBe(60_000);
    expect(cs.calls('CP-1', 'StopTransaction')[0]?.payload.transactionId).toBe(1);
    expect(cs.calls('CP-1', 'Heartbeat')).toHaveLength(0);
    expect(cs.calls('CP-1', 'BootNotification')).toHaveLength(1); // a reconnect is not a reboot
    await cp.stop();
  });

  it('retries a transaction message answered with CALLERROR TransactionMessageAttempts times, then gives up', async () => {
    cs.on('StopTransaction', () => ({ error: 'InternalError', description: 'database down' }));
    const t = makeCharger(cs.url, 'reference', {
      configuration: { TransactionMessageAttempts: 3, TransactionMessageRetryInterval: 10, ClockAlignedDataInterval: 0 },
    });
    await t.cp.powerOn();
    await waitFor(() => t.cp.registration === 'Accepted' && t.cp.idle, 'registered');
    t.cp.plug(1);
    await t.cp.start(1, 'T');
    await waitFor(() => t.cp.connector(1).tx?.id, 'tx');
    t.cp.stopTransaction(1);
    for (let i = 0; i < 6; i++) {
      await waitFor(() => cs.calls('CP-1', 'StopTransaction').length >= Math.min(i + 1, 3), `attempt ${i + 1}`);
      await advance(t, 30_000);
    }
    expect(cs.calls('CP-1', 'StopTransaction')).toHaveLength(3);
    await t.cp.stop();
  });
});
