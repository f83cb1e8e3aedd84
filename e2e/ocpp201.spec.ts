/**
 * OCPP 2.0.1 beside 1.6J in headless Chromium (1280×800) against a real bench: a simulated 2.0.1 station and a
 * 1.6 charger spawned from the dialog, their versions in the list and on the charger page, the version filter
 * (kept in the address), 2.0.1 commands with forms and raw JSON checked against 2.0.1's schemas, reading the
 * device model (GetBaseReport → NotifyReport), editing a variable (SetVariables: Accepted, then Rejected for a
 * bad value), the charger's events (NotifyEvent on a fault), a 2.0.1 transaction with the charger's id, one
 * command to every 2.0.1 charger shown.
 * Screenshots go to test-results/screenshots/201-*.png.
 */
import { expect, test, type Page } from '@playwright/test';
import { skipWithoutBrowser } from './browser.js';

skipWithoutBrowser();

const UI = process.env.CB_UI_URL as string;
const API = process.env.CB_API_URL as string;
const TOKEN = process.env.CB_TOKEN as string;
const SHOTS = 'test-results/screenshots';
const base = () => UI.split('#')[0];
const V16 = 'V16-0001';
const V201 = 'V201-0001';

test.describe.configure({ mode: 'serial' });

let page: Page;

const shot = (name: string) => page.screenshot({ path: `${SHOTS}/201-${name}.png` });
const nav = (name: string) => page.getByRole('navigation', { name: 'Screens' }).getByRole('link', { name, exact: true }).click();

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- responses are checked field by field
async function api(method: string, path: string, body?: unknown): Promise<any> {
  const r = await page.request.fetch(`${API}${path}`, { method, headers: { authorization: `Bearer ${TOKEN}` }, ...(body !== undefined ? { data: body } : {}) });
  expect(r.ok(), `${method} ${path}: ${await r.text()}`).toBe(true);
  return r.json();
}

async function spawnFromDialog(version: string, prefix: string) {
  await page.getByRole('button', { name: 'Spawn chargers…' }).first().click();
  const dialog = page.getByRole('dialog', { name: 'Spawn simulated chargers' });
  await dialog.getByLabel('Count').fill('1');
  await dialog.getByLabel('OCPP version').selectOption({ label: version });
  await dialog.getByLabel('Profile').selectOption('reference');
  await dialog.getByLabel('Id prefix').fill(prefix);
  await dialog.getByRole('button', { name: 'Spawn 1' }).click();
  await expect(dialog).toBeHidden();
}

test.beforeAll(async ({ browser }) => {
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  page.on('pageerror', (err) => console.error('page error:', err.message));
  await page.goto(UI);
  await expect(page.getByText('Live stream: connected')).toBeVisible();
});
test.afterAll(async () => {
  await api('POST', '/api/simulator/stop', { ids: [V16, V201], mode: 'powerCut' }).catch(() => undefined);
  await page.close();
});

test('a 2.0.1 station and a 1.6 charger: versions in the list, on the page, and the version filter', async () => {
  await nav('Chargers');
  await spawnFromDialog('OCPP 1.6J', 'V16-');
  await spawnFromDialog('OCPP 2.0.1', 'V201-');
  for (const id of [V16, V201]) await expect(page.locator(`[data-charger="${id}"] .badge`)).toHaveText('Available', { timeout: 20_000 });
  await expect(page.locator(`[data-charger="${V16}"]`).getByTestId('protocol')).toHaveText('1.6J');
  await expect(page.locator(`[data-charger="${V201}"]`).getByTestId('protocol')).toHaveText('2.0.1');
  await shot('01-versions');

  await page.getByTestId('protocol-filter').selectOption('ocpp2.0.1');
  await expect(page).toHaveURL(/protocol=ocpp2\.0\.1/);
  await expect(page.locator(`[data-charger="${V201}"]`)).toBeVisible();
  await expect(page.locator(`[data-charger="${V16}"]`)).toHaveCount(0);
  // the API's own filter agrees with the list's
  const listed = ((await api('GET', '/api/chargers?protocol=ocpp2.0.1')) as { items: Array<{ id: string }> }).items.map((c) => c.id);
  expect(listed).toContain(V201);
  expect(listed).not.toContain(V16);
  await shot('02-filter-201');
  await page.reload();
  await expect(page.getByTestId('protocol-filter')).toHaveValue('ocpp2.0.1');
  await expect(page.locator(`[data-charger="${V16}"]`)).toHaveCount(0);
  await page.getByTestId('protocol-filter').selectOption('ocpp1.6');
  await expect(page.locator(`[data-charger="${V16}"]`)).toBeVisible();
  await expect(page.locator(`[data-charger="${V201}"]`)).toHaveCount(0);
  await page.goto(`${base()}#/chargers?protocol=ocpp9`);
  await expect(page.getByRole('alert').filter({ hasText: 'Unknown OCPP version "ocpp9"' })).toBeVisible();
  await expect(page.locator(`[data-charger="${V16}"]`)).toBeVisible();
  await expect(page.locator(`[data-charger="${V201}"]`)).toBeVisible();
});

test("each charger's page offers its own version's commands; a 2.0.1 command's form and raw JSON follow 2.0.1's schema", async () => {
  await page.goto(`${base()}#/charger/${V16}`);
  await expect(page.getByTestId('charger-protocol')).toHaveText('1.6J');
  const panel = page.getByRole('form', { name: 'Send a command' });
  await expect(panel.getByTestId('command-select').locator('option', { hasText: /^RemoteStartTransaction$/ })).toHaveCount(1);
  await expect(panel.getByTestId('command-select').locator('option', { hasText: /^GetVariables$/ })).toHaveCount(0);
  await expect(page.getByTestId('configuration-panel')).toBeVisible();

  await page.goto(`${base()}#/charger/${V201}`);
  await expect(page.getByTestId('charger-protocol')).toHaveText('2.0.1');
  await expect(page.getByTestId('configuration-panel')).toHaveCount(0);
  await expect(panel.getByTestId('command-select').locator('option', { hasText: /^RemoteStartTransaction$/ })).toHaveCount(0);
  // the form is 2.0.1's Reset: its type is Immediate | OnIdle (1.6's is Hard | Soft)
  await panel.getByTestId('command-select').selectOption('Reset');
  const type = panel.locator('select#f-type');
  await expect(type.locator('option')).toContainText(['Immediate', 'OnIdle']);
  await expect(type.locator('option', { hasText: 'Hard' })).toHaveCount(0);
  // raw JSON is checked against 2.0.1's GetVariables (refs resolved): a bad attributeType is refused while strict
  await panel.getByRole('button', { name: 'Raw JSON' }).click();
  await panel.getByTestId('command-select').selectOption('GetVariables');
  const raw = panel.getByTestId('raw-json');
  await raw.fill('{"getVariableData":[{"component":{"name":"OCPPCommCtrlr"},"variable":{"name":"HeartbeatInterval"},"attributeType":"Sideways"}]}');
  await expect(panel.getByTestId('raw-warning')).toContainText('attributeType must be one of Actual, Target, MinSet, MaxSet');
  await expect(panel.getByTestId('command-send')).toBeDisabled();
  await shot('03-raw-invalid');
  await raw.fill('{"getVariableData":[{"component":{"name":"OCPPCommCtrlr"},"variable":{"name":"HeartbeatInterval"}}]}');
  await expect(panel.getByTestId('raw-warning')).toHaveCount(0);
  await panel.getByTestId('command-send').click();
  const reply = panel.getByTestId('command-reply');
  await expect(reply).toContainText('CALLRESULT');
  await expect(reply).toContainText('getVariableResult');
  await expect(reply).toContainText('"Accepted"');
  await shot('04-getvariables-reply');
});

test('read the device model, set a ReadWrite variable (Accepted, refreshed), a bad value is Rejected', async () => {
  const dm = page.getByTestId('device-model-panel');
  await dm.scrollIntoViewIfNeeded();
  await dm.getByRole('button', { name: 'Read device model' }).click();
  await expect(dm.getByTestId('dm-read-answer')).toHaveText('Accepted');
  await expect(dm.getByTestId('dm-count')).toContainText('variables in', { timeout: 20_000 });
  await expect(dm.getByRole('button', { name: 'Read device model' })).toBeEnabled({ timeout: 25_000 });
  await shot('05-device-model');

  await dm.getByLabel('Filter components and variables').fill('HeartbeatInterval');
  const comm = dm.getByTestId('dm-component-OCPPCommCtrlr');
  const row = comm.getByTestId('dm-var-HeartbeatInterval');
  await expect(row).toContainText('ReadWrite');
  const input = row.getByLabel('Value of HeartbeatInterval (Actual)');
  // a value other than the one it holds (the boot's interval, which earlier specs' settings may have changed)
  const before = await input.inputValue();
  expect(before).toMatch(/^\d+$/);
  const next = before === '97' ? '98' : '97';
  await input.fill(next);
  await row.getByRole('button', { name: 'Set' }).click();
  await expect(row.getByTestId('dm-answer')).toHaveText('Accepted');
  await expect(input).toHaveValue(next);
  // the stored device model holds the value the charger accepted
  const model = (await api('GET', `/api/chargers/${V201}/device-model`)) as {
    components: Array<{ component: string; variables: Array<{ variable: string; attributes: Array<{ value?: string }> }> }>;
  };
  const hb = model.components.find((c) => c.component === 'OCPPCommCtrlr')?.variables.find((v) => v.variable === 'HeartbeatInterval');
  expect(hb?.attributes[0]?.value).toBe(next);
  await shot('06-set-accepted');

  await input.fill('soon');
  await row.getByRole('button', { name: 'Set' }).click();
  await expect(row.getByTestId('dm-answer')).toHaveText('Rejected');
  await expect(row).toContainText('InvalidValue');
  await expect(input).toHaveValue(next);
  await shot('07-set-rejected');
});

test("the charger's events: a fault's NotifyEvent; a 2.0.1 transaction shows its version and the charger's id", async () => {
  await page.getByLabel('Fault', { exact: true }).selectOption('faulted');
  await page.getByRole('button', { name: 'Inject' }).click();
  const events = page.getByTestId('charger-events-panel');
  await expect(events.getByTestId('charger-event').filter({ hasText: 'NotifyEvent' }).first()).toBeVisible({ timeout: 15_000 });
  await events.scrollIntoViewIfNeeded();
  await shot('08-events');
  await page.getByRole('button', { name: 'Clear faults' }).click();

  const c1 = page.getByTestId('connector-1');
  await expect(c1.getByRole('button', { name: 'Start session' })).toBeEnabled({ timeout: 15_000 });
  await c1.getByRole('button', { name: 'Start session' }).click();
  await expect(c1.getByText(/^#\d+/)).toBeVisible({ timeout: 20_000 });
  await nav('Transactions');
  const txs = (await api('GET', `/api/transactions?chargePointId=${V201}`)) as { items: Array<{ id: number; chargerTransactionId: string | null }> };
  const tx = txs.items[0];
  expect(tx?.chargerTransactionId).toBeTruthy();
  const row = page.getByTestId(`tx-row-${tx!.id}`);
  await expect(row.getByTestId('tx-protocol')).toHaveText('2.0.1');
  await expect(row.getByTestId('tx-charger-id')).toHaveText(tx!.chargerTransactionId!);
  await shot('09-transactions');
});

test("one command to every 2.0.1 charger shown: the dialog offers 2.0.1's commands and the station accepts", async () => {
  await page.goto(`${base()}#/chargers?protocol=ocpp2.0.1`);
  await expect(page.locator(`[data-charger="${V201}"]`)).toBeVisible();
  await page.getByRole('button', { name: 'Command to all 1 shown…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Send a command to 1 charger' });
  await expect(dialog.getByTestId('bulk-command').locator('option', { hasText: /^GetVariables$/ })).toHaveCount(1);
  await expect(dialog.getByTestId('bulk-command').locator('option', { hasText: /^RemoteStartTransaction$/ })).toHaveCount(0);
  await dialog.getByTestId('bulk-command').selectOption('TriggerMessage');
  // 2.0.1's TriggerMessage: its MessageTriggerEnumType (1.6 has DiagnosticsStatusNotification, 2.0.1 does not)
  await expect(dialog.getByLabel(/requestedMessage/).locator('option', { hasText: 'DiagnosticsStatusNotification' })).toHaveCount(0);
  await dialog.getByLabel(/requestedMessage/).selectOption('Heartbeat');
  await dialog.getByRole('button', { name: 'Send TriggerMessage to 1' }).click();
  await expect(dialog.getByTestId('bulk-progress')).toHaveText('1/1 done', { timeout: 20_000 });
  await expect(dialog.getByTestId(`bulk-${V201}`).getByTestId('bulk-outcome')).toHaveText('ok');
  await expect(dialog.getByTestId(`bulk-${V201}`)).toContainText('Accepted');
  await shot('10-bulk-201');
});
