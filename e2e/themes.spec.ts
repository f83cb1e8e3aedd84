/**
 * Every screen in light and dark at 1280×800: a screenshot each (test-results/screenshots/theme-*), and an axe
 * check with no serious or critical violations. The theme follows the system and the toggle (kept across a
 * reload); the skip link is the first Tab stop; a list is one Tab stop with arrow keys inside.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { skipWithoutBrowser } from './browser.js';

skipWithoutBrowser();

const UI = process.env.CB_UI_URL as string;
const API = process.env.CB_API_URL as string;
const TOKEN = process.env.CB_TOKEN as string;
const SHOTS = 'test-results/screenshots';
const base = () => UI.split('#')[0];

const SCREENS = [
  'overview',
  'chargers',
  'charger/THM-0001',
  'transactions',
  'reservations',
  'profiles',
  'messages',
  'meters',
  'middleware',
  'scenarios',
  'settings',
];

test.describe.configure({ mode: 'serial' });
let page: Page;
let restoreChain: { action: string; items: Array<{ name: string; enabled: boolean }> } | null = null;

async function api(method: string, path: string, body?: unknown): Promise<unknown> {
  const r = await page.request.fetch(`${API}${path}`, { method, headers: { authorization: `Bearer ${TOKEN}` }, ...(body !== undefined ? { data: body } : {}) });
  expect(r.ok(), `${method} ${path}: ${await r.text()}`).toBe(true);
  return r.json();
}

test.beforeAll(async ({ browser }) => {
  // axe needs a page from browser.newContext()
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, colorScheme: 'light' });
  page = await context.newPage();
  page.on('pageerror', (err) => console.error('page error:', err.message));
  await page.goto(UI);
  await expect(page.getByText('Live stream: connected')).toBeVisible();
  await api('POST', '/api/simulator/spawn', { count: 3, profile: 'reference', idPrefix: 'THM-', rampPerSec: 100 });
  await expect
    .poll(async () => ((await api('GET', '/api/chargers/THM-0003').catch(() => ({}))) as { state?: string }).state, { timeout: 30_000 })
    .toBe('Available');
  // a switched-off middleware is drawn differently: have one on the Middleware screen (put back after)
  const chains = (await api('GET', '/api/middleware')) as Array<{ action: string; items: Array<{ name: string; enabled: boolean }> }>;
  const chain = chains.find((c) => c.action === 'Heartbeat' && c.items.length > 0) ?? chains.find((c) => c.items.length > 0);
  if (chain) {
    restoreChain = { action: chain.action, items: chain.items.map((i) => ({ name: i.name, enabled: i.enabled })) };
    await api('PUT', `/api/middleware/${chain.action}`, { items: chain.items.map((i, n) => ({ name: i.name, enabled: n === 0 ? false : i.enabled })) });
  }
});
test.afterAll(async () => {
  if (restoreChain) await api('PUT', `/api/middleware/${restoreChain.action}`, { items: restoreChain.items }).catch(() => undefined);
  await api('POST', '/api/simulator/stop', { ids: ['THM-0001', 'THM-0002', 'THM-0003'] }).catch(() => undefined);
  await page.context().close();
});

test('the theme follows the system until chosen; the choice survives a reload', async () => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await page.emulateMedia({ colorScheme: 'light' });
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  await page.getByTestId('theme-toggle').selectOption('dark');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  expect(await page.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue('--bg').trim())).toBe('#0f141b');
  expect(bg).not.toBe('rgb(244, 246, 249)');
  await page.getByTestId('theme-toggle').selectOption('system');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
});

for (const theme of ['light', 'dark'] as const) {
  test(`every screen in ${theme}: screenshot and no serious or critical axe violations`, async () => {
    test.setTimeout(180_000);
    await page.evaluate((t) => localStorage.setItem('chargebench.theme', t), theme);
    const problems: string[] = [];
    for (const s of SCREENS) {
      await page.goto(`${base()}#/${s}`);
      await page.reload();
      await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
      await expect(page.locator('main h1').first()).toBeVisible();
      await page.waitForLoadState('networkidle').catch(() => undefined);
      await page.screenshot({ path: `${SHOTS}/theme-${theme}-${s.replace('/', '-')}.png` });
      const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
      for (const v of result.violations) {
        if (v.impact !== 'serious' && v.impact !== 'critical') continue;
        problems.push(
          `${s} [${theme}] ${v.id} (${v.impact}): ${v.help} — ${v.nodes
            .slice(0, 3)
            .map((n) => n.target.join(' '))
            .join(' | ')}`,
        );
      }
    }
    expect(problems, problems.join('\n')).toEqual([]);
    await page.evaluate(() => localStorage.removeItem('chargebench.theme'));
  });
}

test('keyboard: the skip link comes first and focuses the content; a list is one Tab stop with arrow keys inside', async () => {
  await page.goto(`${base()}#/chargers`);
  await page.reload();
  await expect(page.locator('[data-charger="THM-0001"]')).toBeVisible();
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Skip to content' });
  await expect(skip).toBeFocused();
  await expect(skip).toBeInViewport();
  await page.keyboard.press('Enter');
  await expect(page.locator('main')).toBeFocused();
  await expect(page).toHaveURL(/#\/chargers/);
  // exactly one row of the list is in the Tab order
  const rows = page.locator('[data-testid="charger-rows"] [role="row"]');
  expect(await rows.evaluateAll((els) => els.filter((e) => (e as HTMLElement).tabIndex === 0).length)).toBe(1);
  expect(
    await page
      .locator('[data-testid="charger-rows"] a, [data-testid="charger-rows"] input')
      .evaluateAll((els) => els.filter((e) => (e as HTMLElement).tabIndex >= 0).length),
  ).toBe(0);
  await rows.first().focus();
  await page.keyboard.press('ArrowDown');
  await expect(rows.nth(1)).toBeFocused();
  await expect(rows.nth(1)).toHaveAttribute('tabindex', '0');
  await expect(rows.first()).toHaveAttribute('tabindex', '-1');
  await page.keyboard.press('End');
  // focus follows on the next animation frame (a virtualized row may render only after the scroll)
  await expect.poll(() => page.evaluate(() => Number(document.activeElement?.getAttribute('data-row-index')))).toBeGreaterThanOrEqual(2);
  // Tab leaves the list instead of walking its rows
  await page.keyboard.press('Tab');
  expect(await page.evaluate(() => document.activeElement?.closest('[data-testid="charger-rows"]') === null)).toBe(true);
  // the message log likewise
  await page.goto(`${base()}#/messages`);
  const logRows = page.locator('[data-testid="log-rows"] [role="row"]');
  await expect(logRows.first()).toBeVisible();
  expect(await logRows.evaluateAll((els) => els.filter((e) => (e as HTMLElement).tabIndex === 0).length)).toBe(1);
  await logRows.first().focus();
  await page.keyboard.press('ArrowDown');
  await expect(logRows.nth(1)).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('entry-detail')).toBeVisible();
});
