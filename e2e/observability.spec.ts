/**
 * Issue #12 in headless Chromium against the shared bench, 1280×800: a charger that stops answering is marked
 * Unresponsive (state, colour, filter) and recovers; sortable columns and the error-code column; the connector's
 * error code stays in its card; result colour follows the result; Reset Soft says "rebooting", never "offline" or
 * "powerCut"; Message log filters apply as you type and new frames wait behind an "N new" marker; Settings names
 * the heartbeat range and asks before dropping unsaved changes; scenario steps and dialog inputs stay inside their
 * boxes. Overflow checks measure element boxes. Screenshots go to test-results/screenshots/.
 */
import { readFileSync } from 'node:fs';
import { expect, test, type Locator, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { skipWithoutBrowser } from './browser.js';

skipWithoutBrowser();

const UI = process.env.CB_UI_URL as string;
const API = process.env.CB_API_URL as string;
const TOKEN = process.env.CB_TOKEN as string;
const SHOTS = 'test-results/screenshots';
const base = () => UI.split('#')[0];

test.describe.configure({ mode: 'serial' });
let page: Page;
const shot = (name: string) => page.screenshot({ path: `${SHOTS}/${name}.png` });

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- responses are checked field by field
async function api(method: string, path: string, body?: unknown, okOnly = true): Promise<any> {
  const r = await page.request.fetch(`${API}${path}`, { method, headers: { authorization: `Bearer ${TOKEN}` }, ...(body !== undefined ? { data: body } : {}) });
  if (okOnly) expect(r.ok(), `${method} ${path}: ${await r.text()}`).toBe(true);
  return r.json();
}
const summary = async (id: string) =>
  (await api('GET', `/api/chargers/${id}`)) as { state: string; errorCode?: string | null; unresponsive?: { reason: string } | null };

/** The inner box lies within the outer one (1 px rounding allowed). */
async function expectInside(inner: Locator, outer: Locator, what: string): Promise<void> {
  const a = await inner.boundingBox();
  const b = await outer.boundingBox();
  expect(a && b, `${what}: both boxes rendered`).toBeTruthy();
  if (!a || !b) return;
  expect(a.x, `${what}: left edge`).toBeGreaterThanOrEqual(b.x - 1);
  expect(a.x + a.width, `${what}: right edge`).toBeLessThanOrEqual(b.x + b.width + 1);
  expect(a.y + a.height, `${what}: bottom edge`).toBeLessThanOrEqual(b.y + b.height + 1);
}

test.beforeAll(async ({ browser }) => {
  page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
  page.on('pageerror', (err) => console.error('page error:', err.message));
  await page.goto(UI);
  await expect(page.getByText('Live stream: connected')).toBeVisible();
  await api('POST', '/api/simulator/spawn', { count: 2, profile: 'reference', idPrefix: 'OBS-', rampPerSec: 100 });
  await expect.poll(async () => (await summary('OBS-0002').catch(() => ({ state: '' }))).state, { timeout: 30_000 }).toBe('Available');
  await expect.poll(async () => (await summary('OBS-0001')).state, { timeout: 30_000 }).toBe('Available');
});
test.afterAll(async () => {
  await api('POST', '/api/simulator/stop', { ids: ['OBS-0001', 'OBS-0002'] }).catch(() => undefined);
  await page.context().close();
});

test('a charger that stops answering is Unresponsive (state, colour, filter) until it is heard again', async () => {
  await api('POST', '/api/simulator/chargers/OBS-0001/actions', { action: 'fault', fault: 'unresponsive' });
  const r = await api('POST', '/api/chargers/OBS-0001/commands/ClearCache', { payload: {}, timeoutMs: 800 }, false);
  expect(JSON.stringify(r)).toMatch(/timeout|timed out/i);
  await expect.poll(async () => (await summary('OBS-0001')).unresponsive?.reason, { timeout: 10_000 }).toBe('callTimeout');
  await page.goto(`${base()}#/chargers`);
  const badge = page.locator('[data-charger="OBS-0001"] .badge');
  await expect(badge).toHaveText('Unresponsive');
  await expect(badge).toHaveClass(/rose/);
  await page.getByLabel('State', { exact: true }).selectOption('Unresponsive');
  await expect(page.locator('[data-charger="OBS-0001"]')).toBeVisible();
  await expect(page.locator('[data-charger="OBS-0002"]')).toHaveCount(0);
  await shot('obs-01-unresponsive-filter');
  // the charger answers again: any frame from it clears the mark
  await api('POST', '/api/simulator/chargers/OBS-0001/actions', { action: 'clearFault' });
  await api('POST', '/api/chargers/OBS-0001/commands/TriggerMessage', { payload: { requestedMessage: 'Heartbeat' } });
  await expect.poll(async () => (await summary('OBS-0001')).state, { timeout: 10_000 }).toBe('Available');
  await page.getByLabel('State', { exact: true }).selectOption('');
});

test('error-code column, sortable columns; a connector error code stays inside its card', async () => {
  await api('POST', '/api/simulator/chargers/OBS-0002/actions', { action: 'fault', fault: 'faulted', errorCode: 'GroundFailure', connectorId: 1 });
  await expect.poll(async () => (await summary('OBS-0002')).errorCode, { timeout: 10_000 }).toBe('GroundFailure');
  await page.goto(`${base()}#/chargers`);
  await expect(page.locator('[data-charger="OBS-0002"] [data-testid="error-code"]')).toHaveText('GroundFailure');
  const header = page.getByRole('columnheader', { name: /Error code/ });
  await header.getByRole('button').click();
  await expect(header).toHaveAttribute('aria-sort', 'ascending');
  const codes = await page.locator('[data-testid="charger-rows"] [data-testid="error-code"]').allTextContents();
  const firstNone = codes.indexOf('—');
  expect(
    codes.slice(firstNone === -1 ? codes.length : firstNone).every((c) => c === '—'),
    `chargers with an error code first: ${codes.join(',')}`,
  ).toBe(true);
  for (const [name, key] of [
    ['State', 'state'],
    ['Last seen', 'lastSeen'],
    ['Power', 'power'],
  ] as const) {
    const h = page.getByRole('columnheader', { name: new RegExp(name) });
    await h.locator(`[data-sort="${key}"]`).click();
    await expect(h).not.toHaveAttribute('aria-sort', 'none');
  }
  await shot('obs-02-error-code-sorted');
  await page.goto(`${base()}#/charger/OBS-0002`);
  const card = page.getByTestId('connector-1');
  await expect(card.getByText('GroundFailure')).toBeVisible();
  await expectInside(card.getByText('GroundFailure'), card, 'error code in connector card');
  await expectInside(card.locator('.connector-head'), card, 'connector head');
  // the fault panel's inputs keep clear of its border
  const faults = page.locator('section.panel', { has: page.getByRole('heading', { name: 'Fault injection' }) });
  const panelBox = await faults.boundingBox();
  for (const input of await faults.locator('select, input').all()) {
    const b = await input.boundingBox();
    if (b && panelBox) expect(b.x + b.width, 'fault input right edge').toBeLessThanOrEqual(panelBox.x + panelBox.width - 8);
  }
  await shot('obs-03-connector-error-code');
  await api('POST', '/api/simulator/chargers/OBS-0002/actions', { action: 'clearFault' });
});

test('result colour follows the result: Rejected is orange, Accepted green; Reset Soft says rebooting, not offline or powerCut', async () => {
  await page.goto(`${base()}#/charger/OBS-0002`);
  const panel = page.getByRole('form', { name: 'Send a command' });
  await panel.getByRole('button', { name: 'Raw JSON' }).click();
  await panel.getByTestId('command-select').selectOption('RemoteStopTransaction');
  await panel.getByTestId('raw-json').fill('{"transactionId": 987654}');
  await panel.getByTestId('command-send').click();
  const reply = panel.getByTestId('command-reply');
  await expect(reply).toContainText('"Rejected"');
  await expect(reply).toHaveAttribute('data-tone', 'refused');
  await shot('obs-04-rejected-orange');
  await panel.getByTestId('command-select').selectOption('Reset');
  await panel.getByTestId('raw-json').fill('{"type": "Soft"}');
  await panel.getByTestId('command-send').click();
  await expect(reply).toContainText('"Accepted"');
  await expect(reply).toHaveAttribute('data-tone', 'ok');
  await expect(panel.getByTestId('rebooting')).toBeVisible({ timeout: 15_000 });
  await expect(panel.getByText('The charger is offline')).toHaveCount(0);
  await expect(page.getByText(/Active:.*powerCut/)).toHaveCount(0);
  await shot('obs-05-reset-soft');
  await expect.poll(async () => (await summary('OBS-0002')).state, { timeout: 30_000 }).toBe('Available');
});

test('Message log: charger filter applies as you type; live frames wait behind an "N new" marker while reading', async () => {
  for (let i = 0; i < 12; i++) await api('POST', '/api/chargers/OBS-0002/commands/TriggerMessage', { payload: { requestedMessage: 'Heartbeat' } });
  await page.goto(`${base()}#/messages`);
  await page.getByLabel('Charger id').fill('OBS-0001');
  await expect(page).toHaveURL(/chargePointId=OBS-0001/);
  await expect(page.getByTestId('filter-status')).toContainText('shown');
  const cps = await page.locator('[data-testid="log-rows"] [data-cp]').evaluateAll((els) => els.map((e) => e.getAttribute('data-cp')));
  expect(cps.length).toBeGreaterThan(0);
  expect(new Set(cps)).toEqual(new Set(['OBS-0001']));
  // scroll away from the newest rows (the whole log), then make traffic: the list stays, a marker counts what came
  await page.getByRole('link', { name: 'Clear filters' }).click();
  await expect(page.getByLabel('Charger id')).toHaveValue('');
  const rows = page.getByTestId('log-rows');
  await expect.poll(() => rows.evaluate((el) => el.scrollHeight > el.clientHeight + 100)).toBe(true);
  await rows.evaluate((el) => el.scrollTo({ top: 60 }));
  await rows.dispatchEvent('scroll');
  const topBefore = await page.locator('[data-testid="log-rows"] [data-entry]').first().getAttribute('data-entry');
  await api('POST', '/api/chargers/OBS-0001/commands/TriggerMessage', { payload: { requestedMessage: 'Heartbeat' } });
  await expect(page.getByTestId('new-marker')).toContainText(/\d+ new/);
  expect(await page.locator('[data-testid="log-rows"] [data-entry]').first().getAttribute('data-entry')).toBe(topBefore);
  await shot('obs-06-new-marker');
  await page.getByTestId('new-marker').click();
  await expect(page.getByTestId('new-marker')).toHaveCount(0);
  await expect(page.locator('[data-testid="log-rows"] [data-action="TriggerMessage"][data-cp="OBS-0001"]').first()).toBeVisible();
  // latency sorts
  const lat = page.getByRole('columnheader', { name: /Latency/ });
  await lat.getByRole('button').click();
  await expect(lat).toHaveAttribute('aria-sort', 'descending');
});

test('Settings: the heartbeat range error names the limits; leaving with unsaved changes asks first', async () => {
  await page.goto(`${base()}#/settings`);
  const hb = page.getByLabel('Heartbeat interval (s)');
  await hb.fill('0');
  await expect(page.getByRole('alert').filter({ hasText: 'Heartbeat interval' })).toContainText('from 1 to 2,147,483,647');
  await expect(page.getByRole('button', { name: 'Save changes' })).toBeDisabled();
  await hb.fill('120');
  await expect(page.getByTestId('unsaved')).toBeVisible();
  let asked = '';
  page.once('dialog', (d) => {
    asked = d.message();
    void d.dismiss();
  });
  await page.getByRole('navigation', { name: 'Screens' }).getByRole('link', { name: 'Chargers', exact: true }).click();
  await expect.poll(() => asked).toContain('unsaved changes');
  await expect(page).toHaveURL(/#\/settings/);
  await expect(hb).toHaveValue('120');
  await page.getByRole('button', { name: 'Discard' }).click();
  const r = await page.request.fetch(`${API}/api/settings`, {
    method: 'PATCH',
    headers: { authorization: `Bearer ${TOKEN}` },
    data: { settings: { heartbeatInterval: 3_000_000_000 } },
  });
  expect(r.status()).toBe(400);
  expect(((await r.json()) as { error: string }).error).toContain('from 1 to 2147483647');
});

test('scenario step titles and frame lines, and dialog inputs, stay inside their boxes', async () => {
  await page.goto(`${base()}#/scenarios`);
  const run = page.getByRole('region', { name: 'Scenario run' });
  await run.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(page.getByTestId('run-status')).toHaveText(/PASSED|FAILED/, { timeout: 60_000 });
  // the run as a sequence: its exchanges between the lanes, click one for its frames
  const runSeq = run.getByTestId('run-sequence');
  await expect(runSeq.locator('[data-outcome]').first()).toBeVisible();
  await runSeq.locator('[data-outcome="reply"]').first().click();
  await expect(runSeq.getByTestId('entry-detail')).toContainText('CALLRESULT');
  const axe = await new AxeBuilder({ page }).include('[data-testid="run-sequence"]').analyze();
  expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);
  await run.locator('[data-testid="step-0"] button').click();
  for (const step of await run.locator('[data-testid^="step-"] button').all()) await expectInside(step, run, 'step title');
  for (const line of await run.locator('.step-frames .mono').all()) await expectInside(line, run, 'frame line');
  await shot('obs-07-scenario-steps');
  await page.goto(`${base()}#/chargers`);
  await page.getByRole('button', { name: 'Spawn chargers…' }).first().click();
  const dialog = page.getByRole('dialog');
  const d = await dialog.boundingBox();
  for (const input of await dialog.locator('input:visible, select:visible').all()) {
    const b = await input.boundingBox();
    if (b && d) expect(b.x + b.width, 'dialog input right edge').toBeLessThanOrEqual(d.x + d.width - 12);
  }
  await shot('obs-08-spawn-dialog');
  await page.keyboard.press('Escape');
});

test('Overview: fleet charts over the last hour, live (messages/s, power, chargers by state, CALLERRORs and timeouts)', async () => {
  await page.goto(`${base()}#/overview`);
  const charts = page.getByTestId('fleet-charts');
  await expect(charts).toBeVisible({ timeout: 20_000 });
  for (const name of ['Messages per second', 'Total live power', 'Chargers by state', 'CALLERRORs and timeouts']) {
    await expect(
      page
        .getByRole('figure', { name: new RegExp(name) })
        .locator('svg.recharts-surface')
        .first(),
    ).toBeVisible();
  }
  await expect(page.getByRole('figure', { name: /Messages per second/ }).locator('.recharts-line-curve')).toHaveCount(1);
  // the state chart names the states the fleet is in (the spec's chargers are Available)
  await expect(page.getByRole('figure', { name: /Chargers by state/ }).locator('.recharts-legend-wrapper')).toContainText('Available');
  const series = await api('GET', '/api/fleet/series');
  expect(series.intervalMs).toBe(5000);
  expect(series.points.length).toBeGreaterThanOrEqual(2);
  expect(
    series.points.some((p: { timeouts: number }) => p.timeouts >= 1),
    'the ClearCache timeout of the first test is counted',
  ).toBe(true);
  await shot('obs-09-fleet-charts');
});

test('Scenarios: run all fills a last result per entry; load a YAML file, see its problems by line, fix it, run it', async () => {
  test.setTimeout(240_000);
  await page.goto(`${base()}#/scenarios`);
  await page.getByTestId('run-all').click();
  await expect(page.getByTestId('run-all')).toBeVisible({ timeout: 200_000 });
  const results = await page.getByRole('listbox', { name: 'Scenarios' }).getByTestId('last-result').allTextContents();
  expect(results.length).toBeGreaterThan(3);
  expect(
    results.every((r) => /^(passed|failed|error|invalid)$/.test(r)),
    results.join(','),
  ).toBe(true);
  const yaml = readFileSync('scenarios/status-faulted-connector.yaml', 'utf8');
  await page
    .getByTestId('scenario-file')
    .setInputFiles({ name: 'loaded.yaml', mimeType: 'text/yaml', buffer: Buffer.from(yaml.replace('  - do: boot', '  - do: bootx')) });
  const check = page.getByTestId('scenario-check');
  await expect(check).toContainText(/line \d+: steps\[0\]/);
  await expect(page.getByTestId('run-text')).toBeDisabled();
  await shot('obs-10-scenario-invalid');
  await page.getByTestId('scenario-text').fill(yaml);
  await expect(check).toContainText('Valid');
  await page.getByTestId('run-text').click();
  await expect(page.getByTestId('text-run-status')).toHaveText('PASSED', { timeout: 60_000 });
  await shot('obs-11-scenario-loaded-run');
});
