/**
 * Seeded fuzz of what a hostile or broken charger can send (issue 16): deep nesting, huge and absurd numbers,
 * truncated frames, garbage, stray replies, odd (valid) charger ids — through real websockets into a whole bench
 * with a live-stream subscriber attached. The process must stay up, every CALL whose id is readable is answered on
 * that id (garbage on "-1", replies never), every frame is stored, and every one is readable through the API
 * (log pages, by id, export). Bounded: a few hundred frames, a few seconds. FUZZ_SEED=n replays a run.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startBench, type BenchHandle } from './bench.js';
import { connectCharger, type TestCharger } from '../edge/testing/wsClient.js';
import type { FrameView, LiveBatch, LogPage } from '../api/types.js';

const SEED = Number(process.env.FUZZ_SEED ?? 20261201);
const FRAMES_PER_CHARGER = 50;
const CHARGERS = ['FUZZ|1', 'fuzz~2', '...', 'a.b@c*d+e', 'Z'.repeat(48), 'F-6'];

/** mulberry32 */
function prng(seed: number): () => number {
  let s = seed | 0;
  return () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Case {
  text: string;
  /** The id the answer must carry, or null when no answer may come (a reply from the charger). */
  answer: string | null;
  kind: string;
}

function generator(rand: () => number) {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
  const int = (lo: number, hi: number): number => lo + Math.floor(rand() * (hi - lo + 1));
  const nested = (depth: number, inner = '1'): string => `${'['.repeat(depth)}${inner}${']'.repeat(depth)}`;
  const deepObj = (depth: number): string => `${'{"a":'.repeat(depth)}0${'}'.repeat(depth)}`;
  const absurd = ['1e300', '-1', '2147483648', '-2147483649', '1.5', '-0', '1e-300', '9007199254740993', '0', '123456789012345678901234567890'];
  const weird = ['""', '"\\u0000\\u001f"', '"😀\\ud83d"', `"${'x'.repeat(int(1, 5000))}"`, 'null', 'true', '[]', '{}', '"\\\\\\""'];
  let n = 0;
  return (): Case => {
    const id = `f${++n}-${int(0, 1e6)}`;
    const r = rand();
    if (r < 0.2) {
      // deep nesting in a field of an otherwise plausible CALL
      const depth = int(65, 12_000);
      const value = rand() < 0.5 ? nested(depth) : deepObj(depth);
      return { text: `[2,"${id}","${pick(['Heartbeat', 'DataTransfer', 'MeterValues', 'BootNotification'])}",{"x":${value}}]`, answer: id, kind: 'deep' };
    }
    if (r < 0.45) {
      // absurd numbers where OCPP wants integers
      const num = pick(absurd);
      const action = pick(['StatusNotification', 'StartTransaction', 'MeterValues', 'StopTransaction']);
      const payload =
        action === 'StatusNotification'
          ? `{"connectorId":${num},"status":"Available","errorCode":"NoError"}`
          : action === 'StartTransaction'
            ? `{"connectorId":${pick(absurd)},"idTag":"T","meterStart":${num},"timestamp":"2026-01-01T00:00:00Z"}`
            : action === 'MeterValues'
              ? `{"connectorId":1,"transactionId":${num},"meterValue":[{"timestamp":"2026-01-01T00:00:00Z","sampledValue":[{"value":"1"}]}]}`
              : `{"transactionId":${num},"meterStop":${pick(absurd)},"timestamp":"2026-01-01T00:00:00Z"}`;
      return { text: `[2,"${id}","${action}",${payload}]`, answer: id, kind: 'numbers' };
    }
    if (r < 0.6) {
      // a well-formed CALL cut short after its id
      const full = `[2,"${id}","DataTransfer",{"vendorId":"V","data":${pick(weird)}}]`;
      const head = `[2,"${id}",`.length;
      let cut = int(head, full.length - 1);
      const c = full.charCodeAt(cut - 1);
      if (c >= 0xd800 && c <= 0xdbff) cut--; // a websocket carries UTF-8: half a surrogate pair would arrive as U+FFFD
      return { text: full.slice(0, cut), answer: id, kind: 'truncated' };
    }
    if (r < 0.7) {
      // a reply nobody asked for, well-formed or broken: stored, never answered
      const body = pick([`[3,"${id}",{}]`, `[4,"${id}","GenericError","x",{}]`, `[3,"${id}",{"a":${nested(int(100, 5000))}}]`, `[3,"${id}",{`]);
      return { text: body, answer: null, kind: 'reply' };
    }
    if (r < 0.8) {
      // garbage: not JSON, or JSON that is no frame
      return {
        text: pick(['{{{', 'null', '"str"', '42', `{"x":${nested(int(10, 3000))}}`, '\u0000\u0001', 'x'.repeat(int(1, 2000))]),
        answer: '-1',
        kind: 'garbage',
      };
    }
    // plausible CALLs with odd strings and unknown actions
    const action = pick(['Heartbeat', 'MakeCoffee', 'Authorize', 'DataTransfer']);
    const payload =
      action === 'Authorize' ? `{"idTag":${pick(weird)}}` : action === 'DataTransfer' ? `{"vendorId":${pick(weird)},"data":${pick(weird)}}` : `{}`;
    return { text: `[2,"${id}","${action}",${payload}]`, answer: id, kind: 'odd' };
  };
}

let bench: BenchHandle;
beforeAll(async () => {
  bench = await startBench({ memory: true, ocppPort: 0, uiPort: 0, rendererDir: null, live: { flushMs: 25 }, env: {} });
});
afterAll(async () => {
  await bench?.stop();
});

const api = async <T>(path: string): Promise<{ status: number; body: T }> => {
  const res = await fetch(`${bench.apiUrl}${path}`, { headers: { authorization: `Bearer ${bench.token}` } });
  const text = await res.text();
  return { status: res.status, body: (res.status === 200 && !path.includes('.ndjson') ? JSON.parse(text) : text) as T };
};

describe(`hostile-input fuzz (seed ${SEED})`, () => {
  it('stays up, answers every CALL on its id, stores every frame and serves each through the API', async () => {
    const live = new WebSocket(`${bench.apiUrl.replace('http', 'ws')}/api/live?token=${bench.token}`, { headers: { origin: bench.apiUrl } });
    const liveFrames: FrameView[] = [];
    let liveClosed = false;
    live.on('message', (d) => {
      const m = JSON.parse(String(d)) as LiveBatch;
      if (m.type === 'batch') liveFrames.push(...m.frames);
    });
    live.on('close', () => (liveClosed = true));
    await new Promise((r) => live.once('message', r));
    live.send(JSON.stringify({ type: 'subscribe', frames: {} }));

    const rand = prng(SEED);
    const next = generator(rand);
    const sent = new Map<string, Case[]>();
    await Promise.all(
      CHARGERS.map(async (id) => {
        const c: TestCharger = await connectCharger(`${bench.ocppUrl}/${encodeURIComponent(id)}`);
        const cases: Case[] = [];
        sent.set(id, cases);
        for (let i = 0; i < FRAMES_PER_CHARGER; i++) {
          const k = next();
          cases.push(k);
          c.send(k.text);
          if (k.answer !== null) {
            const reply = await c.next(5000).catch((err: Error) => {
              throw new Error(`seed ${SEED}, ${id}: no answer to ${k.kind} frame ${JSON.stringify(k.text.slice(0, 120))}: ${err.message}`);
            });
            expect([4, 3], `${k.kind} ${k.text.slice(0, 80)}`).toContain(reply[0]);
            expect(reply[1], `seed ${SEED}: ${k.kind} frame ${JSON.stringify(k.text.slice(0, 120))}`).toBe(k.answer);
          }
        }
        // nothing more came: replies were not answered
        c.send([2, 'probe', 'Heartbeat', {}]);
        expect((await c.next(5000))[1]).toBe('probe');
        expect(c.received).toEqual([]);
        await c.close();
      }),
    );

    // the process is up and the live subscriber was never dropped
    expect((await api('/api/overview')).status).toBe(200);
    await new Promise((r) => setTimeout(r, 100));
    expect(liveClosed).toBe(false);
    expect(liveFrames.filter((f) => f.direction === 'in').length).toBeGreaterThan(0);

    // every frame stored and readable: log pages per charger, each frame by id
    for (const [id, cases] of sent) {
      const page = await api<LogPage>(`/api/messages?chargePointId=${encodeURIComponent(id)}&limit=2000`);
      expect(page.status, id).toBe(200);
      const inbound = page.body.items.flatMap((e) => [e.call, e.reply]).filter((f): f is FrameView => f !== null && f.direction === 'in');
      expect(inbound.length, `${id}: inbound frames stored`).toBe(cases.length + 1);
      for (const f of inbound) {
        const one = await api<FrameView>(`/api/messages/${f.id}`);
        expect(one.status, `frame ${f.id}`).toBe(200);
        expect(typeof one.body.raw).toBe('string');
      }
      const rawTexts = new Set(await Promise.all(inbound.map(async (f) => (await api<FrameView>(`/api/messages/${f.id}`)).body.raw)));
      for (const k of cases) expect(rawTexts.has(k.text), `seed ${SEED}: ${k.kind} frame stored verbatim`).toBe(true);
    }
    // and the export: one parseable line per frame
    const exp = await api<string>('/api/export/messages.ndjson');
    expect(exp.status).toBe(200);
    const lines = exp.body.trim().split('\n');
    const total = [...sent.values()].reduce((n, cs) => n + cs.length + 1, 0);
    expect(lines.filter((l) => (JSON.parse(l) as { direction: string }).direction === 'in')).toHaveLength(total);
    live.close();
  }, 60_000);
});
