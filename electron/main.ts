/**
 * Electron main process: a thin shell. It starts the same core `chargebench serve` runs (core/app/bench.ts,
 * in-process), opens one window on the bench UI it serves, and adds what only a desktop app can: a menu,
 * a single instance, remembered window bounds, and an orderly shutdown. All logic lives in the small modules
 * beside this file, which are unit-tested without the Electron binary.
 */
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startBench } from '../core/app/bench.js';
import { resolveDataDir } from '../core/config/index.js';
import { createLogger } from '../core/util/log.js';
import type { IpcMainLike, MenuItemTemplate, Rectangle } from './electronLike.js';
import type { AppInfo } from './ipcChannels.js';
import { registerIpcHandlers } from './ipcHandlers.js';
import { buildMenuTemplate } from './menu.js';
import { createShutdown, desktopShutdownSteps, holdQuitUntilShutdown, type BenchHandle, type ShutdownStepResult } from './shutdown.js';
import { allowPermission, decideNavigation, mainWindowOptions } from './windowOptions.js';
import { captureWindowState, loadWindowState, saveWindowState } from './windowState.js';
import { exportMessageLog } from './logExport.js';

// The Electron API, typed by the slices used here (the `electron` package is optional; see electronLike.ts).
interface BrowserWindowLike {
  loadURL(url: string): Promise<void>;
  once(event: 'ready-to-show', fn: () => void): void;
  on(event: 'close' | 'closed', fn: () => void): void;
  show(): void;
  focus(): void;
  restore(): void;
  maximize(): void;
  isMinimized(): boolean;
  isMaximized(): boolean;
  isDestroyed(): boolean;
  getNormalBounds(): Rectangle;
  webContents: {
    setWindowOpenHandler(fn: (d: { url: string }) => { action: 'deny' | 'allow' }): void;
    session: { setPermissionRequestHandler(fn: (wc: { getURL(): string }, permission: string, callback: (granted: boolean) => void) => void): void };
    on(event: 'will-navigate', fn: (e: { preventDefault(): void }, url: string) => void): void;
  };
}
interface ElectronMain {
  app: {
    name: string;
    requestSingleInstanceLock(): boolean;
    on(event: string, fn: (...a: never[]) => void): void;
    whenReady(): Promise<void>;
    getPath(name: 'userData'): string;
    setPath(name: 'userData', value: string): void;
    getVersion(): string;
    quit(): void;
    exit(code?: number): void;
    setAboutPanelOptions?(o: Record<string, string>): void;
    showAboutPanel?(): void;
  };
  BrowserWindow: new (opts: ReturnType<typeof mainWindowOptions>) => BrowserWindowLike;
  ipcMain: IpcMainLike;
  Menu: { buildFromTemplate(t: MenuItemTemplate[]): unknown; setApplicationMenu(m: unknown): void };
  shell: { openPath(p: string): Promise<string>; openExternal(url: string): Promise<void> };
  dialog: {
    showSaveDialog(
      w: BrowserWindowLike,
      o: { title: string; defaultPath: string; filters: { name: string; extensions: string[] }[] },
    ): Promise<{ canceled: boolean; filePath?: string }>;
    showMessageBox(w: BrowserWindowLike | undefined, o: { type: string; title: string; message: string; detail?: string }): Promise<unknown>;
    showErrorBox(title: string, content: string): void;
  };
  screen: { getAllDisplays(): { workArea: Rectangle }[] };
}

const require = createRequire(import.meta.url);
const { app, BrowserWindow, ipcMain, Menu, shell, dialog, screen } = require('electron') as ElectronMain;
// Tests (and portable setups) keep window state etc. in a folder of their own.
if (process.env.CHARGEBENCH_USER_DATA_DIR) app.setPath('userData', process.env.CHARGEBENCH_USER_DATA_DIR);
const here = path.dirname(fileURLToPath(import.meta.url));
const log = createLogger('desktop');

let win: BrowserWindowLike | null = null;
let bench: BenchHandle | null = null;
let unregisterIpc: (() => void) | undefined;
// `npm start -- --ocpp-port 9100 --host 0.0.0.0 --data-dir DIR --amqp URL` reaches here through Electron's argv.
const cli = parseArgs({
  args: process.argv.slice(2).filter((a) => a.startsWith('--') || !a.startsWith('-')),
  strict: false,
  allowPositionals: true,
  options: { 'ocpp-port': { type: 'string' }, host: { type: 'string' }, 'data-dir': { type: 'string' }, amqp: { type: 'string' } },
}).values;
const dataDir = resolveDataDir(typeof cli['data-dir'] === 'string' ? { dataDir: cli['data-dir'] } : {});
const ocppPort = typeof cli['ocpp-port'] === 'string' && /^\d+$/.test(cli['ocpp-port']) ? Number(cli['ocpp-port']) : undefined;

function appInfo(): AppInfo {
  const v = process.versions as NodeJS.ProcessVersions & { electron?: string; chrome?: string };
  return {
    name: 'ChargeBench',
    version: app.getVersion(),
    versions: { electron: v.electron ?? '?', chrome: v.chrome ?? '?', node: v.node, v8: v.v8 },
    dataDir,
    platform: `${process.platform}-${process.arch}`,
  };
}

async function openDataFolder(): Promise<{ opened: boolean; error?: string }> {
  const error = await shell.openPath(dataDir);
  return error ? { opened: false, error } : { opened: true };
}

async function exportLogs(): Promise<{ path: string | null; frames: number }> {
  if (!win || !bench) return { path: null, frames: 0 };
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const choice = await dialog.showSaveDialog(win, {
    title: 'Export message log',
    defaultPath: path.join(dataDir, `chargebench-messages-${stamp}.ndjson`),
    filters: [{ name: 'NDJSON', extensions: ['ndjson'] }],
  });
  if (choice.canceled || !choice.filePath) return { path: null, frames: 0 };
  const r = await exportMessageLog(bench.uiUrl, choice.filePath);
  log.info({ file: choice.filePath, frames: r.frames }, 'message log exported');
  return { path: choice.filePath, frames: r.frames };
}

function showVersions(): void {
  const i = appInfo();
  void dialog.showMessageBox(win ?? undefined, {
    type: 'info',
    title: 'Versions',
    message: `ChargeBench ${i.version}`,
    detail: `Electron ${i.versions.electron}\nChromium ${i.versions.chrome}\nNode.js ${i.versions.node}\nV8 ${i.versions.v8}\n${i.platform}\n\nData folder: ${i.dataDir}\nUI: ${bench ? new URL(bench.uiUrl).origin : '-'}\nChargers connect to: ${bench?.ocppUrl ?? '-'}`,
  });
}

function showAbout(): void {
  void dialog.showMessageBox(win ?? undefined, {
    type: 'info',
    title: 'About ChargeBench',
    message: `ChargeBench ${app.getVersion()}`,
    detail: 'OCPP 1.6J and 2.0.1 test bench: central system, websocket edge, RabbitMQ transport and a fleet of simulated chargers in one app.',
  });
}

function uiOrigin(): string {
  return bench ? new URL(bench.uiUrl).origin : 'null';
}

async function createWindow(): Promise<void> {
  const workAreas = screen.getAllDisplays().map((d) => d.workArea);
  const state = await loadWindowState(app.getPath('userData'), workAreas);
  win = new BrowserWindow(mainWindowOptions({ preloadPath: path.join(here, 'preload.cjs'), state }));
  if (state.maximized) win.maximize();
  const w = win;
  w.once('ready-to-show', () => w.show());
  w.webContents.session.setPermissionRequestHandler((wc, permission, callback) => callback(allowPermission(permission, wc.getURL(), uiOrigin())));
  w.webContents.setWindowOpenHandler(({ url }) => {
    if (decideNavigation(url, uiOrigin()) !== 'deny') void shell.openExternal(url);
    return { action: 'deny' };
  });
  w.webContents.on('will-navigate', (event, url) => {
    const decision = decideNavigation(url, uiOrigin());
    if (decision === 'allow') return;
    event.preventDefault();
    if (decision === 'open-externally') void shell.openExternal(url);
  });
  w.on('close', () => {
    if (!w.isDestroyed()) void saveWindowState(app.getPath('userData'), captureWindowState(w)).catch(() => {});
  });
  w.on('closed', () => {
    win = null;
  });
  await w.loadURL(bench!.uiUrl);
}

async function boot(): Promise<void> {
  await app.whenReady();
  unregisterIpc = registerIpcHandlers(
    ipcMain,
    {
      'app:info': () => appInfo(),
      'app:open-data-folder': () => openDataFolder(),
      'app:export-logs': () => exportLogs(),
      'app:open-external': async (url: string) => {
        if (decideNavigation(url, 'null') !== 'open-externally') return { opened: false };
        await shell.openExternal(url);
        return { opened: true };
      },
    },
    uiOrigin,
  );
  Menu.setApplicationMenu(
    Menu.buildFromTemplate(
      buildMenuTemplate(
        {
          openDataFolder: () => void openDataFolder(),
          exportLogs: () => void exportLogs().catch((err: Error) => dialog.showErrorBox('Export failed', err.message)),
          about: showAbout,
          versions: showVersions,
        },
        process.platform,
      ),
    ),
  );
  try {
    bench = await startBench({
      dataDir,
      uiPort: 0,
      ...(ocppPort !== undefined ? { ocppPort } : {}),
      ...(typeof cli.host === 'string' ? { host: cli.host } : {}),
      ...(typeof cli.amqp === 'string' ? { amqp: { url: cli.amqp } } : {}),
    });
  } catch (err) {
    dialog.showErrorBox('ChargeBench could not start', (err as Error).message ?? String(err));
    app.exit(1);
    return;
  }
  log.info({ ui: new URL(bench.uiUrl).origin, ocpp: bench.ocppUrl }, 'ChargeBench desktop started');
  await createWindow();
}

if (!app.requestSingleInstanceLock()) {
  // Another ChargeBench window is open: it gets focused (below, in that process); this one leaves.
  app.quit();
} else {
  app.on('second-instance', () => {
    if (!win) return;
    if (win.isMinimized()) win.restore();
    win.focus();
  });
  app.on('window-all-closed', () => app.quit());
  // Built at quit time, so it sees the core and the window as they are then.
  let shutdownRun: (() => Promise<ShutdownStepResult[]>) | undefined;
  const shutdown = () => {
    const w = win && !win.isDestroyed() ? win : null;
    shutdownRun ??= createShutdown(
      desktopShutdownSteps({
        ...(w ? { saveWindowState: () => saveWindowState(app.getPath('userData'), captureWindowState(w)) } : {}),
        unregisterIpc: () => unregisterIpc?.(),
        bench,
      }),
      (msg, fields) => log.info(fields ?? {}, msg),
    );
    return shutdownRun();
  };
  holdQuitUntilShutdown(app as unknown as Parameters<typeof holdQuitUntilShutdown>[0], shutdown);
  for (const sig of ['SIGINT', 'SIGTERM'] as const) process.on(sig, () => app.quit());
  boot().catch((err: unknown) => {
    log.error({ err: (err as Error).message }, 'desktop start failed');
    dialog.showErrorBox('ChargeBench could not start', (err as Error).message ?? String(err));
    app.exit(1);
  });
}
