/**
 * Builds the renderer, starts a bench in a child process (temp data dir, ephemeral ports) and hands its
 * addresses to the tests through env vars. Returns the teardown that stops it.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { BROWSER_MISSING_ENV, findChromium, missingBrowserLine } from './browser.js';

export default async function globalSetup(): Promise<() => Promise<void>> {
  const browser = findChromium();
  if (!browser.path) {
    if (process.env.CI === 'true') throw new Error(missingBrowserLine(browser, true));
    const line = missingBrowserLine(browser);
    console.log(`\n${'!'.repeat(12)} ${line}\n`);
    process.env[BROWSER_MISSING_ENV] = line;
    return async () => {};
  }
  // A private build: other sessions may rebuild renderer/dist (which empties it) while these tests run.
  const dataDir = mkdtempSync(join(tmpdir(), 'chargebench-e2e-'));
  const rendererDir = join(dataDir, 'renderer-dist');
  const build = spawnSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'warn', '--outDir', rendererDir, '--emptyOutDir'], {
    stdio: 'inherit',
  });
  if (build.status !== 0) throw new Error('vite build failed: run `npm run build:renderer` to see why');
  const child = spawn(process.execPath, ['--import', 'tsx', 'e2e/benchServer.ts', dataDir, rendererDir], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, CHARGEBENCH_LOG_LEVEL: process.env.CHARGEBENCH_LOG_LEVEL ?? 'warn', AMQP_URL: '' },
  });
  const info = await new Promise<{ uiUrl: string; apiUrl: string; token: string; ocppUrl: string }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the bench did not start within 30 s')), 30_000);
    child.once('exit', (code) => reject(new Error(`the bench exited early (code ${code})`)));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (!line.startsWith('{')) return;
      clearTimeout(timer);
      resolve(JSON.parse(line));
    });
  });
  process.env.CB_UI_URL = info.uiUrl;
  process.env.CB_API_URL = info.apiUrl;
  process.env.CB_TOKEN = info.token;
  process.env.CB_OCPP_URL = info.ocppUrl;
  process.env.CB_RENDERER_DIR = rendererDir;
  return async () => {
    child.removeAllListeners('exit');
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      await new Promise((r) => {
        const t = setTimeout(() => {
          child.kill('SIGKILL');
          r(null);
        }, 10_000);
        child.once('exit', () => {
          clearTimeout(t);
          r(null);
        });
      });
    }
    rmSync(dataDir, { recursive: true, force: true });
  };
}
