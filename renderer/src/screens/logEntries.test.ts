/**
 * The message log's merge of API pages and live frames, checked against the API itself: a real backend (fake clock)
 * runs traffic — charger CALLs, server CALLs that wait in the queue and move to their wire place, replies that
 * overtake the sent report, CALLs given up unsent — while the bench API services record every live event and
 * take pages at random moments. Whatever page the screen started from, and however many live frames it got twice,
 * the merged rows must equal the API's own listing at the end: each matching entry once, nothing else.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createHarness, BOOT, type Harness } from '../../../core/backend/testing/harness.js';
import { settle } from '../../../core/backend/testing/fakeClock.js';
import { createBenchApiServices } from '../../../core/app/benchApiServices.js';
import type { FrameView, LogEntry, LogPage } from '../../../core/api/types.js';
import type { LogFilter } from '../api/client.js';
import { FrameMemory, entryMatches, mergeLive, mergePage } from './logEntries.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

/** mulberry32, so a failure replays. */
function rng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const shape = (es: LogEntry[]) => es.map((e) => `${e.id}:${e.call?.id ?? '-'}/${e.call?.state ?? ''}:${e.reply?.id ?? '-'}`);

async function traffic(seed: number) {
  const harness = await createHarness();
  h = harness;
  const services = createBenchApiServices({
    backend: harness.backend,
    sim: null,
    transportStatus: () => ({ kind: 'in-process', connected: true }),
    ocppBaseUrl: 'ws://127.0.0.1:1/ocpp',
    dataDir: '/tmp',
  });
  const live: FrameView[] = [];
  services.subscribe((e) => e.kind === 'frame' && live.push(e.frame));
  /** API pages taken during the run, each with how many live frames had been emitted by then. */
  const pages: Array<{ filter: LogFilter; page: LogPage; emitted: number }> = [];
  const filters: LogFilter[] = [
    {},
    { chargePointId: 'CP2' },
    { action: 'ClearCache' },
    { direction: 'out' },
    { messageType: 'CALLRESULT' },
    { chargePointId: 'CP1', action: 'Heartbeat' },
  ];
  const query = (f: LogFilter, extra: { after?: number; limit: number }) =>
    services.messages.query({ chargePointId: f.chargePointId, action: f.action, direction: f.direction, messageType: f.messageType as never, ...extra });
  const rand = rng(seed);
  const cps = ['CP1', 'CP2', 'CP3'];
  for (const cp of cps) {
    await harness.connect(cp);
    await harness.call(cp, 'BootNotification', BOOT);
  }
  const open: Array<{ cp: string; messageId: string; sent: boolean; p: Promise<unknown> }> = [];
  for (let step = 0; step < 160; step++) {
    const cp = cps[Math.floor(rand() * cps.length)] as string;
    const r = rand();
    if (r < 0.35) await harness.call(cp, 'Heartbeat', {});
    else if (r < 0.5) await harness.call(cp, 'StatusNotification', { connectorId: 1, status: 'Available', errorCode: 'NoError' });
    else if (r < 0.62) {
      const p = harness.backend.sendCall(cp, 'ClearCache', {}, { delayMs: 1000 }).catch(() => undefined);
      await settle();
      const c = harness.calls(cp).at(-1)!;
      open.push({ cp, messageId: c.messageId, sent: false, p });
    } else if (open.length > 0) {
      const i = Math.floor(rand() * open.length);
      const o = open[i]!;
      const what = rand();
      if (!o.sent && what < 0.5) {
        await harness.event('callSent', o.cp, { messageId: o.messageId });
        o.sent = true;
      } else if (what < 0.85) {
        // a reply, with or without the sent report first (a reply that overtakes it)
        await harness.raw(o.cp, JSON.stringify([3, o.messageId, { status: 'Accepted' }]));
        open.splice(i, 1);
      } else {
        await harness.event('callFailed', o.cp, { messageId: o.messageId, reason: o.sent ? 'timeout' : 'disconnected', description: 'test' });
        open.splice(i, 1);
      }
    }
    await harness.clock.advance(Math.floor(rand() * 400));
    if (rand() < 0.15) {
      const filter = filters[Math.floor(rand() * filters.length)] as LogFilter;
      pages.push({ filter, page: query(filter, { limit: 2000 }), emitted: live.length });
    }
  }
  for (const f of filters) pages.push({ filter: f, page: query(f, { limit: 2000 }), emitted: live.length });
  return { live, pages, final: (f: LogFilter) => query(f, { limit: 2000 }).items };
}

describe('message log rows: API pages + live frames', () => {
  for (const seed of [1, 2, 3, 4, 5]) {
    it(`seed ${seed}: rows equal the API's listing whatever the page and however many frames came twice`, async () => {
      const { live, pages, final } = await traffic(seed);
      expect(live.some((f) => f.replacesId !== undefined && f.replacesId < 0)).toBe(true);
      const rand = rng(seed * 7919);
      for (const { filter, page, emitted } of pages) {
        // the page was read at `emitted`; the live stream may also deliver some frames it already has
        const overlap = Math.floor(rand() * Math.min(emitted, 40));
        const frames = live.slice(emitted - overlap);
        const memory = new FrameMemory();
        let rows = mergeLive(page.items, [], filter, memory);
        // batches of random size, some delivered twice
        for (let i = 0; i < frames.length;) {
          const n = 1 + Math.floor(rand() * 25);
          const batch = frames.slice(i, i + n);
          rows = mergeLive(rows, batch, filter, memory);
          if (rand() < 0.2) rows = mergeLive(rows, batch, filter, memory);
          i += n;
        }
        const expected = final(filter);
        expect(shape(rows), JSON.stringify(filter)).toEqual(shape(expected));
        expect(new Set(rows.map((r) => r.id)).size).toBe(rows.length);
        expect(rows.every((r) => entryMatches(filter, r))).toBe(true);
      }
    });
  }

  it('an older page merged in keeps one row per entry, newest first', async () => {
    const { final } = await traffic(9);
    const all = final({});
    const newer = all.slice(0, 120);
    const older = all.slice(100);
    const merged = mergePage(newer, older, {});
    expect(shape(merged)).toEqual(shape(all));
  });
});
