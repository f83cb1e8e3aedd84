/**
 * The operator console in headless Chromium against a real bench: the charger registry (register, a refused
 * connection registered from the list, spawning while unknown chargers are refused), accepting a Pending charger,
 * removing one with its history, one command to several chargers with a mixed result, raw JSON with its
 * warning, the reservation lifecycle, the charging-profile library, the configuration table, closing a stale
 * transaction. A screenshot of each goes to test-results/screenshots/.
 */
import { expect, test, type Page } from '@playwright/test';
import WebSocket from 'ws';
import { skipWithoutBrowser } from './browser.js';

skipWithoutBrowser();

const UI = process.env.CB_UI_URL as string;
const API = process.env.CB_API_URL as string;
const TOKEN = process.env.CB_TOKEN as string;
const OCPP = process.env.CB_OCPP_URL as string;
const SHOTS = 'test-results/screenshots';
const base = () => UI.split('#')[0];

test.describe.configure({ mode: 'serial' });

let page: Page;

const shot = (name: string) => page.screenshot({ path: `${SHOTS}/${name}.png` });
const nav = (name: string) => page.getByRole('navigation', { name: 'Screens' }).getByRole('link', { name, exact: true }).click();

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- responses are checked field by field
async function api(method: string, path: string, body?: unknown): Promise<any> {
  const r = await page.request.fetch(`${API}${path}`, { method, headers: { authorization: `Bearer ${TOKEN}` }, ...(body !== undefined ? { data: body } : {}) });
  expect(r.ok(), `${method} ${path}: ${await r.text()}`).toBe(true);
  return r.json();
}

async function state(id: string): Promise<string | null> {
  const r = await page.request.get(`${API}/api/chargers/${id}`, { headers: { authorization: `Bearer ${TOKEN}` } });
  return r.ok() ? ((await r.json()) as { state: string }).state : null;
}

/** Opens a websocket as a charger; resolves with the HTTP status of a refusal, or 101 when it got in. */
function tryConnect(id: string): Promise<number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`${OCPP}/${id}`, ['ocpp1.6']);
    ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.on('open', () => {
      ws.close();
      resolve(101);
    });
    ws.on('error', () => undefined);
  });
}

test.beforeAll(async ({ browser }) => {
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.on('pageerror', (err) => console.error('page error:', err.message));
  await page.goto(UI);
  await expect(page.getByText('Live stream: connected')).toBeVisible();
});
test.afterAll(async () => {
  await api('PATCH', '/api/settings', { settings: { unknownChargers: 'accept', bootPolicy: 'Accepted', strictness: 'strict' } }).catch(() => undefined);
  await api('POST', '/api/simulator/stop', { all: true }).catch(() => undefined);
  await page.context().close();
});

test('registry: register a charger, register a refused one from the list, spawn while unknown chargers are refused', async () => {
  await nav('Chargers');
  await page.getByRole('button', { name: 'Register charger…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Register a charger' });
  await dialog.getByLabel('Charge point id').fill('OPS REG');
  await expect(dialog.getByText(/contains characters other than/)).toBeVisible();
  await dialog.getByLabel('Charge point id').fill('OPS-REG-1');
  await dialog.getByLabel('Basic-auth password').fill('s3cret-pass');
  await dialog.getByLabel('Expected vendor').fill('ACME');
  await dialog.getByLabel('Notes').fill('bay 4, left');
  await shot('20-register-dialog');
  await dialog.getByRole('button', { name: 'Register', exact: true }).click();
  await expect(dialog).toBeHidden();
  await expect(page.locator('[data-charger="OPS-REG-1"] .badge')).toHaveText('Offline');
  expect((await api('GET', '/api/chargers/OPS-REG-1')).registry).toMatchObject({
    registered: true,
    hasPassword: true,
    notes: 'bay 4, left',
    expectedVendor: 'ACME',
  });
  // with a password it must authenticate: an anonymous connection is refused
  expect(await tryConnect('OPS-REG-1')).toBe(401);

  await api('PATCH', '/api/settings', { settings: { unknownChargers: 'refuse' } });
  expect(await tryConnect('OPS-STRANGER')).toBe(404);
  const refusal = page.getByTestId('refusal-OPS-STRANGER');
  await expect(refusal).toContainText('Unknown charge point "OPS-STRANGER": register it first', { timeout: 10_000 });
  await shot('21-refused-connection');
  await refusal.getByRole('button', { name: 'Register' }).click();
  await expect(page.getByText('OPS-STRANGER registered')).toBeVisible();
  expect(await tryConnect('OPS-STRANGER')).toBe(101);

  await page.getByRole('button', { name: 'Spawn chargers…' }).first().click();
  const spawn = page.getByRole('dialog', { name: 'Spawn simulated chargers' });
  await spawn.getByLabel('Count').fill('2');
  await spawn.getByLabel('Profile').selectOption('reference');
  await spawn.getByLabel('Id prefix').fill('OPS-SP-');
  await spawn.getByLabel('Meter interval (s)').fill('2');
  await expect(spawn.getByTestId('spawn-registers')).toContainText('these 2 chargers are added to the registry first');
  await spawn.getByRole('button', { name: 'Spawn 2' }).click();
  for (const id of ['OPS-SP-0001', 'OPS-SP-0002']) await expect(page.locator(`[data-charger="${id}"] .badge`)).toHaveText('Available', { timeout: 20_000 });
  expect((await api('GET', '/api/chargers/OPS-SP-0001')).registry.registered).toBe(true);
  await shot('22-spawned-while-refusing');
  await api('PATCH', '/api/settings', { settings: { unknownChargers: 'accept' } });
});

test('accept a Pending charger from its page', async () => {
  await api('PATCH', '/api/settings', { settings: { bootPolicy: 'Pending' } });
  await api('POST', '/api/simulator/spawn', { count: 1, profile: 'reference', idPrefix: 'OPS-PEND-', rampPerSec: 100 });
  await expect.poll(() => state('OPS-PEND-0001'), { timeout: 20_000 }).toBe('Pending');
  await api('PATCH', '/api/settings', { settings: { bootPolicy: 'Accepted' } });
  await page.goto(`${base()}#/charger/OPS-PEND-0001`);
  const banner = page.getByTestId('pending-banner');
  await expect(banner).toContainText('answered Pending');
  await shot('23-pending-charger');
  await banner.getByRole('button', { name: 'Accept' }).click();
  await expect(page.getByTestId('registry-panel').getByRole('status')).toContainText('asked to boot again now');
  await expect(page.locator('.screen-head .badge').first()).toHaveText('Available', { timeout: 15_000 });
  expect((await api('GET', '/api/chargers/OPS-PEND-0001')).registry.bootPolicy).toBe('Accepted');
});

test('one command to several chargers: a reply, a CALLERROR and one not sent, filled in as they come', async () => {
  await api('POST', '/api/chargers', { id: 'OPS-OFF-1' });
  await api('POST', '/api/simulator/chargers/OPS-SP-0002/actions', { action: 'fault', fault: 'callError' });
  await nav('Chargers');
  await page.getByLabel('Filter chargers').fill('OPS-');
  for (const id of ['OPS-SP-0001', 'OPS-SP-0002', 'OPS-OFF-1']) await page.getByLabel(`Select ${id}`).check();
  await page.getByRole('button', { name: 'Command to 3 selected…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Send a command to 3 chargers' });
  await dialog.getByTestId('bulk-command').selectOption('TriggerMessage');
  await dialog.getByLabel(/requestedMessage/).selectOption('Heartbeat');
  await dialog.getByRole('button', { name: 'Send TriggerMessage to 3' }).click();
  await expect(dialog.getByTestId('bulk-progress')).toHaveText('3/3 done', { timeout: 20_000 });
  await expect(dialog.getByTestId('bulk-OPS-SP-0001').getByTestId('bulk-outcome')).toHaveText('ok');
  await expect(dialog.getByTestId('bulk-OPS-SP-0001')).toContainText('Accepted');
  await expect(dialog.getByTestId('bulk-OPS-SP-0002').getByTestId('bulk-outcome')).toHaveText('callError');
  await expect(dialog.getByTestId('bulk-OPS-OFF-1').getByTestId('bulk-outcome')).toHaveText('failed');
  await shot('24-bulk-command-mixed');
  await dialog.getByRole('button', { name: 'Close' }).click();
});

test('raw JSON: schema hints, a clear warning while invalid (strict blocks it), send, history and re-send; RemoteStop picks a running transaction', async () => {
  await page.goto(`${base()}#/charger/OPS-SP-0001`);
  const panel = page.getByRole('form', { name: 'Send a command' });
  await panel.getByRole('button', { name: 'Raw JSON' }).click();
  await panel.getByTestId('command-select').selectOption('TriggerMessage');
  await expect(panel.getByTestId('schema-hints')).toContainText('requestedMessage');
  await expect(panel.getByTestId('schema-hints')).toContainText('BootNotification | DiagnosticsStatusNotification');
  const raw = panel.getByTestId('raw-json');
  await raw.fill('{"requestedMessage": "Coffee"');
  await expect(panel.getByTestId('raw-warning')).toContainText('Not valid JSON');
  await raw.fill('{"requestedMessage": "Coffee"}');
  await expect(panel.getByTestId('raw-warning')).toContainText('Validation is strict (Settings → Validation): the bench refuses to send it');
  await expect(panel.getByTestId('command-send')).toBeDisabled();
  await shot('25-raw-json-invalid');
  await raw.fill('{"requestedMessage": "StatusNotification", "connectorId": 1}');
  await expect(panel.getByTestId('raw-warning')).toHaveCount(0);
  await panel.getByTestId('command-send').click();
  await expect(panel.getByTestId('command-reply')).toContainText('"Accepted"');
  // the history has the bulk job's TriggerMessage and this one, newest first; re-sending adds a third
  const triggers = panel.getByTestId('command-history').getByTestId('history-row').filter({ hasText: 'TriggerMessage' });
  await expect(triggers).toHaveCount(2, { timeout: 10_000 });
  await triggers.first().getByRole('button', { name: 'Re-send' }).click();
  await expect(triggers).toHaveCount(3, { timeout: 10_000 });
  await shot('26-raw-json-sent-history');

  // RemoteStopTransaction: the transaction id picked from the running ones
  await api('POST', '/api/simulator/chargers/OPS-SP-0001/actions', { action: 'startSession', connectorId: 2, idTag: 'TAG-RS' });
  await expect.poll(async () => (await api('GET', '/api/transactions?chargePointId=OPS-SP-0001&state=active')).items.length, { timeout: 15_000 }).toBe(1);
  const tx = (await api('GET', '/api/transactions?chargePointId=OPS-SP-0001&state=active')).items[0];
  await panel.getByRole('button', { name: 'Form' }).click();
  await panel.getByTestId('command-select').selectOption('RemoteStopTransaction');
  await panel.getByTestId('pick-transaction').selectOption(String(tx.id));
  await expect(panel.getByLabel(/transactionId/)).toHaveValue(String(tx.id));
  await panel.getByRole('button', { name: 'Send RemoteStopTransaction' }).click();
  await expect(panel.getByTestId('command-reply')).toContainText('"Accepted"');
  await expect.poll(async () => (await api('GET', `/api/transactions/${tx.id}`)).state, { timeout: 15_000 }).toBe('stopped');
});

test('reservation lifecycle: Reserved, Cancelled, Used by the charger’s StartTransaction, Expired', async () => {
  await page.goto(`${base()}#/charger/OPS-SP-0001`);
  const panel = page.getByTestId('reservations-panel');
  await panel.getByLabel('Reservation connector').selectOption('1');
  await panel.getByLabel('Reservation id tag').fill('TAG-R');
  await panel.getByRole('button', { name: 'Reserve' }).click();
  await expect(panel.getByTestId('reservation-msg')).toContainText(': Reserved (the charger answered Accepted)');
  const first = panel.getByTestId('reservations').locator('tbody tr').first();
  await expect(first.getByTestId('reservation-state')).toHaveText('Reserved');
  await expect(page.getByTestId('connector-1').locator('.badge').first()).toHaveText('Reserved', { timeout: 10_000 });
  await first.getByRole('button', { name: 'Cancel' }).click();
  await expect(first.getByTestId('reservation-state')).toHaveText('Cancelled');
  await expect(page.getByTestId('connector-1').locator('.badge').first()).toHaveText('Available', { timeout: 10_000 });

  await panel.getByRole('button', { name: 'Reserve' }).click();
  await expect(first.getByTestId('reservation-state')).toHaveText('Reserved');
  await api('POST', '/api/simulator/chargers/OPS-SP-0001/actions', { action: 'startSession', connectorId: 1, idTag: 'TAG-R' });
  await expect(first.getByTestId('reservation-state')).toHaveText('Used', { timeout: 15_000 });
  await expect(first).toContainText('used by transaction');

  // a short expiry through the API (the UI offers minutes): it expires unused
  const inFewSeconds = new Date(Date.now() + 3000).toISOString();
  const r = await api('POST', '/api/chargers/OPS-SP-0002/reservations', { connectorId: 2, idTag: 'TAG-X', expiryDate: inFewSeconds });
  expect(r.reservation.state).toBe('Reserved');
  await nav('Reservations');
  const row = page.getByTestId(`reservation-${r.reservation.id}`);
  await expect(row.getByTestId('reservation-state')).toHaveText('Expired', { timeout: 15_000 });
  await shot('27-reservations');
});

test('charging profile library: save a profile, send it from a charger page, see it installed, clear it', async () => {
  await nav('Charging profiles');
  await page.getByLabel('Profile name').fill('e2e 16A default');
  await page.getByLabel('Profile description').fill('16 A on every new session');
  await page.getByLabel('Profile JSON').fill('{"chargingProfileId": 5}');
  await expect(page.getByText(/Not a valid csChargingProfiles: \/stackLevel is required/)).toBeVisible();
  await page.getByLabel('Profile JSON').fill(
    JSON.stringify(
      {
        chargingProfileId: 5,
        stackLevel: 1,
        chargingProfilePurpose: 'TxDefaultProfile',
        chargingProfileKind: 'Relative',
        chargingSchedule: { chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 0, limit: 16 }] },
      },
      null,
      2,
    ),
  );
  await page.getByRole('button', { name: 'Save to library' }).click();
  await expect(page.getByTestId('saved-e2e 16A default')).toContainText('TxDefaultProfile, 16 A');
  await shot('28-profile-library');

  await page.goto(`${base()}#/charger/OPS-SP-0002`);
  const panel = page.getByTestId('profiles-panel');
  await panel.getByLabel('Profile to send').selectOption('e2e 16A default');
  await panel.getByLabel('Profile connector').selectOption('1');
  await panel.getByRole('button', { name: 'Send profile' }).click();
  await expect(panel.getByTestId('profile-msg')).toHaveText('SetChargingProfile: Accepted');
  const row = panel.getByTestId('profile-records').locator('tbody tr').first();
  await expect(row).toContainText('#5 (e2e 16A default)');
  await expect(row).toContainText('installed');
  await shot('29-profile-installed');
  await row.getByRole('button', { name: 'Clear' }).click();
  await expect(panel.getByTestId('profile-msg')).toHaveText('ClearChargingProfile: Accepted');
  await expect(row).toContainText('cleared by ClearChargingProfile');
});

test('configuration table: read it, edit a value, see the charger’s answer; read-only keys are not editable', async () => {
  await page.goto(`${base()}#/charger/OPS-SP-0002`);
  const panel = page.getByTestId('configuration-panel');
  await panel.getByRole('button', { name: 'Read configuration' }).click();
  const key = panel.getByTestId('config-MeterValueSampleInterval');
  await expect(key.getByLabel('Value of MeterValueSampleInterval')).toHaveValue('2');
  await expect(panel.getByTestId('config-NumberOfConnectors')).toContainText('read-only');
  await expect(panel.getByTestId('config-NumberOfConnectors').getByRole('textbox')).toHaveCount(0);
  await key.getByLabel('Value of MeterValueSampleInterval').fill('15');
  await key.getByRole('button', { name: 'Save' }).click();
  await expect(key.getByTestId('config-answer')).toHaveText('Accepted');
  await expect(key.getByLabel('Value of MeterValueSampleInterval')).toHaveValue('15');
  const bad = panel.getByTestId('config-HeartbeatInterval');
  await bad.getByLabel('Value of HeartbeatInterval').fill('not-a-number');
  await bad.getByRole('button', { name: 'Save' }).click();
  await expect(bad.getByTestId('config-answer')).toHaveText('Rejected');
  await panel.getByLabel('Filter keys').fill('Interval');
  await shot('30-configuration-table');
});

test('close a stale transaction: recorded as stale with the note, in the list and the API', async () => {
  await api('POST', '/api/simulator/chargers/OPS-SP-0002/actions', { action: 'startSession', connectorId: 1, idTag: 'TAG-STALE' });
  await expect.poll(async () => (await api('GET', '/api/transactions?chargePointId=OPS-SP-0002&state=active')).items.length, { timeout: 15_000 }).toBe(1);
  const tx = (await api('GET', '/api/transactions?chargePointId=OPS-SP-0002&state=active')).items[0];
  await api('POST', '/api/simulator/stop', { ids: ['OPS-SP-0002'], mode: 'powerCut' });
  await page.goto(`${base()}#/transactions`);
  await page.getByLabel('Charger').fill('OPS-SP-0002');
  await page.getByLabel('Id tag').fill('TAG-STALE');
  await page.getByRole('button', { name: 'Apply' }).click();
  const row = page.getByTestId(`tx-row-${tx.id}`);
  await expect(row.getByTestId('tx-state')).toHaveText('active');
  await expect(row.getByTestId('tx-offline')).toBeVisible({ timeout: 10_000 });
  await row.getByRole('button', { name: 'Close as stale…' }).click();
  const dialog = page.getByRole('dialog', { name: `Close transaction #${tx.id} as stale` });
  await dialog.getByLabel('Why').fill('charger lost power for good');
  await shot('31-close-stale-dialog');
  await dialog.getByRole('button', { name: 'Close as stale' }).click();
  await expect(row.getByTestId('tx-state')).toHaveText('stale');
  await expect(row.getByTestId('tx-row-note')).toContainText('Closed as stale by the operator');
  await expect(row.getByTestId('tx-row-note')).toContainText('charger lost power for good');
  expect(await api('GET', `/api/transactions/${tx.id}`)).toMatchObject({ state: 'stale', staleClose: { note: 'charger lost power for good' } });
  await page.getByLabel('State').selectOption('stale');
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(page.getByTestId('tx-count')).toHaveText('1 transaction');
  await shot('32-transactions-stale');
});

test('remove an offline charger with its history', async () => {
  await nav('Chargers');
  await page.getByLabel('Filter chargers').fill('OPS-REG');
  await page.getByLabel('Select OPS-REG-1').check();
  await page.getByRole('button', { name: 'Remove 1 offline…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Remove OPS-REG-1' });
  await dialog.getByLabel('Delete history').check();
  await shot('33-remove-dialog');
  await dialog.getByRole('button', { name: 'Remove and delete history' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.locator('[data-charger="OPS-REG-1"]')).toHaveCount(0);
  const r = await page.request.get(`${API}/api/chargers/OPS-REG-1`, { headers: { authorization: `Bearer ${TOKEN}` } });
  expect(r.status()).toBe(404);
});
