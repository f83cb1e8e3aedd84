/**
 * The desktop app through Playwright's Electron driver. Runs where the Electron binary is installed;
 * here (npm could not download it) it is skipped with the reason. The same main process is covered without
 * the binary by electron/mainProcess.test.ts, and the same UI in Chromium by the other specs.
 */
import { expect, test, _electron as electron } from '@playwright/test';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { buildElectron } from '../scripts/build-electron.js';
import { chooseStartMode } from '../electron/modeChoice.js';

const root = resolve(import.meta.dirname, '..');
const require = createRequire(join(root, 'package.json'));
const mode = chooseStartMode({ env: process.env, platform: process.platform, resolveElectron: () => require('electron'), exists: existsSync });

const SKIP_REASON = `Electron desktop test skipped: ${mode.mode === 'browser' ? mode.reason : ''}. Install the Electron binary (npm install on a machine that can reach Electron's downloads) and run with a display (or xvfb-run) to run it.`;
if (mode.mode !== 'electron') console.log(`[e2e/electron.spec.ts] ${SKIP_REASON}`);
test.skip(mode.mode !== 'electron', SKIP_REASON);

test('the desktop window shows the bench UI with only the typed bridge exposed', async () => {
  if (mode.mode !== 'electron') return;
  await buildElectron();
  const tmp = mkdtempSync(join(tmpdir(), 'chargebench-electron-'));
  const app = await electron.launch({
    executablePath: mode.electronPath,
    args: [root, '--ocpp-port', '0'],
    cwd: root,
    env: { ...process.env, CHARGEBENCH_DATA_DIR: join(tmp, 'data'), CHARGEBENCH_USER_DATA_DIR: join(tmp, 'user'), AMQP_URL: '' },
  });
  try {
    const win = await app.firstWindow();
    await expect(win.getByRole('navigation', { name: 'Screens' })).toBeVisible({ timeout: 30_000 });
    await expect(win.getByTestId('ocpp-url')).toContainText('/ocpp/{chargePointId}');
    const surface = await win.evaluate(async () => {
      const w = window as unknown as {
        chargebench?: { desktop: boolean; appInfo(): Promise<{ name: string; versions: { electron: string } }> };
        require?: unknown;
        process?: unknown;
      };
      return {
        keys: Object.keys(w.chargebench ?? {}).sort(),
        info: await w.chargebench?.appInfo(),
        hasRequire: typeof w.require !== 'undefined',
        hasProcess: typeof w.process !== 'undefined',
      };
    });
    expect(surface.keys).toEqual(['appInfo', 'desktop', 'exportLogs', 'openDataFolder', 'openExternal']);
    expect(surface.info?.name).toBe('ChargeBench');
    expect(surface.hasRequire).toBe(false);
    expect(surface.hasProcess).toBe(false);
    await win.screenshot({ path: 'test-results/screenshots/electron.png' });
  } finally {
    await app.close();
  }
  expect(JSON.parse(readFileSync(join(tmp, 'user', 'window-state.json'), 'utf8'))).toMatchObject({ width: expect.any(Number) });
  rmSync(tmp, { recursive: true, force: true });
});
