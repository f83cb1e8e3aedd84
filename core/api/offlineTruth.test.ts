/**
 * Offline truth through the bench API, against a real bench (backend + edge + simulator, in memory): a charger
 * that goes offline has unknown power (not its last reading), its open transaction reads "open, charger offline
 * since T", and the Overview counts running transactions (online chargers) apart from open ones on offline
 * chargers. "Stop simulated chargers" ends sessions with StopTransaction first by default; a power cut is a choice.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBench, type BenchHandle } from '../app/bench.js';
import type { ChargerDetail, ChargerSummary, OverviewView, Page, TransactionView } from './types.js';

let bench: BenchHandle;

beforeAll(async () => {
  bench = await startBench({ memory: true, ocppPort: 0, uiPort: 0, rendererDir: null, live: { flushMs: 50 } });
});
afterAll(async () => {
  await bench?.stop();
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- responses are checked field by field
async function call(method: string, path: string, body?: unknown): Promise<{ status: number; json: any }> {
  const res = await fetch(`${bench.apiUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${bench.token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  return { status: res.status, json: await res.json() };
}

async function until<T>(what: string, fn: () => Promise<T | undefined | null | false>, timeoutMs = 20_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const summary = async (id: string) => ((await call('GET', `/api/chargers?q=${id}`)).json as Page<ChargerSummary>).items.find((c) => c.id === id)!;
const openTx = async (id: string) => ((await call('GET', `/api/transactions?chargePointId=${id}&open=true`)).json as Page<TransactionView>).items;

describe('offline truth', () => {
  it('power cut: unknown power, "open, charger offline since", counted apart; stop all ends the other sessions with StopTransaction', async () => {
    await call('POST', '/api/simulator/spawn', { count: 3, profile: 'reference', rampPerSec: 100, idPrefix: 'OFF-', meterIntervalS: 1 });
    const ids = ['OFF-0001', 'OFF-0002', 'OFF-0003'];
    await until('3 Available chargers', async () => (await Promise.all(ids.map(summary))).every((c) => c?.state === 'Available'));
    for (const id of ids)
      expect((await call('POST', `/api/simulator/chargers/${id}/actions`, { action: 'startSession', connectorId: 1, idTag: 'TAG-OFF' })).status).toBe(200);
    await until('3 chargers drawing power', async () => (await Promise.all(ids.map(summary))).every((c) => (c.powerW ?? 0) > 0));
    await until('3 transactions running', async () => ((await call('GET', '/api/overview')).json as OverviewView).transactionsRunning === 3);
    const [cut, ...rest] = ids as [string, string, string];
    const cutTx = (await openTx(cut))[0]!;
    expect(cutTx).toMatchObject({ chargerOnline: true, chargerOfflineSince: null });

    // a power cut is an explicit choice: the charger is gone without a word
    expect((await call('POST', '/api/simulator/stop', { ids: [cut], mode: 'powerCut' })).json).toEqual({ stopped: 1, mode: 'powerCut' });
    const offline = await until('the cut charger offline', async () => {
      const s = await summary(cut);
      return s.connected ? null : s;
    });
    expect(offline.powerW).toBeNull();
    expect(offline.offlineSince).toEqual(expect.any(String));
    const detail = (await call('GET', `/api/chargers/${cut}`)).json as ChargerDetail;
    expect(detail.powerW).toBeNull();
    expect(detail.openTransactions).toHaveLength(1);
    expect(detail.openTransactions[0]).toMatchObject({ id: cutTx.id, stoppedAt: null, chargerOnline: false, chargerOfflineSince: offline.offlineSince });
    expect(((await call('GET', `/api/transactions/${cutTx.id}`)).json as TransactionView).chargerOfflineSince).toBe(offline.offlineSince);
    let overview = (await call('GET', '/api/overview')).json as OverviewView;
    expect(overview).toMatchObject({ transactionsRunning: 2, transactionsOpenOffline: 1 });
    // no StopTransaction was sent for it
    const cutStops = (await call('GET', `/api/messages?chargePointId=${cut}&action=StopTransaction`)).json;
    expect(cutStops.items).toHaveLength(0);

    // stop all (default): each running session ends with StopTransaction, answered, before the charger closes
    const stopped = (await call('POST', '/api/simulator/stop', { all: true })).json;
    expect(stopped).toEqual({ stopped: 2, mode: 'endSessions' });
    for (const id of rest) {
      expect(await openTx(id)).toHaveLength(0);
      const tx = ((await call('GET', `/api/transactions?chargePointId=${id}`)).json as Page<TransactionView>).items[0]!;
      expect(tx).toMatchObject({ stopReason: 'Local', stoppedAt: expect.any(String) });
      expect(tx.meterStop).toBeGreaterThanOrEqual(tx.meterStart);
      const log = (await call('GET', `/api/messages?chargePointId=${id}&action=StopTransaction`)).json;
      expect(log.items).toHaveLength(1);
      expect(log.items[0].reply).toMatchObject({ messageType: 'CALLRESULT' });
      // then it closed: the StopTransaction is stored before the disconnect
      const cp = await until(`${id} offline`, async () => {
        const s = await summary(id);
        return s.connected ? null : s;
      });
      expect(Date.parse(cp.offlineSince!)).toBeGreaterThanOrEqual(Date.parse(log.items[0].reply.at));
      expect(cp.powerW).toBeNull();
    }
    overview = (await call('GET', '/api/overview')).json as OverviewView;
    expect(overview).toMatchObject({ transactionsRunning: 0, transactionsOpenOffline: 1 });
    expect(overview.chargers.connected).toBe(0);
  });
});
