/**
 * A bench of this spec's own (e2e/privateBench.ts), stopped and started again on the same port with the same
 * token: the page shows a full-width banner while the server is gone (what to do), and a "restarted" banner
 * once a new run answers (its startedAt differs), with a Reload. The empty Chargers screen's Spawn button
 * sits inside its box, below the text. Both themes; screenshots to test-results/screenshots/.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { skipWithoutBrowser } from './browser.js';
import { startPrivateBench, type PrivateBench } from './privateBench.js';

skipWithoutBrowser();

const TOKEN = 'banner-spec-token-0123456789';
const SHOTS = 'test-results/screenshots';

test.describe.configure({ mode: 'serial' });
let dataDir: string;
let bench: PrivateBench | null = null;

test.beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'chargebench-banner-'));
  bench = await startPrivateBench(dataDir, process.env.CB_RENDERER_DIR as string, 0, TOKEN);
});
test.afterAll(async () => {
  await bench?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

for (const theme of ['light', 'dark'] as const) {
  test(`empty Chargers (${theme}): the Spawn button is inside its box, below the text`, async ({ browser }) => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, colorScheme: theme });
    const page = await context.newPage();
    await page.goto(bench!.uiUrl);
    await page.goto(`${bench!.uiUrl.split('#')[0]}#/chargers`);
    const empty = page.locator('.state-box.empty');
    await expect(empty).toContainText('No chargers yet');
    const box = await empty.boundingBox();
    const text = await empty.locator('.empty-text').boundingBox();
    const button = await page.getByTestId('empty-spawn').boundingBox();
    expect(box && text && button).toBeTruthy();
    if (box && text && button) {
      expect(button.y, 'button below the text').toBeGreaterThanOrEqual(text.y + text.height);
      expect(button.y + button.height, 'button inside the box').toBeLessThanOrEqual(box.y + box.height);
      expect(button.x + button.width).toBeLessThanOrEqual(box.x + box.width);
    }
    await page.screenshot({ path: `${SHOTS}/banner-empty-chargers-${theme}.png` });
    await context.close();
  });
}

test('server gone: a full-width banner saying what to do; restarted: a banner with Reload; after it, none', async ({ browser }) => {
  test.setTimeout(120_000);
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.goto(bench!.uiUrl);
  await expect(page.getByText('Live stream: connected')).toBeVisible();
  await expect(page.getByTestId('server-banner')).toHaveCount(0);
  const port = bench!.port;
  await bench!.stop();
  bench = null;
  const banner = page.getByTestId('server-banner');
  await expect(banner).toHaveAttribute('data-kind', 'gone', { timeout: 15_000 });
  await expect(banner).toContainText('not answering');
  await expect(banner).toContainText('Start ChargeBench again');
  const b = await banner.boundingBox();
  const main = await page.locator('main').boundingBox();
  expect(b && main && Math.abs(b.width - main.width) <= 16, 'the banner spans the content width').toBe(true);
  await page.screenshot({ path: `${SHOTS}/banner-gone.png` });

  bench = await startPrivateBench(dataDir, process.env.CB_RENDERER_DIR as string, port, TOKEN);
  await expect(banner).toHaveAttribute('data-kind', 'restarted', { timeout: 20_000 });
  await expect(banner).toContainText('restarted');
  await page.screenshot({ path: `${SHOTS}/banner-restarted.png` });
  await banner.getByRole('button', { name: 'Reload' }).click();
  await expect(page.getByText('Live stream: connected')).toBeVisible();
  await expect(page.getByTestId('server-banner')).toHaveCount(0);
  await context.close();
});
