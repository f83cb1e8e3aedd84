import { defineConfig } from '@playwright/test';

// Headless Debian Chromium (/usr/bin/chromium); never `npx playwright install`. The bench runs in a child
// process started by e2e/globalSetup.ts (ephemeral ports, temp data dir); its address reaches tests via env.
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
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
    },
  },
});
