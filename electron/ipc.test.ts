import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { IPC_CHANNELS, isIpcChannel, BRIDGE_KEY } from './ipcChannels.js';
import { createDesktopBridge } from './bridgeApi.js';
import { registerIpcHandlers, isTrustedSender, type IpcHandlers } from './ipcHandlers.js';
import type { IpcMainInvokeEventLike } from './electronLike.js';

function fakeIpcMain() {
  const handlers = new Map<string, (e: IpcMainInvokeEventLike, ...a: unknown[]) => unknown>();
  return {
    handlers,
    handle: (c: string, fn: (e: IpcMainInvokeEventLike, ...a: unknown[]) => unknown) => {
      if (handlers.has(c)) throw new Error(`second handler for ${c}`);
      handlers.set(c, fn);
    },
    removeHandler: (c: string) => void handlers.delete(c),
  };
}

const impl: IpcHandlers = {
  'app:info': () => ({
    name: 'ChargeBench',
    version: '0.1.0',
    versions: { electron: '41', chrome: '1', node: '22', v8: '1' },
    dataDir: '/d',
    platform: 'linux-x64',
  }),
  'app:open-data-folder': () => ({ opened: true }),
  'app:export-logs': () => ({ path: '/tmp/x.ndjson', frames: 3 }),
  'app:open-external': (url: string) => ({ opened: url.startsWith('https://') }),
};

describe('IPC surface', () => {
  it('the allowlist is exactly the four desktop-only operations', () => {
    expect([...IPC_CHANNELS].sort()).toEqual(['app:export-logs', 'app:info', 'app:open-data-folder', 'app:open-external']);
    expect(isIpcChannel('app:info')).toBe(true);
    expect(isIpcChannel('app:eval')).toBe(false);
    expect(isIpcChannel(42)).toBe(false);
  });

  it('the bridge is frozen, exposes functions only, and never leaks ipcRenderer', async () => {
    const calls: unknown[][] = [];
    const ipc = { invoke: async (...a: unknown[]) => (calls.push(a), 'ok'), send: () => {}, on: () => {} };
    const bridge = createDesktopBridge(ipc);
    expect(Object.isFrozen(bridge)).toBe(true);
    expect(Object.keys(bridge).sort()).toEqual(['appInfo', 'desktop', 'exportLogs', 'openDataFolder', 'openExternal']);
    for (const [k, v] of Object.entries(bridge)) if (k !== 'desktop') expect(typeof v).toBe('function');
    expect(Object.values(bridge)).not.toContain(ipc);
    await bridge.appInfo();
    await bridge.exportLogs();
    await bridge.openExternal('http://127.0.0.1:15672/');
    expect(calls).toEqual([['app:info'], ['app:export-logs'], ['app:open-external', 'http://127.0.0.1:15672/']]);
    await expect(bridge.openExternal('file:///etc/passwd')).rejects.toThrow(/http\(s\) URL/);
    expect(calls).toHaveLength(3);
  });

  it('main registers exactly the allowlisted channels and unregisters them', () => {
    const ipcMain = fakeIpcMain();
    const unregister = registerIpcHandlers(ipcMain, impl, () => 'http://127.0.0.1:4000');
    expect([...ipcMain.handlers.keys()].sort()).toEqual([...IPC_CHANNELS].sort());
    unregister();
    expect(ipcMain.handlers.size).toBe(0);
  });

  it('only the bench UI origin may call', async () => {
    const ipcMain = fakeIpcMain();
    registerIpcHandlers(ipcMain, impl, () => 'http://127.0.0.1:4000');
    const info = ipcMain.handlers.get('app:info')!;
    expect(await info({ senderFrame: { url: 'http://127.0.0.1:4000/#/overview' } })).toMatchObject({ name: 'ChargeBench' });
    for (const url of ['http://127.0.0.1:4001/', 'https://evil.example/', 'file:///tmp/x.html', 'about:blank', 'not a url']) {
      expect(() => info({ senderFrame: { url } })).toThrow(/not the ChargeBench UI/);
    }
    expect(() => info({ senderFrame: null })).toThrow(/refused/);
    expect(isTrustedSender({}, 'http://127.0.0.1:4000')).toBe(false);
    const ext = ipcMain.handlers.get('app:open-external')!;
    expect(await ext({ senderFrame: { url: 'http://127.0.0.1:4000/' } }, 'https://example.org')).toEqual({ opened: true });
  });

  it('preload exposes the bridge under window.chargebench and nothing else', () => {
    const src = readFileSync(new URL('./preload.ts', import.meta.url), 'utf8');
    const exposes = [...src.matchAll(/exposeInMainWorld\(/g)];
    expect(exposes).toHaveLength(1);
    expect(src).toContain('exposeInMainWorld(BRIDGE_KEY, createDesktopBridge(ipcRenderer))');
    expect(BRIDGE_KEY).toBe('chargebench');
  });
});
