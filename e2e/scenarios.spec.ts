/**
 * The Scenarios screen end to end: pick a library scenario, run it, watch its steps turn green live, open a
 * step to see the frames that proved it. Screenshot to test-results/screenshots/.
 */
import { expect, test } from '@playwright/test';
import { skipWithoutBrowser } from './browser.js';

skipWithoutBrowser();

const UI = process.env.CB_UI_URL as string;

test('run a library scenario from the Scenarios screen and see each step pass with its frames', async ({ page }) => {
  await page.goto(UI);
  await expect(page.getByRole('heading', { name: 'Overview' })).toBeVisible();
  await page.getByRole('navigation', { name: 'Screens' }).getByRole('link', { name: 'Scenarios', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Scenarios' })).toBeVisible();
  await page.getByTestId('scenario-meter-values-outside-transaction.yaml').click();
  await expect(page.getByRole('heading', { name: 'MeterValues outside a transaction and StopTransaction for an unknown id are answered' })).toBeVisible();
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(page.getByTestId('run-status')).toHaveText('PASSED', { timeout: 30_000 });
  for (let i = 0; i < 4; i++) await expect(page.getByTestId(`step-${i}`)).toHaveAttribute('data-status', 'passed');
  await expect(page.getByTestId('run-summary')).toContainText('Assertions 3 passed, 0 failed');
  await page.getByTestId('step-1').getByRole('button').click();
  const frames = page.getByLabel('Frames of step 2');
  await expect(frames).toContainText('"MeterValues"');
  await expect(frames).toContainText('← CSMS [3,');
  await page.screenshot({ path: 'test-results/screenshots/scenarios.png' });
});
