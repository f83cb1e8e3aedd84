/**
 * Runs the real bundled main process (electron/dist/main.js, built by scripts/build-electron.js) under
 * plain Node with a stand-in `electron` module that records what main does: the core starts, the window
 * opens on the served UI (fetched for real), IPC and menu are registered, and quit runs the shutdown
 * (window state saved, IPC removed, core stopped) before exiting 0. The Electron binary is not needed.
 */
import { describe, it, expect, beforeAll, afterEach } from 'vitest';
import { spawn } from 'node:child_process';
import { runInNewContext } from 'node:vm';
import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildElectron } from '../scripts/build-electron.js';

const root = fileURLToPath(new URL('../', import.meta.url));

const STUB = String.raw`
const { EventEmitter } = require('node:events');
function log(kind, data) { process.stdout.write('STUB ' + JSON.stringify({ kind, data }) + '\n'); }
const app = new EventEmitter();
Object.assign(app, {
  name: 'ChargeBench',
  requestSingleInstanceLock: () => process.env.STUB_LOCK !== 'taken',
  whenReady: () => Promise.resolve(),
  getPath: () => app.userData,
  setPath: (_n, v) => { app.userData = v; },
  userData: '/nonexistent',
  getVersion: () => '0.0.0-stub',
  quit() {
    log('quit');
    const ev = { prevented: false, preventDefault() { this.prevented = true; } };
    app.emit('before-quit', ev);
    if (!ev.prevented) app.exit(0);
  },
  exit(code) { log('exit', code); process.exit(code); },
});
class BrowserWindow extends EventEmitter {
  constructor(opts) {
    super();
    log('window', opts);
    this.webContents = { setWindowOpenHandler() {}, on() {}, session: { setPermissionRequestHandler() { log('permissions'); } } };
  }
  async loadURL(url) {
    const res = await fetch(url);
    const html = await res.text();
    log('loaded', { url, status: res.status, hasRoot: html.includes('id="root"') });
    setTimeout(() => this.emit('ready-to-show'), 0);
    setTimeout(() => app.quit(), 100);
  }
  show() { log('show'); }
  focus() {} restore() {} maximize() {}
  isMinimized() { return false; } isMaximized() { return false; } isDestroyed() { return false; }
  getNormalBounds() { return { x: 11, y: 22, width: 1300, height: 810 }; }
}
module.exports = {
  app,
  BrowserWindow,
  ipcMain: { handle: (c) => log('ipc', c), removeHandler: (c) => log('ipc-removed', c) },
  Menu: { buildFromTemplate: (t) => t, setApplicationMenu: (m) => log('menu', m.map((x) => x.label || x.role)) },
  shell: { openPath: async () => '', openExternal: async () => {} },
  dialog: { showSaveDialog: async () => ({ canceled: true }), showMessageBox: async () => ({}), showErrorBox: (title, content) => log('error-box', { title, content }) },
  screen: { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }] },
};
`;

let dir: string;
beforeAll(async () => {
  await buildElectron();
}, 60_000);
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

interface StubEvent {
  kind: string;
  data: unknown;
}

async function runMain(extraEnv: Record<string, string>): Promise<{ code: number | null; events: StubEvent[]; output: string }> {
  dir = await mkdtemp(path.join(tmpdir(), 'cb-electron-main-'));
  await mkdir(path.join(dir, 'modules', 'electron'), { recursive: true });
  await writeFile(path.join(dir, 'modules', 'electron', 'index.js'), STUB);
  const child = spawn(process.execPath, [path.join(root, 'electron', 'dist', 'main.js'), '--ocpp-port', '0'], {
    cwd: root,
    env: {
      ...process.env,
      NODE_PATH: path.join(dir, 'modules'),
      CHARGEBENCH_USER_DATA_DIR: path.join(dir, 'userData'),
      CHARGEBENCH_DATA_DIR: path.join(dir, 'data'),
      CHARGEBENCH_LOG_LEVEL: 'warn',
      ...extraEnv,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const timer = setTimeout(() => child.kill('SIGKILL'), 25_000);
  const code = await new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
  clearTimeout(timer);
  const events = output
    .split('\n')
    .filter((l) => l.startsWith('STUB '))
    .map((l) => JSON.parse(l.slice(5)) as StubEvent);
  return { code, events, output };
}

describe('Electron main process (bundled, with a stand-in electron module)', () => {
  it('starts the core, opens the UI, and shuts down in order on quit', async () => {
    const { code, events, output } = await runMain({});
    const kinds = events.map((e) => e.kind);
    expect(code, output).toBe(0);
    expect(
      events
        .filter((e) => e.kind === 'ipc')
        .map((e) => e.data)
        .sort(),
    ).toEqual(['app:export-logs', 'app:info', 'app:open-data-folder', 'app:open-external']);
    expect(events.find((e) => e.kind === 'menu')?.data).toEqual(['File', 'editMenu', 'View', 'windowMenu', 'Help']);
    const win = events.find((e) => e.kind === 'window')!.data as { webPreferences: Record<string, unknown> };
    expect(win.webPreferences).toMatchObject({ contextIsolation: true, nodeIntegration: false, sandbox: true });
    expect(String(win.webPreferences.preload)).toMatch(/electron[\\/]dist[\\/]preload\.cjs$/);
    const loaded = events.find((e) => e.kind === 'loaded')!.data as { url: string; status: number; hasRoot: boolean };
    expect(loaded.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#token=[\w-]+$/);
    expect(loaded.status).toBe(200);
    // Quit: IPC handlers removed (shutdown ran) before the exit.
    expect(kinds.indexOf('quit')).toBeLessThan(kinds.indexOf('ipc-removed'));
    expect(kinds.indexOf('ipc-removed')).toBeLessThan(kinds.indexOf('exit'));
    expect(events.find((e) => e.kind === 'exit')!.data).toBe(0);
    expect(kinds).not.toContain('error-box');
    const state = JSON.parse(await readFile(path.join(dir, 'userData', 'window-state.json'), 'utf8')) as unknown;
    expect(state).toEqual({ x: 11, y: 22, width: 1300, height: 810, maximized: false });
  });

  it('a second instance leaves at once without starting the core', async () => {
    const { events } = await runMain({ STUB_LOCK: 'taken' });
    const kinds = events.map((e) => e.kind);
    expect(kinds).toContain('quit');
    expect(kinds).not.toContain('window');
    expect(kinds).not.toContain('ipc');
  });
});

describe('preload bundle (electron/dist/preload.cjs) in a sandbox-like context', () => {
  it('needs nothing but require("electron") and exposes exactly the typed bridge', async () => {
    const code = await readFile(path.join(root, 'electron', 'dist', 'preload.cjs'), 'utf8');
    const exposed: Array<[string, unknown]> = [];
    const invoked: unknown[][] = [];
    const required: string[] = [];
    const electronStub = {
      contextBridge: { exposeInMainWorld: (key: string, api: unknown) => exposed.push([key, api]) },
      ipcRenderer: { invoke: async (...a: unknown[]) => (invoked.push(a), { ok: true }) },
    };
    // A sandboxed preload gets a limited require (electron and a few polyfills) and no Node globals.
    runInNewContext(code, {
      require: (name: string) => {
        required.push(name);
        if (name !== 'electron') throw new Error(`sandboxed preload cannot require "${name}"`);
        return electronStub;
      },
      module: { exports: {} },
      exports: {},
      Promise,
      Error,
      Object,
    });
    expect(required).toEqual(['electron']);
    expect(exposed.map(([k]) => k)).toEqual(['chargebench']);
    const bridge = exposed[0]![1] as { appInfo(): Promise<unknown>; desktop: boolean };
    expect(bridge.desktop).toBe(true);
    await bridge.appInfo();
    expect(invoked).toEqual([['app:info']]);
  });
});
