import { describe, it, expect } from 'vitest';
import { chooseStartMode, shouldOpenBrowser, browserOpener, findUiUrl, type ModeEnvironment } from './modeChoice.js';

const missing = () => {
  throw new Error('Electron failed to install correctly, please delete node_modules/electron and try installing again');
};
function env(over: Partial<ModeEnvironment> = {}): ModeEnvironment {
  return { env: { DISPLAY: ':0' }, platform: 'linux', resolveElectron: () => '/n/electron/dist/electron', exists: () => true, ...over };
}

describe('mode choice', () => {
  it('electron when the binary is installed and there is a display', () => {
    expect(chooseStartMode(env())).toEqual({ mode: 'electron', electronPath: '/n/electron/dist/electron', reason: 'the Electron binary is installed' });
    expect(chooseStartMode(env({ platform: 'win32', env: {} }))).toMatchObject({ mode: 'electron' });
    expect(chooseStartMode(env({ platform: 'linux', env: { WAYLAND_DISPLAY: 'wayland-0' } }))).toMatchObject({ mode: 'electron' });
  });

  it('browser when the package is absent (this machine), the binary missing, or no display', () => {
    expect(chooseStartMode(env({ resolveElectron: missing }))).toEqual({
      mode: 'browser',
      reason: 'the Electron binary is not installed (Electron failed to install correctly, please delete node_modules/electron and try installing again)',
    });
    expect(chooseStartMode(env({ exists: () => false }))).toMatchObject({ mode: 'browser', reason: expect.stringContaining('not installed') });
    expect(chooseStartMode(env({ resolveElectron: () => undefined }))).toMatchObject({ mode: 'browser' });
    expect(chooseStartMode(env({ env: {} }))).toMatchObject({ mode: 'browser', reason: expect.stringContaining('no display') });
  });

  it('CHARGEBENCH_MODE forces browser mode, and an unknown value says so', () => {
    expect(chooseStartMode(env({ env: { DISPLAY: ':0', CHARGEBENCH_MODE: 'browser' } }))).toEqual({ mode: 'browser', reason: 'CHARGEBENCH_MODE=browser' });
    expect(chooseStartMode(env({ env: { DISPLAY: ':0', CHARGEBENCH_MODE: 'electron' } }))).toMatchObject({
      mode: 'electron',
      reason: 'CHARGEBENCH_MODE=electron',
    });
    expect(chooseStartMode(env({ env: { DISPLAY: ':0', CHARGEBENCH_MODE: 'kiosk' } })).reason).toMatch(/not "browser" or "electron"/);
    // Electron requested but not installed: browser mode, and why.
    expect(chooseStartMode(env({ env: { CHARGEBENCH_MODE: 'electron', DISPLAY: ':0' }, resolveElectron: missing }))).toMatchObject({ mode: 'browser' });
  });

  it('opens a browser only when one can be shown and nobody said no', () => {
    expect(shouldOpenBrowser({ DISPLAY: ':0' }, 'linux')).toEqual({ open: true });
    expect(shouldOpenBrowser({ DISPLAY: ':0', CHARGEBENCH_NO_BROWSER: '1' }, 'linux')).toMatchObject({ open: false });
    expect(shouldOpenBrowser({ DISPLAY: ':0', CI: 'true' }, 'linux')).toMatchObject({ open: false, reason: 'running under CI' });
    expect(shouldOpenBrowser({ DISPLAY: ':0', CI: 'false' }, 'linux')).toEqual({ open: true });
    expect(shouldOpenBrowser({}, 'linux')).toMatchObject({ open: false, reason: 'no display' });
    expect(shouldOpenBrowser({}, 'darwin')).toEqual({ open: true });
  });

  it('uses the platform opener', () => {
    expect(browserOpener('linux', 'http://127.0.0.1:1/#token=a')).toEqual({ command: 'xdg-open', args: ['http://127.0.0.1:1/#token=a'] });
    expect(browserOpener('darwin', 'u')).toEqual({ command: 'open', args: ['u'] });
    expect(browserOpener('win32', 'http://x/?a=1&b=2')).toEqual({ command: 'cmd', args: ['/c', 'start', '""', 'http://x/?a=1^&b=2'] });
  });

  it('finds the UI URL that serve prints on its own line', () => {
    expect(findUiUrl('http://127.0.0.1:43123/#token=abc_DEF-1')).toBe('http://127.0.0.1:43123/#token=abc_DEF-1');
    expect(findUiUrl('  UI: http://127.0.0.1:8080/#token=x  ')).toBe('http://127.0.0.1:8080/#token=x');
    expect(findUiUrl('{"level":30,"msg":"bench API listening on http://127.0.0.1:1/"}')).toBeNull();
    expect(findUiUrl('ws://127.0.0.1:9000/ocpp/{id}')).toBeNull();
  });
});
