/**
 * Hostile frames in the GUI (issue 16): a charger's CALL nested 5,000 levels deep and a 300 KB frame arrive while
 * the message log is open (live stream) and are readable there — the reason, the raw text, the whole frame on
 * demand — without a page error; charger ids outside the one id rule are refused by the UI router.
 */
import { expect, test, type Page } from '@playwright/test';
import WebSocket from 'ws';
import { skipWithoutBrowser } from './browser.js';

skipWithoutBrowser();

const UI = process.env.CB_UI_URL as string;
const OCPP = process.env.CB_OCPP_URL as string;

test.describe.configure({ mode: 'serial' });

let page: Page;
const pageErrors: string[] = [];

test.beforeAll(async ({ browser }) => {
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  page.on('pageerror', (err) => pageErrors.push(err.message));
});
test.afterAll(async () => {
  await page.context().close();
});

async function charger(id: string): Promise<{ ws: WebSocket; next(): Promise<unknown[]> }> {
  const ws = new WebSocket(`${OCPP}/${id}`, ['ocpp1.6']);
  const inbox: unknown[][] = [];
  const waiters: Array<(f: unknown[]) => void> = [];
  ws.on('message', (d) => {
    const f = JSON.parse(String(d)) as unknown[];
    const w = waiters.shift();
    if (w) w(f);
    else inbox.push(f);
  });
  await new Promise((r, j) => ws.once('open', r).once('error', j));
  return { ws, next: () => new Promise((r) => (inbox.length ? r(inbox.shift()!) : waiters.push(r))) };
}

test('a deeply nested and a huge frame are readable in the message log, live and after a reload', async () => {
  await page.goto(UI);
  await page.getByRole('navigation', { name: 'Screens' }).getByRole('link', { name: 'Message log', exact: true }).click();
  await page.getByLabel('Charger id').fill('HOSTILE-1');
  await page.getByLabel('Charger id').press('Enter');

  const cp = await charger('HOSTILE-1');
  cp.ws.send(JSON.stringify([2, 'boot', 'BootNotification', { chargePointVendor: 'V', chargePointModel: 'M' }]));
  await cp.next();
  const deep = `[2,"deep","DataTransfer",{"vendorId":"V","data":${'['.repeat(5000)}${']'.repeat(5000)}}]`;
  cp.ws.send(deep);
  expect((await cp.next()).slice(0, 2)).toEqual([4, 'deep']);
  cp.ws.send(JSON.stringify([2, 'huge', 'DataTransfer', { vendorId: 'V', data: 'x'.repeat(300_000) }]));
  expect((await cp.next()).slice(0, 2)).toEqual([3, 'huge']);
  cp.ws.close();

  const rows = page.locator('[data-testid="log-rows"] [data-action="DataTransfer"]');
  await expect(rows).toHaveCount(2);
  // live rows first, then the same after a reload (pages from the API)
  for (const pass of ['live', 'reloaded']) {
    if (pass === 'reloaded') {
      await page.reload();
      await expect(rows).toHaveCount(2);
    }
    await rows.last().click(); // oldest: the deep one
    const detail = page.getByTestId('entry-detail');
    await expect(detail.getByTestId('raw-frame')).toContainText('nested deeper than 64 levels');
    await expect(detail.getByTestId('raw-frame')).toContainText('[2,"deep","DataTransfer"');
    await rows.first().click();
    await expect(detail.getByTestId('raw-frame')).toContainText('payload not expanded');
    await expect(detail.getByTestId('raw-frame')).toContainText('Showing 16,384 of 300,');
    await detail.getByRole('button', { name: 'Load the whole frame' }).click();
    await expect(detail.getByTestId('raw-frame')).not.toContainText('Showing 16,384');
  }
  expect(pageErrors).toEqual([]);
});

test('the UI router opens every id the edge accepts and explains the ones no charger can have', async () => {
  const cp = await charger(encodeURIComponent('EDGE|CASE~1'));
  cp.ws.send(JSON.stringify([2, 'boot', 'BootNotification', { chargePointVendor: 'V', chargePointModel: 'M' }]));
  await cp.next();
  await page.evaluate(() => (window.location.hash = `#/charger/${encodeURIComponent('EDGE|CASE~1')}`));
  await expect(page.getByTestId('charger-title')).toHaveText('EDGE|CASE~1');
  for (const hash of ['#/charger/..', '#/charger/a%3Ab', '#/charger/%E0%A4%A']) {
    await page.evaluate((h) => (window.location.hash = h), hash);
    await expect(page.getByRole('alert')).toContainText('This address names no charger');
  }
  cp.ws.close();
  expect(pageErrors).toEqual([]);
});
