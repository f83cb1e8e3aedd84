/**
 * How stopped chargers leave, against an independent strict central system (ocpp-rpc, strictMode): 'end' sends a
 * valid StopTransaction (reason Local) for every running session and closes only after the answers; 'powerCut'
 * and 'close' send none (the sessions stay open at the central system).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { RPCServer } from 'ocpp-rpc';
import type { AddressInfo } from 'node:net';
import { Fleet } from './fleet.js';
import type { StopMode } from './charger.js';

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c().catch(() => {});
});

async function strictServer() {
  const server = new RPCServer({ protocols: ['ocpp1.6'], strictMode: true });
  const log: string[] = [];
  const failures: string[] = [];
  let txSeq = 1;
  server.on('client', (client) => {
    client.on('strictValidationFailure', (e: { error?: Error }) => failures.push(String(e.error?.message)));
    client.on('close', () => log.push(`${client.identity} close`));
    const now = (): string => new Date().toISOString();
    client.handle('BootNotification', () => ({ status: 'Accepted', currentTime: now(), interval: 300 }));
    client.handle('Heartbeat', () => ({ currentTime: now() }));
    client.handle('StatusNotification', () => ({}));
    client.handle('Authorize', () => ({ idTagInfo: { status: 'Accepted' } }));
    client.handle('StartTransaction', () => ({ transactionId: txSeq++, idTagInfo: { status: 'Accepted' } }));
    client.handle('MeterValues', () => ({}));
    client.handle('StopTransaction', ({ params }: { params: { reason?: string; transactionId: number } }) => {
      log.push(`${client.identity} StopTransaction ${params.transactionId} ${params.reason}`);
      return { idTagInfo: { status: 'Accepted' } };
    });
  });
  const http = await server.listen(0, '127.0.0.1');
  cleanups.push(() => server.close({ force: true }));
  return { url: `ws://127.0.0.1:${(http.address() as AddressInfo).port}/ocpp`, log, failures };
}

async function fleetWithSessions(url: string): Promise<Fleet> {
  const fleet = new Fleet();
  cleanups.push(() => fleet.stopAll());
  await fleet.spawn({ url, count: 2, profile: 'reference', idPrefix: 'STOP-', rampPerSecond: 0 });
  for (const id of fleet.ids()) {
    await expect.poll(() => fleet.get(id)?.snapshot().registration, { timeout: 10_000 }).toBe('Accepted');
    await fleet.act(id, { type: 'plug', connectorId: 1 });
    await fleet.act(id, { type: 'start', connectorId: 1, idTag: 'TAG-STOP' });
    await expect
      .poll(
        () =>
          fleet
            .get(id)
            ?.snapshot()
            .connectors.find((c) => c.connectorId === 1)?.transactionId ?? null,
        { timeout: 10_000 },
      )
      .not.toBeNull();
  }
  return fleet;
}

describe('stopping simulated chargers', () => {
  it("'end': a StopTransaction (Local) for each running session, answered, then the close", async () => {
    const cs = await strictServer();
    const fleet = await fleetWithSessions(cs.url);
    await fleet.stopAll({ mode: 'end' });
    await expect.poll(() => cs.log.filter((l) => l.endsWith('close')).length).toBe(2);
    for (const id of ['STOP-0001', 'STOP-0002']) {
      const mine = cs.log.filter((l) => l.startsWith(`${id} `));
      expect(mine).toEqual([expect.stringMatching(/^\S+ StopTransaction \d+ Local$/), `${id} close`]);
    }
    expect(cs.failures).toEqual([]);
  });

  for (const mode of ['powerCut', 'close'] as StopMode[]) {
    it(`'${mode}': no StopTransaction, the sessions stay open at the central system`, async () => {
      const cs = await strictServer();
      const fleet = await fleetWithSessions(cs.url);
      await fleet.stopAll({ mode });
      await expect.poll(() => cs.log.filter((l) => l.endsWith('close')).length).toBe(2);
      expect(cs.log.filter((l) => l.includes('StopTransaction'))).toEqual([]);
    });
  }
});
