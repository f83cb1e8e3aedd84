/**
 * Session truth in the GUI, headless Chromium against a real bench with simulated chargers streaming frames:
 * - the Message log shows each matching entry once and nothing else while the filter changes under live traffic
 *   (a charger id typed then a row clicked, actions picked, filters cleared), checked row by row against the API;
 * - a server CALL shows its wire time and how long it was queued;
 * - "All connectors" meter graphs draw one line per connector;
 * - a charger whose power is cut shows unknown power, its transaction "open, charger offline since", the Overview
 *   counts it apart; "Stop all simulated" ends the other sessions with StopTransaction.
 */
import { expect, test, type Page } from '@playwright/test';
import { skipWithoutBrowser } from './browser.js';

skipWithoutBrowser();

const UI = process.env.CB_UI_URL as string;
const API = process.env.CB_API_URL as string;
const TOKEN = process.env.CB_TOKEN as string;
const SHOTS = 'test-results/screenshots';
const IDS = ['TRU-0001', 'TRU-0002', 'TRU-0003', 'TRU-0004', 'TRU-0005'];

test.describe.configure({ mode: 'serial' });

let page: Page;
const headers = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' };

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- API answers are checked field by field
async function api(method: 'GET' | 'POST', path: string, body?: unknown): Promise<any> {
  const r = await fetch(`${API}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  expect(r.ok, `${method} ${path}: ${r.status}`).toBe(true);
  return r.json();
}

/** Server CALLs in the background (wire-time moves) while chargers stream MeterValues. */
let traffic: ReturnType<typeof setInterval> | null = null;

test.beforeAll(async ({ browser }) => {
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  page.on('pageerror', (err) => console.error('page error:', err.message));
  await page.goto(UI); // the token comes with the first address; later navigations keep it
  await expect(page.getByRole('heading', { name: 'Overview' })).toBeVisible();
  await api('POST', '/api/middleware/reset', {});
  await api('POST', '/api/simulator/spawn', { count: IDS.length, profile: 'reference', rampPerSec: 100, idPrefix: 'TRU-', meterIntervalS: 1 });
  await expect
    .poll(
      async () => {
        const list = await api('GET', '/api/chargers?q=TRU-&limit=100');
        return list.items.filter((c: { state: string }) => c.state === 'Available').length;
      },
      { timeout: 30_000 },
    )
    .toBe(IDS.length);
  for (const id of IDS.slice(0, 3)) await api('POST', `/api/simulator/chargers/${id}/actions`, { action: 'startSession', connectorId: 1, idTag: 'TAG-TRU' });
  let n = 0;
  traffic = setInterval(() => {
    const id = IDS[n++ % 3] as string;
    void fetch(`${API}/api/chargers/${id}/commands/TriggerMessage`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ payload: { requestedMessage: 'Heartbeat' } }),
    }).catch(() => undefined);
  }, 250);
});

test.afterAll(async () => {
  if (traffic) clearInterval(traffic);
  await page.context().close();
});

interface Row {
  entry: number;
  cp: string;
  action: string;
  dir: string;
  top: string;
}

async function visibleRows(): Promise<Row[]> {
  return page.locator('[data-testid="log-rows"] [role="row"]').evaluateAll((els) =>
    els.map((el) => {
      const e = el as HTMLElement;
      return {
        entry: Number(e.dataset.entry),
        cp: e.dataset.cp ?? '',
        action: e.dataset.action ?? '',
        dir: e.children[2]?.textContent ?? '',
        top: e.style.transform,
      };
    }),
  );
}

/**
 * Every rendered row matches the filter, appears once, sits in its own slot; paused, the rows are exactly a
 * contiguous run of the API's own listing for that filter (nothing missing in between, nothing extra).
 */
async function assertLogTrue(filter: { chargePointId?: string; action?: string; direction?: 'in' | 'out' }, label: string): Promise<void> {
  await page.waitForTimeout(1500); // frames keep streaming in while we look
  const rows = await visibleRows();
  expect(rows.length, `${label}: rows shown`).toBeGreaterThan(0);
  for (const r of rows) {
    if (filter.chargePointId) expect(r.cp, `${label}: row ${r.entry}`).toBe(filter.chargePointId);
    if (filter.action) expect(r.action, `${label}: row ${r.entry}`).toBe(filter.action);
    if (filter.direction) expect(r.dir, `${label}: row ${r.entry}`).toBe(filter.direction === 'in' ? 'CP→CS' : 'CS→CP');
  }
  expect(new Set(rows.map((r) => r.entry)).size, `${label}: each entry once`).toBe(rows.length);
  expect(new Set(rows.map((r) => r.top)).size, `${label}: no row drawn over another`).toBe(rows.length);

  await page.getByTestId('pause').click();
  await expect(page.getByTestId('pause')).toHaveText(/Resume live/);
  const frozen = (await visibleRows()).map((r) => r.entry);
  const qs = new URLSearchParams({ limit: '2000', ...(filter as Record<string, string>) });
  const listing: number[] = (await api('GET', `/api/messages?${qs}`)).items.map((e: { id: number }) => e.id);
  // queued CALLs (negative ids) may have reached the wire since: compare the wire-ordered history
  const shown = frozen.filter((id) => id > 0);
  const at = shown.map((id) => listing.indexOf(id));
  expect(
    at.every((i) => i >= 0),
    `${label}: every row is in the API listing`,
  ).toBe(true);
  expect(listing.slice(at[0], (at[at.length - 1] as number) + 1), `${label}: the rows are the API's, in order, none missing`).toEqual(shown);
  await page.getByTestId('pause').click();
  await expect(page.getByTestId('pause')).toHaveText('Pause');
}

async function typeCharger(id: string): Promise<void> {
  const input = page.getByLabel('Charger id');
  await input.click();
  await input.fill(id);
}

test('the message log shows each matching entry once, and nothing else, while filters change under live traffic', async () => {
  await page.goto(`${UI.split('#')[0]}#/messages`);
  await expect(page.getByRole('heading', { name: 'Message log' })).toBeVisible();
  await expect(page.locator('[data-testid="log-rows"] [role="row"]').first()).toBeVisible({ timeout: 15_000 });

  // a charger id typed (not submitted), then a row clicked: the blur applies the filter while frames arrive
  await typeCharger('TRU-0001');
  await page.locator('[data-testid="log-rows"] [role="row"]').nth(2).click();
  await expect(page).toHaveURL(/chargePointId=TRU-0001/);
  await assertLogTrue({ chargePointId: 'TRU-0001' }, 'charger typed, row clicked');
  await page.locator('[data-testid="log-rows"] [role="row"]').first().click();
  await expect(page.getByTestId('entry-detail')).toContainText('TRU-0001');

  await page.getByLabel('Action').selectOption('MeterValues');
  await assertLogTrue({ chargePointId: 'TRU-0001', action: 'MeterValues' }, 'charger + action');

  await typeCharger('TRU-0002');
  await page.locator('[data-testid="log-rows"] [role="row"]').first().click();
  await expect(page).toHaveURL(/chargePointId=TRU-0002/);
  await assertLogTrue({ chargePointId: 'TRU-0002', action: 'MeterValues' }, 'other charger, same action');

  await page.getByLabel('Action').selectOption('');
  await page.getByLabel('Direction').selectOption('out');
  await assertLogTrue({ chargePointId: 'TRU-0002', direction: 'out' }, 'server CALLs of one charger');

  await page.getByLabel('Direction').selectOption('');
  await typeCharger('TRU-0003');
  await page.getByLabel('Charger id').press('Enter');
  await assertLogTrue({ chargePointId: 'TRU-0003' }, 'charger submitted with Enter');

  // quick changes back and forth: a slow answer for an earlier filter must not land over the current one
  for (const id of ['TRU-0001', 'TRU-0002', 'TRU-0003', 'TRU-0001']) {
    await typeCharger(id);
    await page.getByLabel('Charger id').press('Enter');
  }
  await assertLogTrue({ chargePointId: 'TRU-0001' }, 'rapid changes');

  await typeCharger('');
  await page.getByLabel('Charger id').press('Enter');
  await assertLogTrue({}, 'no filter');
  await page.screenshot({ path: `${SHOTS}/20-message-log-live-filters.png` });
});

test('a queued server CALL shows its wire time and how long it waited', async () => {
  // the charger answers 1.2 s late, so a second CALL waits that long in the edge's one-at-a-time queue
  await api('POST', '/api/simulator/chargers/TRU-0004/actions', { action: 'fault', fault: 'answerLate', args: { delayMs: 1200 } });
  const cmd = (payload: unknown) => api('POST', '/api/chargers/TRU-0004/commands/TriggerMessage', { payload });
  const [first, second] = await Promise.all([cmd({ requestedMessage: 'Heartbeat' }), cmd({ requestedMessage: 'StatusNotification', connectorId: 1 })]);
  expect(first.ok && second.ok).toBe(true);
  await api('POST', '/api/simulator/chargers/TRU-0004/actions', { action: 'clearFault' });
  const entries = (await api('GET', '/api/messages?chargePointId=TRU-0004&action=TriggerMessage')).items as Array<{
    id: number;
    latencyMs: number;
    call: { at: string; sentAt: string; queuedAt: string };
    reply: { at: string };
  }>;
  expect(entries).toHaveLength(2);
  for (const e of entries) {
    expect(e.call.at).toBe(e.call.sentAt);
    expect(Date.parse(e.reply.at) - Date.parse(e.call.at)).toBe(e.latencyMs);
    expect(e.latencyMs).toBeGreaterThanOrEqual(1150);
  }
  const waited = entries.find((e) => Date.parse(e.call.sentAt) - Date.parse(e.call.queuedAt) >= 1000)!;
  expect(waited).toBeDefined();
  // the CALL that waited is placed (and timed) where it went out: after the first one's reply
  expect(Date.parse(waited.call.at)).toBeGreaterThanOrEqual(Math.min(...entries.map((e) => Date.parse(e.reply.at))));

  await page.goto(`${UI.split('#')[0]}#/messages?chargePointId=TRU-0004&action=TriggerMessage`);
  const row = page.locator(`[data-testid="log-rows"] [data-entry="${waited.id}"]`);
  await expect(row).toContainText(/queued 1,\d{3} ms/);
  await row.click();
  const times = page.getByTestId('call-times');
  await expect(times).toContainText(waited.call.queuedAt);
  await expect(times).toContainText(waited.call.sentAt);
  await expect(page.getByTestId('entry-detail')).toContainText(`latency ${waited.latencyMs.toLocaleString('en-US')} ms`);
  await page.screenshot({ path: `${SHOTS}/21-message-log-queued-call.png` });
});

test('a charger that never answers: the CALL times out, and the log says so and why', async () => {
  await api('POST', '/api/simulator/chargers/TRU-0004/actions', { action: 'fault', fault: 'unresponsive' });
  const r = await api('POST', '/api/chargers/TRU-0004/commands/ClearCache', { payload: {}, timeoutMs: 1000 });
  await api('POST', '/api/simulator/chargers/TRU-0004/actions', { action: 'clearFault' });
  expect(r).toMatchObject({ ok: false, error: { code: 'timeout' } });
  const entries = (await api('GET', '/api/messages?chargePointId=TRU-0004&action=ClearCache')).items as Array<{
    id: number;
    call: { state: string; errorDescription: string | null };
    reply: unknown;
  }>;
  expect(entries).toHaveLength(1);
  expect(entries[0]).toMatchObject({ reply: null, call: { state: 'timeout', errorDescription: expect.stringMatching(/^timeout: /) } });
  await page.goto(`${UI.split('#')[0]}#/messages?chargePointId=TRU-0004&action=ClearCache`);
  await page.locator(`[data-testid="log-rows"] [data-entry="${entries[0]!.id}"]`).click();
  await expect(page.getByTestId('no-reply')).toContainText(/No reply: timed out \(timeout: .+\)/);
});

test('"All connectors" meter graphs draw one line per connector', async () => {
  await api('POST', `/api/simulator/chargers/TRU-0005/actions`, { action: 'startSession', connectorId: 1, idTag: 'TAG-C1' });
  await api('POST', `/api/simulator/chargers/TRU-0005/actions`, { action: 'startSession', connectorId: 2, idTag: 'TAG-C2' });
  await expect
    .poll(
      async () => {
        const s = await api('GET', '/api/meters?chargePointId=TRU-0005');
        return s.series.filter((c: { points: Array<{ energyWh?: number }> }) => c.points.filter((p) => p.energyWh !== undefined).length >= 2).length;
      },
      { timeout: 20_000 },
    )
    .toBe(2);
  const s = await api('GET', '/api/meters?chargePointId=TRU-0005');
  for (const c of s.series as Array<{ points: Array<{ energyWh?: number }> }>) {
    const e = c.points.map((p) => p.energyWh).filter((v): v is number => v !== undefined);
    expect(e).toEqual([...e].sort((a, b) => a - b));
  }
  await page.goto(`${UI.split('#')[0]}#/meters?chargePointId=TRU-0005`);
  const energy = page.getByTestId('chart-energyWh');
  await expect(energy.locator('path.recharts-line-curve')).toHaveCount(2, { timeout: 20_000 });
  await expect(energy.getByTestId('chart-now')).toContainText('#1');
  await expect(energy.getByTestId('chart-now')).toContainText('#2');
  await expect(page.getByTestId('chart-powerW').locator('path.recharts-line-curve')).toHaveCount(2);
  await page.screenshot({ path: `${SHOTS}/22-meter-graphs-two-connectors.png` });
});

test('a power cut: unknown power, "open, charger offline since", counted apart; stop all ends the rest with StopTransaction', async () => {
  const txBefore = (await api('GET', '/api/transactions?chargePointId=TRU-0001&open=true')).items;
  expect(txBefore).toHaveLength(1);
  await page.goto(`${UI.split('#')[0]}#/chargers`);
  await page.getByLabel('Select TRU-0001').check();
  await page.getByLabel('How to stop').selectOption('powerCut');
  await page.getByRole('button', { name: /Stop selected/ }).click();
  const row = page.locator('[data-charger="TRU-0001"]');
  await expect(row.locator('.badge')).toHaveText('Offline', { timeout: 15_000 });
  await expect(row).toContainText('unknown');
  await page.screenshot({ path: `${SHOTS}/23-chargers-power-cut.png` });

  await page.goto(`${UI.split('#')[0]}#/charger/TRU-0001`);
  await expect(page.getByTestId('connector-1').getByTestId('connector-power')).toHaveText('unknown (offline)');
  await expect(page.getByTestId('connector-1').getByTestId('tx-offline')).toContainText(/open, charger offline since \d/);
  await expect(page.getByTestId('connection')).toContainText(/offline since \d/);

  await page.goto(`${UI.split('#')[0]}#/meters?chargePointId=TRU-0001`);
  await expect(page.getByTestId(`tx-${txBefore[0].id}`)).toBeVisible();
  await expect(page.locator('tr', { has: page.getByTestId(`tx-${txBefore[0].id}`) }).getByTestId('tx-offline')).toContainText('open, charger offline since');
  await expect(page.getByTestId('chart-powerW').getByTestId('chart-now')).toHaveText('unknown (offline)');

  const ov = await api('GET', '/api/overview');
  expect(ov.transactionsOpenOffline).toBeGreaterThanOrEqual(1);
  await page.getByRole('navigation', { name: 'Screens' }).getByRole('link', { name: 'Overview', exact: true }).click();
  await expect(page.getByTestId('tx-open-offline')).toContainText(`${ov.transactionsOpenOffline} open on offline chargers`);
  await page.screenshot({ path: `${SHOTS}/24-overview-open-offline.png` });

  // stop all, default mode: every running session ends with StopTransaction, then the chargers close
  const running = (await api('GET', '/api/transactions?open=true&limit=1000')).items.filter(
    (t: { chargePointId: string; chargerOnline: boolean }) => t.chargePointId.startsWith('TRU-') && t.chargerOnline,
  );
  expect(running.length).toBeGreaterThanOrEqual(3);
  await page.getByRole('navigation', { name: 'Screens' }).getByRole('link', { name: 'Chargers', exact: true }).click();
  await expect(page.getByLabel('How to stop')).toHaveValue('endSessions');
  await page.getByRole('button', { name: 'Stop all simulated' }).click();
  await expect(page.locator('[data-charger^="TRU-"] .badge', { hasNotText: 'Offline' })).toHaveCount(0, { timeout: 20_000 });
  for (const t of running) {
    const after = await api('GET', `/api/transactions/${t.id}`);
    expect(after).toMatchObject({ stopReason: 'Local', chargerOnline: false, chargerOfflineSince: null });
    expect(after.stoppedAt).toEqual(expect.any(String));
  }
  const stops = (await api('GET', '/api/messages?action=StopTransaction&limit=2000')).items.filter((e: { chargePointId: string }) =>
    e.chargePointId.startsWith('TRU-'),
  );
  expect(stops.length).toBe(running.length);
  const after = await api('GET', '/api/overview');
  expect(after.transactionsRunning).toBe(0);
  expect(after.transactionsOpenOffline).toBe(ov.transactionsOpenOffline);
});
