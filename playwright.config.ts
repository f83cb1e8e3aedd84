import { defineConfig } from '@playwright/test';
import { findChromium } from './e2e/browser.js';

// Headless Chromium: CHROME_PATH, Debian's /usr/bin/chromium, or Playwright's own cache (e2e/browser.ts); never
// `npx playwright install`. None found: the browser tests skip with one loud line (a failure under CI=true).
// The bench runs in a child process started by e2e/globalSetup.ts (ephemeral ports, temp data dir); its address
// reaches tests via env.
const browser = findChromium();
export default defineConfig({
  testDir: 'e2e',
  testMatch: '**/*.spec.ts',
  workers: 1,
  fullyParallel: false,
  timeout: 90_000,
  expect: { timeout: 15_000 },
  retries: 0,
  reporter: [['list']],
  outputDir: 'test-results/playwright',
  globalSetup: './e2e/globalSetup.ts',
  use: {
    headless: true,
    viewport: { width: 1280, height: 800 },
    screenshot: 'only-on-failure',
    trace: 'off',
    launchOptions: {
      ...(browser.path ? { executablePath: browser.path } : {}),
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
    },
  },
});
