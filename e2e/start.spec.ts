/**
 * `npm start` on this machine (no Electron binary): the real command, as a user runs it, with a temp data
 * dir and ephemeral ports. It must say it started in browser mode, print the UI address (with the token) on
 * a line of its own, serve the UI that Chromium then loads, and stop cleanly on Ctrl-C (SIGINT).
 */
import { expect, test } from '@playwright/test';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync, existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { findUiUrl } from '../electron/modeChoice.js';
import { createDockerClient, detectDocker } from '../core/docker/index.js';
import { skipWithoutBrowser } from './browser.js';

skipWithoutBrowser();

test.describe.configure({ mode: 'serial' });

let child: ChildProcessWithoutNullStreams;
let dataDir: string;
const output: string[] = [];

/** Resolves when every process of the group let go of stdout (npm, its shell and node have all exited). */
function closed(p: ChildProcessWithoutNullStreams, ms: number): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`npm start did not exit within ${ms} ms after SIGINT\n${output.join('\n')}`)), ms);
    p.once('close', (code, signal) => {
      clearTimeout(t);
      resolve({ code, signal });
    });
  });
}

test.beforeAll(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'chargebench-npm-start-'));
});
test.afterAll(() => {
  try {
    if (child?.pid) process.kill(-child.pid, 'SIGKILL');
  } catch {
    /* already gone */
  }
  rmSync(dataDir, { recursive: true, force: true });
});

test('npm start serves the UI in browser mode and stops cleanly on Ctrl-C', async ({ page }) => {
  child = spawn('npm', ['start', '--silent', '--', '--ocpp-port', '0', '--ui-port', '0'], {
    env: {
      ...process.env,
      CHARGEBENCH_NO_BROWSER: '1',
      CHARGEBENCH_DATA_DIR: dataDir,
      CHARGEBENCH_MODE: 'browser',
      CHARGEBENCH_LOG_LEVEL: 'warn',
      AMQP_URL: '',
    },
    stdio: ['pipe', 'pipe', 'pipe'],
    // Its own process group, so the test can press "Ctrl-C" the way a terminal does: SIGINT to the whole group.
    detached: true,
  });
  child.stderr.on('data', (d: Buffer) => output.push(...d.toString().split('\n')));
  const uiUrl = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no UI address within 60 s:\n${output.join('\n')}`)), 60_000);
    child.once('exit', (code) => reject(new Error(`npm start exited early (code ${code}):\n${output.join('\n')}`)));
    createInterface({ input: child.stdout }).on('line', (line) => {
      output.push(line);
      const url = findUiUrl(line);
      if (url && line.trim() === url) {
        clearTimeout(timer);
        resolve(url);
      }
    });
  });
  expect(output.some((l) => l.includes('[chargebench] starting in browser mode'))).toBe(true);
  expect(uiUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#token=[\w-]{20,}$/);

  await page.goto(uiUrl);
  await expect(page.getByRole('navigation', { name: 'Screens' })).toBeVisible();
  await expect(page.getByTestId('ocpp-url')).toContainText(/^ws:\/\/127\.0\.0\.1:\d+\/ocpp\/\{chargePointId\}$/);
  await expect(page.getByTestId('transport-kind')).toContainText('in-process');
  // The token left the address bar once the UI took it.
  expect(page.url()).not.toContain('token=');
  await page.screenshot({ path: 'test-results/screenshots/npm-start.png' });

  // Settings → RabbitMQ broker: the Docker helper answers for this machine's engine, plainly when there is none.
  const engine = await detectDocker(createDockerClient(), 5_000);
  await page.getByRole('navigation', { name: 'Screens' }).getByRole('link', { name: 'Settings', exact: true }).click();
  const panel = page.getByTestId('broker-panel');
  await expect(panel).toBeVisible();
  if (!engine.available) {
    await expect(panel.getByTestId('docker-unavailable')).toContainText('Docker is not available:');
    await expect(panel.getByTestId('docker-unavailable')).toContainText('Use the embedded transport or enter an existing broker URL.');
    await expect(panel.getByLabel('Existing broker URL')).toHaveValue(/^amqp:\/\//);
  } else {
    await expect(panel.getByText('chargebench-rabbitmq:')).toBeVisible();
  }
  await page.screenshot({ path: 'test-results/screenshots/npm-start-settings.png', fullPage: true });

  // The data went where CHARGEBENCH_DATA_DIR said.
  expect(readdirSync(dataDir).length).toBeGreaterThan(0);

  process.kill(-child.pid!, 'SIGINT');
  const end = await closed(child, 30_000);
  // Our process finished its shutdown and exited 0 ("stopped" is printed right before exit(0)); npm itself,
  // like in a terminal, ends by the SIGINT it received.
  expect(
    output.some((l) => l.includes('[chargebench] stopped')),
    output.join('\n'),
  ).toBe(true);
  expect(end.code === 0 || end.signal === 'SIGINT', JSON.stringify(end)).toBe(true);
  expect(output.some((l) => /forced exit|shutdown failed/.test(l))).toBe(false);
  // The UI is gone with it.
  await expect(page.request.get(uiUrl, { timeout: 3_000 })).rejects.toThrow();
  expect(existsSync(dataDir)).toBe(true);
});
