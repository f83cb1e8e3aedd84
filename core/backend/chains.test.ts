/** Runtime middleware control: list, catalog, enable/disable, reorder, reset — persisted in settings. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../store/index.js';
import { openSettings } from '../config/index.js';
import { createBackend } from './backend.js';
import { checkMiddlewareConfig } from './chains.js';
import { callMiddleware } from './context.js';
import { createHarness, type Harness } from './testing/harness.js';
import { TestTransport } from './testing/testTransport.js';

let h: Harness;
beforeEach(async () => {
  h = await createHarness();
  await h.connect('CP1');
});
afterEach(() => h.close());

describe('middleware control', () => {
  it('lists the seed default chains and a catalog with one-line descriptions', () => {
    const list = h.backend.middleware.list();
    const names = (chain: string) => list.find((c) => c.chain === chain)?.middleware.map((m) => m.name);
    expect(names('StartTransaction')).toEqual(['OrphanedTransaction', 'StartTransaction', 'UseReservation']);
    expect(names('StatusNotification')).toEqual(['AutoRemoteStart', 'StatusNotification']);
    expect(list.filter((c) => c.kind === 'call' && c.protocol === 'ocpp1.6').map((c) => c.chain)).toHaveLength(10);
    // the 2.0.1 central system's chains (14 charger actions it handles), named with their version
    expect(list.filter((c) => c.kind === 'call' && c.protocol === 'ocpp2.0.1').map((c) => c.chain)).toHaveLength(14);
    expect(names('ocpp2.0.1/TransactionEvent')).toEqual(['AutoRemoteStartOnEVConnected201', 'TransactionEvent201', 'UseReservation201']);
    expect(list.find((c) => c.chain === 'GetConfiguration.reply')).toMatchObject({ kind: 'reply', action: 'GetConfiguration' });
    const catalog = h.backend.middleware.catalog();
    expect(catalog.length).toBeGreaterThanOrEqual(14);
    for (const m of catalog) {
      expect(m.description.length).toBeGreaterThan(10);
      expect(m.description).not.toContain('\n');
    }
  });

  it('disabling a middleware takes effect at once and is persisted', async () => {
    await h.backend.middleware.setEnabled('StartTransaction', 'OrphanedTransaction', false);
    const t1 = (
      (await h.call('CP1', 'StartTransaction', { connectorId: 1, idTag: 'A', meterStart: 0, timestamp: '2026-01-01T00:00:00Z' }))[2] as {
        transactionId: number;
      }
    ).transactionId;
    await h.call('CP1', 'StartTransaction', { connectorId: 1, idTag: 'A', meterStart: 0, timestamp: '2026-01-01T00:01:00Z' });
    expect(h.store.transactions.get(t1)?.state).toBe('active');
    expect(h.settings.get().middleware.StartTransaction).toEqual({
      order: ['OrphanedTransaction', 'StartTransaction', 'UseReservation'],
      disabled: ['OrphanedTransaction'],
    });
    await h.backend.middleware.setEnabled('StartTransaction', 'OrphanedTransaction', true);
    expect(
      h.backend.middleware
        .list()
        .find((c) => c.chain === 'StartTransaction')
        ?.middleware.every((m) => m.enabled),
    ).toBe(true);
  });

  it('reorder changes the run order', async () => {
    const order: string[] = [];
    const mk = (name: string) =>
      callMiddleware({
        name,
        description: `test ${name}`,
        action: 'Heartbeat',
        async handle(_c, next) {
          order.push(name);
          await next();
        },
      });
    const h2 = await createHarness({ middleware: [mk('First'), mk('Second')] });
    await h2.connect('CP1');
    await h2.call('CP1', 'Heartbeat', {});
    expect(order).toEqual(['First', 'Second']);
    order.length = 0;
    const info = await h2.backend.middleware.reorder('Heartbeat', ['Second', 'Heartbeat', 'First']);
    expect(info.middleware.map((m) => m.name)).toEqual(['Second', 'Heartbeat', 'First']);
    await h2.call('CP1', 'Heartbeat', {});
    expect(order).toEqual(['Second', 'First']);
    await h2.close();
  });

  it('bad requests give clear errors and change nothing', async () => {
    await expect(h.backend.middleware.setEnabled('Teleport', 'X', false)).rejects.toThrow(/Unknown action "Teleport"/);
    await expect(h.backend.middleware.setEnabled('Heartbeat', 'StartTransaction', false)).rejects.toThrow(/not part of Heartbeat. Valid: Heartbeat/);
    await expect(h.backend.middleware.reorder('StartTransaction', ['StartTransaction', 'StartTransaction'])).rejects.toThrow(/named twice/);
    expect(h.settings.get().middleware).toEqual({});
  });

  it('reset restores the defaults', async () => {
    await h.backend.middleware.setEnabled('Heartbeat', 'Heartbeat', false);
    await h.backend.middleware.reset();
    expect(h.backend.middleware.list().find((c) => c.chain === 'Heartbeat')?.middleware[0]?.enabled).toBe(true);
  });

  it('the configuration survives a restart (settings file)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cb-chains-'));
    try {
      const store = openStore({ memory: true });
      const s1 = await openSettings({ dataDir: dir, env: {} });
      const b1 = await createBackend({ store, settings: s1, transport: new TestTransport() });
      await b1.middleware.setEnabled('StatusNotification', 'AutoRemoteStart', false);
      const s2 = await openSettings({ dataDir: dir, env: {} });
      const b2 = await createBackend({ store, settings: s2, transport: new TestTransport() });
      expect(b2.middleware.list().find((c) => c.chain === 'StatusNotification')?.middleware).toEqual([
        expect.objectContaining({ name: 'AutoRemoteStart', enabled: false }),
        expect.objectContaining({ name: 'StatusNotification', enabled: true }),
      ]);
      store.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('checkMiddlewareConfig lets the CLI validate OCPP_MIDDLEWARE before starting', () => {
    expect(() => checkMiddlewareConfig({ StatusNotification: ['StatusNotification'] })).not.toThrow();
    expect(() => checkMiddlewareConfig({ StatusNotification: ['Heartbeat'] })).toThrow(/Valid for StatusNotification: AutoRemoteStart, StatusNotification/);
  });
});
