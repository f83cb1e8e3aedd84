import { describe, it, expect } from 'vitest';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { mainWindowOptions, decideNavigation, allowPermission, MIN_WINDOW } from './windowOptions.js';
import {
  DEFAULT_WINDOW_STATE,
  fitToDisplays,
  loadWindowState,
  parseWindowState,
  saveWindowState,
  captureWindowState,
  WINDOW_STATE_FILE,
} from './windowState.js';
import { buildMenuTemplate } from './menu.js';

const screen = [{ x: 0, y: 0, width: 1920, height: 1080 }];

describe('window options', () => {
  it('locks the renderer down', () => {
    const o = mainWindowOptions({ preloadPath: '/app/electron/dist/preload.cjs', state: DEFAULT_WINDOW_STATE });
    expect(o.webPreferences).toMatchObject({
      preload: '/app/electron/dist/preload.cjs',
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      sandbox: true,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
    expect(o).toMatchObject({ title: 'ChargeBench', width: 1280, height: 800, show: false, minWidth: MIN_WINDOW.width });
    expect('x' in o).toBe(false);
    const placed = mainWindowOptions({ preloadPath: 'p', state: { x: 10, y: 20, width: 1400, height: 900, maximized: false } });
    expect(placed).toMatchObject({ x: 10, y: 20, width: 1400, height: 900 });
  });

  it('keeps navigation on the UI origin, sends web links out, refuses the rest', () => {
    const ui = 'http://127.0.0.1:4310';
    expect(decideNavigation('http://127.0.0.1:4310/#/chargers', ui)).toBe('allow');
    expect(decideNavigation('http://127.0.0.1:15672/', ui)).toBe('open-externally');
    expect(decideNavigation('https://www.openchargealliance.org/', ui)).toBe('open-externally');
    expect(decideNavigation('file:///etc/passwd', ui)).toBe('deny');
    expect(decideNavigation('javascript:alert(1)', ui)).toBe('deny');
    expect(decideNavigation('::garbage', ui)).toBe('deny');
  });
});

describe('web permissions', () => {
  it('only the clipboard write of the Copy buttons, only for the UI', () => {
    const ui = 'http://127.0.0.1:4310';
    expect(allowPermission('clipboard-sanitized-write', 'http://127.0.0.1:4310/#/settings', ui)).toBe(true);
    expect(allowPermission('clipboard-sanitized-write', 'https://evil.example/', ui)).toBe(false);
    for (const p of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'hid', 'serial', 'usb']) {
      expect(allowPermission(p, 'http://127.0.0.1:4310/', ui)).toBe(false);
    }
  });
});

describe('window state', () => {
  it('parses, validates and falls back', () => {
    expect(parseWindowState(undefined)).toEqual(DEFAULT_WINDOW_STATE);
    expect(parseWindowState('{not json')).toEqual(DEFAULT_WINDOW_STATE);
    expect(parseWindowState('null')).toEqual(DEFAULT_WINDOW_STATE);
    expect(parseWindowState('{"width":"wide","height":-3,"x":5}')).toEqual(DEFAULT_WINDOW_STATE);
    expect(parseWindowState('{"width":1500.4,"height":950,"x":30,"y":40,"maximized":true}')).toEqual({
      width: 1500,
      height: 950,
      x: 30,
      y: 40,
      maximized: true,
    });
  });

  it('re-centres a window saved on a display that is gone and shrinks it to fit', () => {
    expect(fitToDisplays({ x: 3000, y: 100, width: 1280, height: 800, maximized: false }, screen)).toEqual({ width: 1280, height: 800, maximized: false });
    expect(fitToDisplays({ x: 100, y: 100, width: 4000, height: 3000, maximized: false }, screen)).toEqual({
      x: 100,
      y: 100,
      width: 1920,
      height: 1080,
      maximized: false,
    });
    const secondScreen = [...screen, { x: 1920, y: 0, width: 2560, height: 1440 }];
    expect(fitToDisplays({ x: 2000, y: 50, width: 1280, height: 800, maximized: false }, secondScreen)).toMatchObject({ x: 2000, y: 50 });
  });

  it('round-trips through the user-data folder atomically', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'cb-winstate-'));
    try {
      expect(await loadWindowState(dir, screen)).toEqual(DEFAULT_WINDOW_STATE);
      const win = { getNormalBounds: () => ({ x: 50, y: 60, width: 1300, height: 820 }), isMaximized: () => true };
      await saveWindowState(dir, captureWindowState(win));
      expect(JSON.parse(await readFile(path.join(dir, WINDOW_STATE_FILE), 'utf8'))).toEqual({ x: 50, y: 60, width: 1300, height: 820, maximized: true });
      expect(await loadWindowState(dir, screen)).toEqual({ x: 50, y: 60, width: 1300, height: 820, maximized: true });
      await writeFile(path.join(dir, WINDOW_STATE_FILE), 'garbage');
      expect(await loadWindowState(dir, screen)).toEqual(DEFAULT_WINDOW_STATE);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('application menu', () => {
  const noop = () => {};
  it('has File (data folder, export logs, quit), View and Help (about, versions)', () => {
    let exported = 0;
    const t = buildMenuTemplate({ openDataFolder: noop, exportLogs: () => void exported++, about: noop, versions: noop }, 'linux');
    expect(t.map((m) => m.label ?? m.role)).toEqual(['File', 'editMenu', 'View', 'windowMenu', 'Help']);
    const file = t[0]!.submenu!;
    expect(file.map((i) => i.label ?? i.role ?? i.type)).toEqual(['Open Data Folder', 'Export Message Log…', 'separator', 'Quit ChargeBench']);
    file[1]!.click!();
    expect(exported).toBe(1);
    expect(t[4]!.submenu!.map((i) => i.label)).toEqual(['About ChargeBench', 'Versions']);
    expect(t[2]!.submenu!.some((i) => i.role === 'toggleDevTools')).toBe(true);
  });

  it('adds the app menu on macOS', () => {
    const t = buildMenuTemplate({ openDataFolder: noop, exportLogs: noop, about: noop, versions: noop }, 'darwin');
    expect(t[0]!.role).toBe('appMenu');
    expect(t[1]!.submenu!.at(-1)!.role).toBe('close');
  });
});
