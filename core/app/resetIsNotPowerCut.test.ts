/**
 * A Reset the charger accepted makes it reboot: unpowered for a while, but that is not a power cut. Its page
 * must not list "powerCut" among its faults (it did: the bridge read every unpowered moment as one); an injected
 * power cut still shows. Against a real bench (backend + edge + simulator, in memory), the charger's page in the API.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBench, type BenchHandle } from './bench.js';
import type { ChargerDetail } from '../api/types.js';

let bench: BenchHandle;
beforeAll(async () => {
  bench = await startBench({ memory: true, ocppPort: 0, uiPort: 0, rendererDir: null, live: { flushMs: 50 } });
});
afterAll(async () => {
  await bench?.stop();
});

async function call(method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown }> {
  const res = await fetch(`${bench.apiUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${bench.token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  return { status: res.status, json: await res.json() };
}
const detail = async (id: string) => (await call('GET', `/api/chargers/${id}`)).json as ChargerDetail;
async function until<T>(what: string, fn: () => Promise<T | false>, timeoutMs = 20_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('Reset is a reboot, not a power cut', () => {
  it('while rebooting after Reset Soft the charger is offline without a powerCut fault; an injected power cut shows', async () => {
    await call('POST', '/api/simulator/spawn', { count: 2, profile: 'reference', rampPerSec: 100, idPrefix: 'RST-' });
    await until('Available', async () => (await detail('RST-0001')).state === 'Available' && (await detail('RST-0002')).state === 'Available');
    const r = await call('POST', '/api/chargers/RST-0001/commands/Reset', { payload: { type: 'Soft' } });
    expect(r.json).toMatchObject({ ok: true, response: { status: 'Accepted' } });
    // catch it while it is down (unpowered): its state string says so
    const down = await until('the reboot', async () => {
      const d = await detail('RST-0001');
      return d.sim && !d.connected ? d : false;
    });
    expect(down.sim?.faults).not.toContain('powerCut');
    await until('back', async () => (await detail('RST-0001')).state === 'Available');

    await call('POST', '/api/simulator/chargers/RST-0002/actions', { action: 'fault', fault: 'powerCut' });
    const cut = await until('the power cut', async () => {
      const d = await detail('RST-0002');
      return d.sim && !d.connected ? d : false;
    });
    expect(cut.sim?.faults).toContain('powerCut');
  }, 40_000);
});
