/**
 * The GUI under load: 1,000 live simulated chargers (a session each, 10 s meter interval) against an in-process
 * bench, plus 4,000 stored offline chargers so the Chargers table has 5,000 rows. Measures the live stream
 * (batches/s, events coalesced per batch, bytes per batch) and the renderer's frame times in headless
 * Chromium while the table scrolls and while the message log tails.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import WebSocket from 'ws';
import { startBench } from '../core/app/bench.js';
import type { LiveBatch } from '../core/api/types.js';

const LIVE = Number(process.env.UI_BENCH_CHARGERS ?? 1000);
const STORED = Number(process.env.UI_BENCH_STORED ?? 4000);
const dir = mkdtempSync(join(tmpdir(), 'chargebench-uibench-'));
const rendererDir = join(dir, 'renderer');
const build = spawnSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'error', '--outDir', rendererDir, '--emptyOutDir'], {
  stdio: 'inherit',
});
if (build.status !== 0) throw new Error('vite build failed');

const bench = await startBench({ dataDir: join(dir, 'data'), ocppPort: 0, uiPort: 0, rendererDir, env: {} });
const now = new Date().toISOString();
bench.serve.store.transaction(() => {
  for (let i = 1; i <= STORED; i++) bench.serve.store.chargePoints.ensure(`OLD-${String(i).padStart(5, '0')}`, now);
});

/** fetch with a few retries: on a loaded machine a keep-alive socket can be reset under us. */
async function fetchRetry(url: string, init?: RequestInit): Promise<Response> {
  for (let i = 0; ; i++) {
    try {
      return await fetch(url, init);
    } catch (err) {
      if (i >= 3) throw err;
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}
const t0 = performance.now();
bench.fleet.subscribe(() => undefined, { kinds: [] });
const job = await fetchRetry(`${bench.apiUrl}/api/simulator/spawn`, {
  method: 'POST',
  headers: { authorization: `Bearer ${bench.token}`, 'content-type': 'application/json' },
  body: JSON.stringify({ count: LIVE, profile: 'reference', rampPerSec: 250, idPrefix: 'LOAD-', autoSessions: true, meterIntervalS: 10 }),
}).then((r) => r.json() as Promise<{ id: string }>);
for (;;) {
  const jobs = (await fetchRetry(`${bench.apiUrl}/api/simulator/jobs`, { headers: { authorization: `Bearer ${bench.token}` } }).then((r) =>
    r.json(),
  )) as Array<{ id: string; connected: number; done: boolean }>;
  const j = jobs.find((x) => x.id === job.id);
  if (j?.done || performance.now() - t0 > 120_000) {
    console.log(`spawned ${j?.connected}/${LIVE} live chargers in ${((performance.now() - t0) / 1000).toFixed(1)} s (+${STORED} stored offline chargers)`);
    break;
  }
  await new Promise((r) => setTimeout(r, 500));
}
// Make them busy: a session on connector 1 of every charger (meter values every 10 s each)
const startT = performance.now();
const ids = bench.fleet.ids();
for (let i = 0; i < ids.length; i += 200) {
  await Promise.all(
    ids.slice(i, i + 200).map((id) =>
      bench.fleet
        .act(id, { type: 'plug', connectorId: 1 })
        .then(() => bench.fleet.act(id, { type: 'start', connectorId: 1, idTag: 'LOAD' }))
        .catch(() => undefined),
    ),
  );
}
console.log(`started ${ids.length} sessions in ${((performance.now() - startT) / 1000).toFixed(1)} s`);
await new Promise((r) => setTimeout(r, 5000)); // let sessions get going

// Live stream as the renderer sees it (all chargers, every frame)
const ws = new WebSocket(`${bench.apiUrl.replace('http', 'ws')}/api/live?token=${bench.token}`, { origin: bench.apiUrl });
const batches: Array<{ at: number; bytes: number; b: LiveBatch }> = [];
ws.on('message', (d) => {
  const text = String(d);
  const b = JSON.parse(text) as LiveBatch;
  if (b.type === 'batch') batches.push({ at: performance.now(), bytes: text.length, b });
});
await new Promise((r) => ws.once('open', r));
ws.send(JSON.stringify({ type: 'subscribe', frames: {}, chargers: true }));
const WINDOW_S = 10;
await new Promise((r) => setTimeout(r, WINDOW_S * 1000));
ws.close();
const events = batches.reduce((a, x) => a + x.b.eventsCoalesced, 0);
const frames = batches.reduce((a, x) => a + x.b.frames.length, 0);
const dropped = batches.reduce((a, x) => a + x.b.framesDropped, 0);
const chargerUpdates = batches.reduce((a, x) => a + x.b.chargers.length, 0);
const bytes = batches.reduce((a, x) => a + x.bytes, 0);
console.log(`\nlive stream over ${WINDOW_S} s with ${LIVE} busy chargers:`);
console.log(
  `  ${(batches.length / WINDOW_S).toFixed(1)} batches/s (flush every ${bench.api.live.flushMs} ms), ${(events / WINDOW_S).toFixed(0)} backend/sim events/s coalesced into them`,
);
console.log(
  `  per batch: ${(events / batches.length).toFixed(0)} events → ${(chargerUpdates / batches.length).toFixed(0)} charger updates, ${(frames / batches.length).toFixed(0)} frames (${dropped} dropped over the cap), ${(bytes / batches.length / 1024).toFixed(1)} KiB`,
);
console.log(`  ${(frames / WINDOW_S).toFixed(0)} log frames/s delivered to the UI`);

// Renderer frame times in headless Chromium
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run', '--disable-sync'],
});
const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
await page.addInitScript('window.__name = (f) => f'); // tsx keeps function names with a helper the page lacks
await page.goto(bench.uiUrl, { timeout: 120_000, waitUntil: 'domcontentloaded' });
page.setDefaultTimeout(120_000);
await page.getByRole('link', { name: 'Chargers', exact: true }).click();
await page.locator('[data-charger]').first().waitFor();
await page.waitForFunction(() => document.querySelector('[data-testid="charger-count"]')?.textContent?.includes('chargers'));
const count = await page.getByTestId('charger-count').textContent();

async function frameTimes(scroll: boolean): Promise<{ p50: number; p95: number; max: number; fps: number; longTasks: number }> {
  return page.evaluate(
    async ({ scroll, ms }) => {
      const el = document.querySelector('[data-testid="charger-rows"], [data-testid="log-rows"], .seq-body') as HTMLElement | null;
      let long = 0;
      const obs = new PerformanceObserver((l) => (long += l.getEntries().length));
      try {
        obs.observe({ type: 'longtask', buffered: false });
      } catch {
        /* not supported */
      }
      const deltas: number[] = [];
      await new Promise<void>((resolve) => {
        const start = performance.now();
        let last = start;
        const tick = (t: number) => {
          deltas.push(t - last);
          last = t;
          if (scroll && el) el.scrollTop = (el.scrollTop + 120) % Math.max(1, el.scrollHeight - el.clientHeight);
          if (t - start < ms) requestAnimationFrame(tick);
          else resolve();
        };
        requestAnimationFrame(tick);
      });
      obs.disconnect();
      deltas.shift();
      deltas.sort((a, b) => a - b);
      const q = (p: number) => deltas[Math.min(deltas.length - 1, Math.floor(p * deltas.length))] ?? 0;
      return { p50: q(0.5), p95: q(0.95), max: deltas[deltas.length - 1] ?? 0, fps: deltas.length / (ms / 1000), longTasks: long };
    },
    { scroll, ms: 8000 },
  );
}

const fmt = (r: { p50: number; p95: number; max: number; fps: number; longTasks: number }) =>
  `frame time p50 ${r.p50.toFixed(1)} ms, p95 ${r.p95.toFixed(1)} ms, max ${r.max.toFixed(0)} ms, ${r.fps.toFixed(0)} fps, ${r.longTasks} long tasks`;
console.log(`\nrenderer (headless Chromium, software rendering, 1280×800, 2 shared cores):`);
console.log(`  Chargers table, ${count}, live updates, idle:      ${fmt(await frameTimes(false))}`);
console.log(`  Chargers table, ${count}, scrolling 120 px/frame:  ${fmt(await frameTimes(true))}`);
await page.getByRole('link', { name: 'Message log', exact: true }).click();
await page.locator('[data-testid="log-rows"] [role="row"]').first().waitFor();
console.log(`  Message log, live tail of all chargers:              ${fmt(await frameTimes(false))}`);

// Observability views (#12): the Overview's live fleet charts and a charger's live sequence view, against a
// reference measured in this run on the same page load: the Settings screen (static forms, no live drawing).
await page.getByRole('link', { name: 'Settings', exact: true }).click();
await page.getByRole('heading', { name: 'Settings' }).waitFor();
const ref = await frameTimes(false);
console.log(`  reference: Settings screen (static):                ${fmt(ref)}`);
await page.getByRole('link', { name: 'Overview', exact: true }).click();
await page.getByTestId('fleet-charts').waitFor({ timeout: 60_000 });
const points = await page.evaluate(
  () => document.querySelectorAll('[data-testid="fleet-charts"] .recharts-area-area, [data-testid="fleet-charts"] .recharts-line-curve').length,
);
const charts = await frameTimes(false);
console.log(`  Overview fleet charts (${points} series drawn), live:   ${fmt(charts)}`);
const firstLive = ids[0] ?? 'LOAD-0001';
await page.goto(`${bench.uiUrl.split('#')[0]}#/charger/${firstLive}`);
await page.locator('[data-testid="sequence"] [data-outcome]').first().waitFor();
const rows = await page.locator('[data-testid="sequence"] [data-outcome]').count();
const seqIdle = await frameTimes(false);
console.log(`  Sequence view of ${firstLive} (${rows} rows drawn), live:  ${fmt(seqIdle)}`);
const seqScroll = await frameTimes(true);
console.log(`  Sequence view, scrolling 120 px/frame:              ${fmt(seqScroll)}`);
const ratio = (r: { p95: number; fps: number }) => `p95 ×${(r.p95 / Math.max(0.1, ref.p95)).toFixed(2)}, fps ×${(r.fps / Math.max(0.1, ref.fps)).toFixed(2)}`;
console.log(`  against the reference: fleet charts ${ratio(charts)}; sequence live ${ratio(seqIdle)}; sequence scrolling ${ratio(seqScroll)}`);

await browser.close();
await bench.stop();
rmSync(dir, { recursive: true, force: true });
