/**
 * A charger frame of any shape must not crash the bench nor break the message log (issue 16, defects 1 and 2):
 * a CALL nested ~5,000 levels deep is answered, stored, carried by the live stream, listed by every log page,
 * opened by id and exported (also to a slow reader), before and after a restart on the same data folder.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startBench, type BenchHandle } from '../app/bench.js';
import { connectCharger } from '../edge/testing/wsClient.js';
import type { FrameView, LiveBatch, LogPage } from './types.js';

const DEPTH = 5000;
const deepCall = `[2,"deep-1","DataTransfer",{"vendorId":"x","data":${'['.repeat(DEPTH)}${']'.repeat(DEPTH)}}]`;
const deepReplyLike = `{"x":${'['.repeat(DEPTH)}${']'.repeat(DEPTH)}}`;

let dir: string;
let bench: BenchHandle;

async function get(path: string): Promise<{ status: number; text: string }> {
  const res = await fetch(`${bench.apiUrl}${path}`, { headers: { authorization: `Bearer ${bench.token}` } });
  return { status: res.status, text: await res.text() };
}

/** Reads the export slowly (paused socket, small reads) so the server has to wait for drain. */
function slowExport(): Promise<{ status: number; body: string }> {
  const u = new URL(bench.apiUrl);
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: Number(u.port), path: '/api/export/messages.ndjson', headers: { authorization: `Bearer ${bench.token}` } },
      (res) => {
        const chunks: Buffer[] = [];
        res.pause();
        const tick = setInterval(() => {
          let c: Buffer | null;
          while ((c = res.read(4096) as Buffer | null) !== null) chunks.push(c);
        }, 5);
        res.on('end', () => {
          clearInterval(tick);
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') });
        });
        res.on('readable', () => {});
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end();
  });
}

async function liveSubscriber(): Promise<{ ws: WebSocket; frames: FrameView[] }> {
  const ws = new WebSocket(`${bench.apiUrl.replace('http', 'ws')}/api/live?token=${bench.token}`, { headers: { origin: bench.apiUrl } });
  const frames: FrameView[] = [];
  ws.on('message', (d) => {
    const m = JSON.parse(String(d)) as LiveBatch;
    if (m.type === 'batch') frames.push(...m.frames);
  });
  await new Promise((r) => ws.once('message', r)); // hello
  ws.send(JSON.stringify({ type: 'subscribe', frames: {} }));
  return { ws, frames };
}

async function until<T>(what: string, fn: () => T | undefined | null | false | Promise<T | undefined | null | false>, timeoutMs = 10_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

function expectReadableLog(page: LogPage): void {
  const deep = page.items.find((e) => e.call?.messageId === 'deep-1');
  expect(deep, 'the deep CALL is listed').toBeDefined();
  expect(deep!.reply?.messageType).toBe('CALLERROR');
  expect(deep!.call!.note).toMatch(/nested deeper than/);
  expect(deep!.call!.raw?.startsWith('[2,"deep-1","DataTransfer"')).toBe(true);
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'chargebench-hostile-'));
  bench = await startBench({ dataDir: dir, ocppPort: 0, uiPort: 0, rendererDir: null, live: { flushMs: 30 }, env: {} });
});
afterAll(async () => {
  await bench?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('a deeply nested frame', () => {
  it('is answered, carried by the live stream and readable through every log page, by id and in the export', async () => {
    const sub = await liveSubscriber();
    const cp = await connectCharger(`${bench.ocppUrl}/DEEP-1`);
    cp.send([2, 'b1', 'BootNotification', { chargePointVendor: 'V', chargePointModel: 'M' }]);
    expect((await cp.next())[0]).toBe(3);
    cp.send(deepCall);
    const answer = await cp.next();
    expect(answer.slice(0, 2)).toEqual([4, 'deep-1']);
    cp.send(`[2,"deep-2","Heartbeat",${deepReplyLike}]`);
    expect((await cp.next()).slice(0, 2)).toEqual([4, 'deep-2']);

    // the live stream carried it (bounded) and the process is still up
    const live = await until('the deep frame on the live stream', () => sub.frames.find((f) => f.messageId === 'deep-1' && f.direction === 'in'));
    expect(live.note).toMatch(/nested deeper than/);
    expect(JSON.stringify(live).length).toBeLessThan(80_000);
    cp.send([2, 'after', 'Heartbeat', {}]);
    expect((await cp.next()).slice(0, 2)).toEqual([3, 'after']);

    for (const q of ['', '?chargePointId=DEEP-1', '?action=DataTransfer', '?messageType=CALLERROR', '?q=deep-1']) {
      const r = await get(`/api/messages${q}`);
      expect(r.status, `GET /api/messages${q}`).toBe(200);
      if (q !== '?messageType=CALLERROR') expectReadableLog(JSON.parse(r.text) as LogPage);
    }
    const page = JSON.parse((await get('/api/messages?chargePointId=DEEP-1')).text) as LogPage;
    const id = page.items.find((e) => e.call?.messageId === 'deep-1')!.call!.id;
    const one = await get(`/api/messages/${id}`);
    expect(one.status).toBe(200);
    const frame = JSON.parse(one.text) as FrameView;
    expect(frame.raw).toBe(deepCall); // the whole raw text when opened by id (it is small)

    const exp = await slowExport();
    expect(exp.status).toBe(200);
    const lines = exp.body
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { messageId: string; frame: unknown });
    const exported = lines.find((l) => l.messageId === 'deep-1' && typeof l.frame === 'string');
    expect(exported?.frame).toBe(deepCall); // too deep to nest in the line: the raw text, verbatim
    expect(lines.filter((l) => l.messageId === 'after')).toHaveLength(2);
    sub.ws.close();
    await cp.close();
  });

  it('stays readable after a restart on the same data folder', async () => {
    await bench.stop();
    bench = await startBench({ dataDir: dir, ocppPort: 0, uiPort: 0, rendererDir: null, live: { flushMs: 30 }, env: {} });
    const r = await get('/api/messages');
    expect(r.status).toBe(200);
    expectReadableLog(JSON.parse(r.text) as LogPage);
    expect((await get('/api/messages?chargePointId=DEEP-1')).status).toBe(200);
    expect((await slowExport()).status).toBe(200);
  });
});
