/**
 * Transactions keep the truth (issue #10 point 3, #16 retried start): orphan cleanup closes with what is known
 * and notes why; the charger's own later StopTransaction wins; no StopTransaction's data is discarded; a retried
 * StartTransaction is the same transaction.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from './testing/harness.js';

let h: Harness;
beforeEach(async () => {
  h = await createHarness();
  await h.connect('CP1');
});
afterEach(() => h.close());

const ts = (offsetS = 0) => new Date(Date.parse('2025-12-31T12:00:00Z') + offsetS * 1000).toISOString();
const energy = (wh: number) => [{ value: String(wh), measurand: 'Energy.Active.Import.Register', unit: 'Wh' }];

async function start(connectorId: number, idTag: string, meterStart: number, at: string, messageId?: string): Promise<number> {
  const r = await h.call('CP1', 'StartTransaction', { connectorId, idTag, meterStart, timestamp: at }, messageId ? { messageId } : {});
  return (r[2] as { transactionId: number }).transactionId;
}

describe('orphan cleanup keeps the truth', () => {
  it('a late StopTransaction on an orphaned row stores its data; the row keeps the cleanup note', async () => {
    const first = await start(1, 'DRIVER', 1000, ts());
    await h.call('CP1', 'MeterValues', { connectorId: 1, transactionId: first, meterValue: [{ timestamp: ts(60), sampledValue: energy(1800) }] });
    // The charger starts again on connector 1 while `first` is still open (e.g. it accepted a RemoteStart there).
    const second = await start(1, 'FREEVEND', 1800, ts(61));
    const cleaned = h.store.transactions.get(first)!;
    expect(cleaned).toMatchObject({
      state: 'orphaned',
      meterStop: 1800,
      stoppedAt: ts(61),
      cleanup: { byTransactionId: second, meterStop: 1800, stoppedAt: ts(61) },
    });
    expect(cleaned.cleanup?.reason).toMatch(/closed with its last meter reading \(1800 Wh\)/);

    // ...and later sends the real stop of `first`, with its own data
    const stop = {
      transactionId: first,
      meterStop: 5400,
      timestamp: ts(3600),
      reason: 'EVDisconnected',
      idTag: 'DRIVER',
      transactionData: [{ timestamp: ts(3600), sampledValue: [{ ...energy(5400)[0]!, context: 'Transaction.End' }] }],
    };
    const reply = await h.call('CP1', 'StopTransaction', stop);
    expect(reply).toEqual([3, expect.any(String), { idTagInfo: { status: 'Accepted' } }]);
    const row = h.store.transactions.get(first)!;
    expect(row).toMatchObject({ state: 'stopped', meterStop: 5400, stoppedAt: ts(3600), stopReason: 'EVDisconnected', stopIdTag: 'DRIVER', energyWh: 4400 });
    expect(row.cleanup).toEqual(cleaned.cleanup); // the visible note that cleanup closed it first stays
    expect(h.store.meterSamples.list({ transactionId: first }).map((s) => [s.source, s.value])).toEqual([
      ['MeterValues', '1800'],
      ['StopTransaction', '5400'],
    ]);
    expect(h.store.transactions.stops(first)).toMatchObject([{ outcome: 'afterCleanup', meterStop: 5400, reason: 'EVDisconnected' }]);

    // the same stop again (its reply was lost) is recognised: nothing stored twice
    await h.call('CP1', 'StopTransaction', stop);
    expect(h.store.meterSamples.list({ transactionId: first })).toHaveLength(2);
    expect(h.store.transactions.stops(first).map((s) => s.outcome)).toEqual(['afterCleanup', 'duplicate']);

    // the new transaction is untouched and stops normally
    expect(h.store.transactions.get(second)).toMatchObject({ state: 'active', meterStart: 1800, cleanup: null });
    await h.call('CP1', 'StopTransaction', { transactionId: second, meterStop: 5400, timestamp: ts(3600) });
    expect(h.store.transactions.get(second)).toMatchObject({ state: 'stopped', meterStop: 5400, energyWh: 3600, cleanup: null });
  });

  it('without any meter reading, cleanup uses meterStart and says so; never a stop time before the start', async () => {
    const first = await start(1, 'A', 700, ts(100));
    await start(1, 'B', 900, ts(50)); // the charger's clock went backwards
    expect(h.store.transactions.get(first)).toMatchObject({ state: 'orphaned', meterStop: 700, stoppedAt: ts(100) });
    expect(h.store.transactions.get(first)?.cleanup?.reason).toMatch(/its meterStart \(700 Wh; no meter reading was received\)/);
  });

  it("cleanup is per connector: the charger's other connector keeps its transaction", async () => {
    const on2 = await start(2, 'A', 0, ts());
    await start(1, 'B', 0, ts(1));
    await start(1, 'C', 0, ts(2));
    expect(h.store.transactions.get(on2)).toMatchObject({ state: 'active', cleanup: null });
  });
});

describe('a retried StartTransaction is the same transaction', () => {
  it('same connector, id tag, meterStart and timestamp → the same transactionId, no second row, nothing closed', async () => {
    await h.settings.update((d) => (d.auth.rejectConcurrentTx = true));
    const id = await start(1, 'DRIVER', 1234, ts(), 'start-1');
    const retry = await h.call('CP1', 'StartTransaction', { connectorId: 1, idTag: 'DRIVER', meterStart: 1234, timestamp: ts() }, { messageId: 'start-2' });
    expect(retry).toEqual([3, 'start-2', { idTagInfo: { status: 'Accepted' }, transactionId: id }]); // not ConcurrentTx with itself
    expect(h.store.transactions.list({ chargePointId: 'CP1' }).total).toBe(1);
    expect(h.store.transactions.get(id)).toMatchObject({ state: 'active', cleanup: null });
  });
  it('a different meterStart or timestamp is a new start (and the old one is cleaned up)', async () => {
    const id = await start(1, 'DRIVER', 1234, ts());
    const other = await start(1, 'DRIVER', 1235, ts());
    expect(other).not.toBe(id);
    expect(h.store.transactions.get(id)?.state).toBe('orphaned');
  });
});
