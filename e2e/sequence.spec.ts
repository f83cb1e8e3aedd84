/**
 * The sequence view on the charger page, live: the charger and central-system lanes, CALL → reply with latency,
 * the result's colour, a CALLERROR and a timeout marked, a server CALL's queued time; pause holds new exchanges
 * (counted); the action filter; clicking opens the frame; a transaction's window from the Transactions list.
 * Both themes at 1280×800, screenshots to test-results/screenshots/.
 */
import { expect, test, type Page } from '@playwright/test';
import { skipWithoutBrowser } from './browser.js';

skipWithoutBrowser();

const UI = process.env.CB_UI_URL as string;
const API = process.env.CB_API_URL as string;
const TOKEN = process.env.CB_TOKEN as string;
const SHOTS = 'test-results/screenshots';
const base = () => UI.split('#')[0];
const CP = 'SEQ-0001';

test.describe.configure({ mode: 'serial' });
let page: Page;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- responses are checked field by field
async function api(method: string, path: string, body?: unknown, okOnly = true): Promise<any> {
  const r = await page.request.fetch(`${API}${path}`, { method, headers: { authorization: `Bearer ${TOKEN}` }, ...(body !== undefined ? { data: body } : {}) });
  if (okOnly) expect(r.ok(), `${method} ${path}: ${await r.text()}`).toBe(true);
  return r.json();
}
const trigger = () => api('POST', `/api/chargers/${CP}/commands/TriggerMessage`, { payload: { requestedMessage: 'Heartbeat' } });

test.beforeAll(async ({ browser }) => {
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  page.on('pageerror', (err) => console.error('page error:', err.message));
  await page.goto(UI);
  await expect(page.getByText('Live stream: connected')).toBeVisible();
  await api('POST', '/api/simulator/spawn', { count: 1, profile: 'reference', idPrefix: 'SEQ-', rampPerSec: 100 });
  await expect
    .poll(async () => ((await api('GET', `/api/chargers/${CP}`, undefined, false)) as { state?: string }).state, { timeout: 30_000 })
    .toBe('Available');
});
test.afterAll(async () => {
  await api('POST', '/api/simulator/stop', { ids: [CP] }).catch(() => undefined);
  await page.context().close();
});

test('live sequence: lanes, CALL and reply with latency and colour, CALLERROR and timeout marked, click opens the frame', async () => {
  await page.goto(`${base()}#/charger/${CP}`);
  const seq = page.getByTestId('sequence');
  await expect(seq).toContainText('Central system');
  await expect(seq.locator('[data-outcome]').filter({ hasText: 'BootNotification' }).first()).toHaveAttribute('data-tone', 'ok');
  // live: a new exchange appears without reloading
  await trigger();
  await expect(seq.locator('[data-outcome="reply"]').filter({ hasText: 'TriggerMessage' }).last()).toContainText(/Accepted · \d+ ms/);
  await api('POST', `/api/simulator/chargers/${CP}/actions`, { action: 'fault', fault: 'callError' });
  await trigger();
  await expect(seq.locator('[data-outcome="callError"]').last()).toHaveAttribute('data-tone', 'failed');
  await api('POST', `/api/simulator/chargers/${CP}/actions`, { action: 'fault', fault: 'unresponsive' });
  await api('POST', `/api/chargers/${CP}/commands/ClearCache`, { payload: {}, timeoutMs: 700 }, false);
  await expect(seq.locator('[data-outcome="timeout"]').last()).toContainText('timeout');
  await api('POST', `/api/simulator/chargers/${CP}/actions`, { action: 'clearFault' });
  await page.getByRole('region', { name: 'Live traffic' }).screenshot({ path: `${SHOTS}/seq-01-live-light.png` });
  await seq.locator('[data-outcome="callError"]').last().click();
  await expect(page.getByRole('complementary', { name: 'Frame' }).getByTestId('entry-detail')).toContainText('CALLERROR');
  // the arrows stay inside the pane
  const pane = await seq.boundingBox();
  for (const row of await seq.locator('[data-outcome]').all()) {
    const b = await row.boundingBox();
    if (b && pane) expect(b.x + b.width).toBeLessThanOrEqual(pane.x + pane.width + 1);
  }
});

test('pause holds new exchanges and counts them; resume shows them; the action filter narrows the rows', async () => {
  await page.goto(`${base()}#/charger/${CP}`);
  const seq = page.getByTestId('sequence');
  await expect(seq.locator('[data-outcome]').first()).toBeVisible();
  await page.getByTestId('traffic-pause').click();
  const before = await seq.locator('[data-outcome]').count();
  await trigger();
  await expect(page.getByTestId('traffic-pause')).toContainText(/Resume \(\d+ new\)/);
  expect(await seq.locator('[data-outcome]').count()).toBe(before);
  await page.getByTestId('traffic-pause').click();
  await expect(page.getByTestId('traffic-pause')).toHaveText('Pause');
  await page.getByTestId('traffic-action').selectOption('TriggerMessage');
  const actions = await seq.locator('[data-outcome]').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
  expect(actions.length).toBeGreaterThan(0);
  expect(actions.every((a) => a.includes('TriggerMessage'))).toBe(true);
  await page.evaluate(() => document.documentElement.setAttribute('data-theme', 'dark'));
  await page.getByRole('region', { name: 'Live traffic' }).screenshot({ path: `${SHOTS}/seq-02-filtered-dark.png` });
  await page.evaluate(() => document.documentElement.setAttribute('data-theme', 'light'));
});

test("a transaction's sequence from the Transactions list, with the queued time of a delayed server CALL", async () => {
  await api('POST', `/api/simulator/chargers/${CP}/actions`, { action: 'startSession', connectorId: 1, idTag: 'TAG-SEQ' });
  await expect
    .poll(async () => ((await api('GET', `/api/transactions?chargePointId=${CP}`)) as { items: unknown[] }).items.length, { timeout: 20_000 })
    .toBeGreaterThan(0);
  // a CALL held in the edge queue behind a slow one shows its wait on the central-system lane
  await api('POST', `/api/simulator/chargers/${CP}/actions`, { action: 'fault', fault: 'answerLate', delayMs: 600 });
  await Promise.all([trigger(), trigger()]);
  await api('POST', `/api/simulator/chargers/${CP}/actions`, { action: 'clearFault' });
  await page.goto(`${base()}#/transactions`);
  await page.getByTestId('tx-sequence').first().click();
  await expect(page.getByRole('region', { name: 'Live traffic' }).getByRole('heading')).toContainText('Traffic from');
  const seq = page.getByTestId('sequence');
  await expect(seq.locator('[data-outcome]').filter({ hasText: 'StartTransaction' }).first()).toBeVisible();
  await expect(
    seq
      .locator('.seq-note')
      .filter({ hasText: /queued \d+/ })
      .first(),
  ).toBeAttached();
  await expect(page.getByRole('region', { name: 'Live traffic' })).toBeInViewport();
  await page.screenshot({ path: `${SHOTS}/seq-03-transaction.png` });
  await api('POST', `/api/simulator/chargers/${CP}/actions`, { action: 'stopSession', connectorId: 1 }, false);
});
