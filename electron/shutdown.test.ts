import { describe, it, expect } from 'vitest';
import { EventEmitter } from 'node:events';
import { createShutdown, desktopShutdownSteps, holdQuitUntilShutdown, type BenchHandle } from './shutdown.js';

function recordingBench(order: string[], opts: { hangTransport?: boolean; failChargers?: boolean } = {}): BenchHandle {
  return {
    uiUrl: 'http://127.0.0.1:1/#token=t',
    stopChargers: async () => {
      order.push('chargers');
      if (opts.failChargers) throw new Error('fleet exploded');
    },
    flushStore: async () => void order.push('store'),
    closeTransport: () => (opts.hangTransport ? new Promise(() => {}) : Promise.resolve(void order.push('broker'))),
    stop: async () => void order.push('core'),
  };
}

describe('shutdown order', () => {
  it('window state, IPC, chargers, store, broker connection, core — in that order', async () => {
    const order: string[] = [];
    const steps = desktopShutdownSteps({
      saveWindowState: () => void order.push('window'),
      unregisterIpc: () => void order.push('ipc'),
      bench: recordingBench(order),
    });
    const results = await createShutdown(steps)();
    expect(order).toEqual(['window', 'ipc', 'chargers', 'store', 'broker', 'core']);
    expect(results.map((r) => r.name)).toEqual([
      'save window state',
      'close IPC',
      'stop simulated chargers',
      'flush the store',
      'close the broker connection',
      'stop the core',
    ]);
    expect(results.every((r) => r.ok)).toBe(true);
  });

  it('a core that only offers stop() is stopped', async () => {
    const order: string[] = [];
    const steps = desktopShutdownSteps({ bench: { uiUrl: 'x', stop: async () => void order.push('core') } });
    expect(steps.map((s) => s.name)).toEqual(['stop the core']);
    await createShutdown(steps)();
    expect(order).toEqual(['core']);
  });

  it('a failing or stuck step is reported and the next steps still run', async () => {
    const order: string[] = [];
    const logs: string[] = [];
    const steps = desktopShutdownSteps({ bench: recordingBench(order, { hangTransport: true, failChargers: true }) });
    for (const s of steps) if (s.name === 'close the broker connection') s.timeoutMs = 100;
    const results = await createShutdown(steps, (m) => logs.push(m))();
    expect(order).toEqual(['chargers', 'store', 'core']);
    expect(results.find((r) => r.name === 'stop simulated chargers')).toMatchObject({ ok: false, error: 'fleet exploded' });
    expect(results.find((r) => r.name === 'close the broker connection')).toMatchObject({ ok: false, error: 'did not finish within 100 ms' });
    expect(results.at(-1)).toMatchObject({ name: 'stop the core', ok: true });
    expect(logs.some((l) => l.includes('close the broker connection failed'))).toBe(true);
  });

  it('runs once however many times quit is requested', async () => {
    const order: string[] = [];
    const run = createShutdown(desktopShutdownSteps({ bench: recordingBench(order) }));
    const [a, b] = await Promise.all([run(), run()]);
    expect(a).toBe(b);
    await run();
    expect(order.filter((o) => o === 'core')).toHaveLength(1);
  });

  it('holds the first quit until shutdown is done, then exits with its verdict', async () => {
    const app = Object.assign(new EventEmitter(), {
      exitCode: undefined as number | undefined,
      exit(code?: number) {
        this.exitCode = code;
      },
    });
    const order: string[] = [];
    const run = createShutdown(desktopShutdownSteps({ bench: recordingBench(order) }));
    holdQuitUntilShutdown(app, run);
    let prevented = 0;
    app.emit('before-quit', { preventDefault: () => void prevented++ });
    expect(prevented).toBe(1);
    expect(app.exitCode).toBeUndefined();
    await run();
    await new Promise((r) => setImmediate(r));
    expect(app.exitCode).toBe(0);
    // After shutdown, a quit passes through.
    app.emit('before-quit', { preventDefault: () => void prevented++ });
    expect(prevented).toBe(1);
  });
});
