/** Events for the bench API, and isolation between chargers handled concurrently. */
import { afterEach, describe, expect, it } from 'vitest';
import { callMiddleware } from './context.js';
import { createHarness, BOOT, type Harness } from './testing/harness.js';
import type { BackendEventMap } from './events.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('events', () => {
  it('frame events carry the CALL ↔ reply link and latency; a throwing subscriber breaks nothing', async () => {
    h = await createHarness();
    const frames: BackendEventMap['frame'][] = [];
    h.backend.events.on('frame', () => {
      throw new Error('subscriber bug');
    });
    h.backend.events.on('frame', (f) => frames.push(f));
    await h.connect('CP1');
    const reply = await h.call('CP1', 'BootNotification', BOOT);
    expect(reply[0]).toBe(3);
    const [callRow, replyRow] = frames;
    expect(callRow).toMatchObject({ direction: 'in', messageType: 'CALL', action: 'BootNotification', replyFrameId: replyRow!.id });
    expect(replyRow).toMatchObject({ direction: 'out', messageType: 'CALLRESULT', action: 'BootNotification', callFrameId: callRow!.id, latencyMs: 0 });
  });

  it('events of a rolled-back chain are not emitted', async () => {
    const fail = callMiddleware({
      name: 'FailAfter',
      description: 'test: fails after the status is stored',
      action: 'StatusNotification',
      async handle(_c, next) {
        await next();
        throw new Error('nope');
      },
    });
    h = await createHarness({ middleware: [fail] });
    const connectors: unknown[] = [];
    h.backend.events.on('connector', (c) => connectors.push(c));
    await h.connect('CP1');
    await h.backend.middleware.reorder('StatusNotification', ['FailAfter']);
    expect((await h.call('CP1', 'StatusNotification', { connectorId: 1, status: 'Available', errorCode: 'NoError' }))[2]).toBe('InternalError');
    expect(connectors).toHaveLength(0);
  });
});

describe('concurrency', () => {
  it("an async chain failing for one charger does not roll back another charger's concurrent writes", async () => {
    const slow = callMiddleware({
      name: 'SlowFail',
      description: 'test: yields to the event loop, then fails for CP-A',
      action: 'StartTransaction',
      async handle(ctx, next) {
        await next();
        await new Promise((r) => setImmediate(r));
        if (ctx.chargePointId === 'CP-A') throw new Error('fail A');
      },
    });
    h = await createHarness({ middleware: [slow] });
    await h.connect('CP-A');
    await h.connect('CP-B');
    const start = (cp: string) => h!.call(cp, 'StartTransaction', { connectorId: 1, idTag: cp, meterStart: 0, timestamp: '2026-01-01T00:00:00Z' });
    const [a, b] = await Promise.all([start('CP-A'), start('CP-B'), h.call('CP-B', 'Heartbeat', {})]);
    expect(a[2]).toBe('InternalError');
    expect(b[0]).toBe(3);
    expect(h.store.transactions.list({ chargePointId: 'CP-A' }).total).toBe(0);
    expect(h.store.transactions.list({ chargePointId: 'CP-B' }).total).toBe(1);
    expect(h.store.chargePoints.get('CP-B')?.lastHeartbeatAt).not.toBeNull();
  });

  it('frames of one charger are handled in order', async () => {
    h = await createHarness();
    await h.connect('CP1');
    const ids = Array.from({ length: 20 }, (_, i) => `o${i}`);
    await Promise.all(ids.map((id) => h!.call('CP1', 'Heartbeat', {}, { messageId: id })));
    const stored = h.store.frames.list({ chargePointId: 'CP1', direction: 'in', order: 'asc' }).rows.map((f) => f.messageId);
    expect(stored).toEqual(ids);
  });
});

describe('shutdown', () => {
  it('stop() waits for events being handled to commit, then refuses new ones', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const slow = callMiddleware({
      name: 'Gate',
      description: 'test: waits for the test',
      action: 'Heartbeat',
      async handle(_c, next) {
        await gate;
        await next();
      },
    });
    h = await createHarness({ middleware: [slow] });
    await h.connect('CP1');
    await h.backend.middleware.reorder('Heartbeat', ['Gate', 'Heartbeat']);
    const inFlight = h.call('CP1', 'Heartbeat', {});
    await new Promise((r) => setImmediate(r));
    let stopped = false;
    const stopping = h.backend.stop().then(() => (stopped = true));
    await new Promise((r) => setImmediate(r));
    expect(stopped).toBe(false);
    release();
    expect((await inFlight)[0]).toBe(3);
    await stopping;
    expect(h.store.chargePoints.get('CP1')?.lastHeartbeatAt).not.toBeNull();
    await expect(
      h.backend.handle({
        kind: 'frame',
        chargePointId: 'CP1',
        edgeId: 'e',
        connectionId: 'conn-1',
        eventId: 'late',
        at: h.clock.iso(),
        text: '[2,"z","Heartbeat",{}]',
      }),
    ).rejects.toThrow(/stopped/);
  });
});
