/**
 * The bench GUI end to end in headless Chromium against a real bench (backend + edge + simulator + API):
 * spawn chargers from the UI, see them Available, run a session, watch the meter graph draw, find the
 * session's frames in the message log, send a command from a generated form, switch AutoRemoteStart off.
 * A screenshot of each screen goes to test-results/screenshots/.
 */
import { expect, test, type Page } from '@playwright/test';
import { skipWithoutBrowser } from './browser.js';

skipWithoutBrowser();

const UI = process.env.CB_UI_URL as string;
const API = process.env.CB_API_URL as string;
const TOKEN = process.env.CB_TOKEN as string;
const SHOTS = 'test-results/screenshots';

test.describe.configure({ mode: 'serial' });

let page: Page;

async function shot(name: string): Promise<void> {
  await page.screenshot({ path: `${SHOTS}/${name}.png` });
}

async function nav(name: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Screens' }).getByRole('link', { name, exact: true }).click();
}

async function api<T>(path: string): Promise<T> {
  const r = await page.request.get(`${API}${path}`, { headers: { authorization: `Bearer ${TOKEN}` } });
  expect(r.ok()).toBe(true);
  return (await r.json()) as T;
}

test.beforeAll(async ({ browser }) => {
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  page.on('pageerror', (err) => console.error('page error:', err.message));
});
test.afterAll(async () => {
  await page.context().close();
});

test('the UI needs the token from the URL, then drops it from the address bar', async () => {
  await page.goto(API + '/');
  await expect(page.getByText('This page needs the bench token')).toBeVisible();
  await page.goto(UI);
  await expect(page.getByRole('heading', { name: 'Overview' })).toBeVisible();
  expect(page.url()).not.toContain(TOKEN);
  await expect(page.getByText('Live stream: connected')).toBeVisible();
  await shot('01-overview-empty');
});

test('spawn chargers from the UI and see them become Available', async () => {
  await nav('Chargers');
  await expect(page.getByText('No chargers yet')).toBeVisible();
  await shot('02-chargers-empty');
  await page.getByRole('button', { name: 'Spawn chargers…' }).first().click();
  const dialog = page.getByRole('dialog', { name: 'Spawn simulated chargers' });
  await expect(dialog).toBeVisible();
  await dialog.getByLabel('Count').fill('4');
  await dialog.getByLabel('Profile').selectOption('reference');
  await dialog.getByLabel('Id prefix').fill('E2E-');
  await dialog.getByLabel('Meter interval (s)').fill('1');
  await shot('03-spawn-dialog');
  await dialog.getByRole('button', { name: 'Spawn 4' }).click();
  await expect(dialog).toBeHidden();
  const rows = page.locator('[data-charger^="E2E-"]');
  await expect(rows).toHaveCount(4);
  for (const id of ['E2E-0001', 'E2E-0002', 'E2E-0003', 'E2E-0004']) {
    await expect(page.locator(`[data-charger="${id}"] .badge`)).toHaveText('Available', { timeout: 20_000 });
  }
  await expect(page.getByTestId('charger-count')).toHaveText('4 chargers');
  await shot('04-chargers-available');
});

test('start a session from the charger screen and watch the meter graph draw', async () => {
  await page.locator('[data-charger="E2E-0001"]').click();
  await expect(page.getByTestId('charger-title')).toHaveText('E2E-0001');
  const c1 = page.getByTestId('connector-1');
  await c1.getByRole('button', { name: 'Start session' }).click();
  await expect(c1.locator('.badge').first()).toHaveText('Charging', { timeout: 20_000 });
  await expect(c1.getByRole('link', { name: /#\d+/ })).toBeVisible();
  await shot('05-charger-detail-charging');

  await page.locator('.screen-head').getByRole('link', { name: 'Meter graphs' }).click();
  await expect(page.getByRole('heading', { name: 'Meter graphs' })).toBeVisible();
  const power = page.getByTestId('chart-powerW');
  await expect(power.locator('path.recharts-line-curve')).toHaveAttribute('d', /^M[-\d.]+,[-\d.]+[CL][-\d.,CL]+/, { timeout: 20_000 });
  await expect(page.getByTestId('chart-energyWh').locator('path.recharts-line-curve')).toHaveAttribute('d', /^M[-\d.]+,[-\d.]+[CL][-\d.,CL]+/);
  await expect(power.locator('.panel-head .mono')).toHaveText(/\d+(\.\d)? kW/);
  await page.waitForTimeout(2500); // a few live samples
  await shot('06-meter-graphs');
});

test("find the session's frames in the message log, CALL and reply together", async () => {
  await nav('Message log');
  await page.getByLabel('Charger id').fill('E2E-0001');
  await page.getByLabel('Charger id').press('Enter');
  await page.getByLabel('Action').selectOption('StartTransaction');
  const row = page.locator('[data-testid="log-rows"] [data-action="StartTransaction"]').first();
  await expect(row).toBeVisible();
  await expect(row).toContainText('E2E-0001');
  await expect(row).toContainText('Accepted');
  await expect(row).toContainText(/\d+ ms/);
  await row.click();
  const detail = page.getByTestId('entry-detail');
  await expect(detail).toContainText('CALL charger → CS');
  await expect(detail).toContainText('CALLRESULT');
  await expect(detail).toContainText('"transactionId"');
  await shot('07-message-log-pair');

  // live tail: all actions for the charger, MeterValues keep arriving
  await page.getByLabel('Action').selectOption('');
  await expect(page.locator('[data-testid="log-rows"] [data-action="MeterValues"]').first()).toBeVisible({ timeout: 10_000 });
  await page.getByTestId('pause').click();
  await expect(page.getByTestId('pause')).toHaveText(/Resume live/);
  await page.getByTestId('pause').click();
  await shot('08-message-log-live');
});

test('send a command from a generated form and see the reply; invalid input is caught before sending', async () => {
  await page.goto(`${UI.split('#')[0]}#/charger/E2E-0002`);
  await expect(page.getByTestId('charger-title')).toHaveText('E2E-0002');
  const panel = page.getByRole('form', { name: 'Send a command' });
  await panel.getByTestId('command-select').selectOption('Reset');
  await panel.getByRole('button', { name: 'Send Reset' }).click();
  await expect(panel.getByText(/Fix 1 field/)).toBeVisible();
  await expect(panel.locator('.field-error').first()).toContainText('is required');

  await panel.getByTestId('command-select').selectOption('TriggerMessage');
  await panel.getByLabel(/requestedMessage/).selectOption('StatusNotification');
  await panel.getByLabel(/connectorId/).fill('1');
  await panel.getByRole('button', { name: 'Send TriggerMessage' }).click();
  const reply = panel.getByTestId('command-reply');
  await expect(reply).toContainText('CALLRESULT');
  await expect(reply).toContainText('"Accepted"');

  await panel.getByTestId('command-select').selectOption('GetConfiguration');
  await panel.getByRole('button', { name: 'Add key item' }).click();
  await panel.locator('input[id="f-key-0"]').fill('MeterValueSampleInterval');
  await panel.getByRole('button', { name: 'Send GetConfiguration' }).click();
  await expect(reply).toContainText('MeterValueSampleInterval');
  await shot('09-command-reply');
});

test('switch AutoRemoteStart off: a Preparing charger no longer gets RemoteStartTransaction', async () => {
  type Log = { items: Array<{ action: string }> };
  // with AutoRemoteStart on (default), plugging in gets a RemoteStartTransaction
  await page.goto(`${UI.split('#')[0]}#/charger/E2E-0003`);
  await page.getByTestId('connector-1').getByRole('button', { name: 'Plug in' }).click();
  await expect
    .poll(async () => (await api<Log>('/api/messages?chargePointId=E2E-0003&action=RemoteStartTransaction')).items.length, { timeout: 15_000 })
    .toBe(1);
  // the charger page says what AutoRemoteStart decided, live
  await expect(page.getByTestId('connector-1').getByTestId('auto-start')).toContainText('Accepted', { timeout: 10_000 });
  await expect(page.getByTestId('connector-2').getByTestId('auto-start')).toHaveCount(0);

  await nav('Middleware');
  const chain = page.getByTestId('chain-StatusNotification');
  const toggle = chain.getByRole('switch', { name: 'AutoRemoteStart in StatusNotification' });
  await expect(toggle).toBeChecked();
  await toggle.click({ force: true });
  await expect(toggle).not.toBeChecked();
  await expect(chain.getByRole('button', { name: 'Reset' })).toBeVisible();
  await shot('10-middleware-autoremotestart-off');
  // persisted server-side
  const chains = await api<Array<{ action: string; items: Array<{ name: string; enabled: boolean }> }>>('/api/middleware');
  expect(chains.find((c) => c.action === 'StatusNotification')?.items.find((i) => i.name === 'AutoRemoteStart')?.enabled).toBe(false);

  await page.goto(`${UI.split('#')[0]}#/charger/E2E-0004`);
  const c1 = page.getByTestId('connector-1');
  await c1.getByRole('button', { name: 'Plug in' }).click();
  await expect(c1.locator('.badge').first()).toHaveText('Preparing');
  await page.waitForTimeout(3000); // AutoRemoteStart would have fired after its 1 s delay
  await expect(c1.locator('.badge').first()).toHaveText('Preparing');
  expect((await api<Log>('/api/messages?chargePointId=E2E-0004&action=RemoteStartTransaction')).items).toHaveLength(0);
  await page.goto(`${UI.split('#')[0]}#/messages?chargePointId=E2E-0004&action=RemoteStartTransaction`);
  await expect(page.getByText('No messages match')).toBeVisible();
});

test('overview and settings screens', async () => {
  await nav('Overview');
  await expect(page.getByTestId('card-chargers')).toContainText('4');
  // E2E-0001's session and E2E-0003's, started by AutoRemoteStart
  await expect(page.getByTestId('card-tx')).toContainText('2');
  await shot('11-overview');
  await nav('Settings');
  await expect(page.getByLabel('Heartbeat interval (s)')).toBeVisible();
  await expect(page.getByLabel('OCA conformance mode')).not.toBeChecked();
  await expect(page.getByLabel('AutoRemoteStart id tag')).toHaveValue('CHARGEBENCH');
  await page.getByLabel('Heartbeat interval (s)').fill('120');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByText('Saved.')).toBeVisible();
  await shot('12-settings');
  // the conformance switch: on, saved server-side, off again
  await page.getByLabel('OCA conformance mode').check();
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect.poll(async () => (await api<{ conformance: boolean }>('/api/settings')).conformance).toBe(true);
  await expect(page.getByLabel('OCA conformance mode')).toBeChecked();
  await page.getByLabel('OCA conformance mode').uncheck();
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect.poll(async () => (await api<{ conformance: boolean }>('/api/settings')).conformance).toBe(false);
  await nav('Chargers');
  await page.getByRole('button', { name: 'Stop all simulated' }).click();
  await expect(page.locator('[data-charger^="E2E-"] .badge', { hasText: 'Available' })).toHaveCount(0, { timeout: 20_000 });
});

test('a transaction that orphan cleanup closed, then its charger stopped, shows the note on its row', async () => {
  const post = async <T>(path: string, body: unknown): Promise<T> => {
    const r = await page.request.post(`${API}${path}`, { headers: { authorization: `Bearer ${TOKEN}` }, data: body });
    expect(r.ok(), await r.text()).toBe(true);
    return (await r.json()) as T;
  };
  type Tx = { id: number; state: string; note: string | null; idTag: string };
  const id = 'E2E-DS-0001';
  await post('/api/simulator/spawn', { count: 1, profile: 'double-start', rampPerSec: 100, idPrefix: 'E2E-DS-', autoSessions: false, meterIntervalS: 1 });
  await expect
    .poll(
      async () => {
        const res = await page.request.get(`${API}/api/chargers/${id}`, { headers: { authorization: `Bearer ${TOKEN}` } });
        return res.ok() ? ((await res.json()) as { state: string }).state : null; // 404 until it has connected
      },
      { timeout: 20_000 },
    )
    .toBe('Available');
  await post(`/api/simulator/chargers/${id}/actions`, { action: 'startSession', connectorId: 1, idTag: 'CARD-E2E' });
  await expect.poll(async () => (await api<{ items: Tx[] }>(`/api/transactions?chargePointId=${id}`)).items.length, { timeout: 15_000 }).toBe(1);
  const first = (await api<{ items: Tx[] }>(`/api/transactions?chargePointId=${id}`)).items[0]!;
  // A RemoteStart sent by hand to the charging connector: this firmware starts a second transaction there.
  const r = await post<{ ok: boolean; response: { status: string } }>(`/api/chargers/${id}/commands/RemoteStartTransaction`, {
    payload: { connectorId: 1, idTag: 'REMOTE-E2E' },
  });
  expect(r.response.status).toBe('Accepted');
  await expect.poll(async () => (await api<Tx>(`/api/transactions/${first.id}`)).state, { timeout: 15_000 }).toBe('orphaned');
  await post(`/api/simulator/chargers/${id}/actions`, { action: 'stopSession', connectorId: 1 });
  await expect.poll(async () => (await api<Tx>(`/api/transactions/${first.id}`)).state, { timeout: 15_000 }).toBe('stopped');

  await page.goto(`${UI.split('#')[0]}#/meters?chargePointId=${id}`);
  const badge = page.getByTestId(`tx-note-${first.id}`);
  await expect(badge).toHaveText('cleanup', { timeout: 10_000 });
  await expect(badge).toHaveAttribute('title', /Orphan cleanup closed it first .*arrived later; its data is shown/);
  await page.getByTestId(`tx-${first.id}`).click();
  await expect(page.getByTestId('tx-note')).toContainText('Orphan cleanup closed it first');
  await shot('13-transaction-cleanup-note');
});
