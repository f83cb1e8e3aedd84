/**
 * Live stream batching: a burst of events becomes one batch per flush, charger updates are coalesced per
 * charger, frames are filtered per client and capped with a dropped count. The services here are a small
 * in-memory stand-in for the port (the full path runs against a real bench in api.test.ts).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { LiveStream } from './liveStream.js';
import type { ApiServices, LiveEvent } from './services.js';
import type { ChargerSummary, FrameView, LiveBatch } from './types.js';

function servicesWith(listeners: Set<(e: LiveEvent) => void>, summaryCalls: string[][]): ApiServices {
  const summary = (id: string): ChargerSummary => ({
    id,
    connected: true,
    state: 'Available',
    vendor: null,
    model: null,
    firmware: null,
    connectors: [],
    lastSeenAt: null,
    simulated: false,
    profile: null,
    powerW: null,
    protocol: 'ocpp1.6',
  });
  return {
    chargers: { summaries: (ids: string[]) => (summaryCalls.push(ids), ids.map(summary)) },
    counters: () => ({ messagesPerSec: 0, messagesTotal: 0, connected: 0, transactionsRunning: 0 }),
    subscribe: (l: (e: LiveEvent) => void) => (listeners.add(l), () => listeners.delete(l)),
  } as unknown as ApiServices;
}

const frame = (id: number, chargePointId: string, action = 'Heartbeat'): FrameView => ({
  id,
  chargePointId,
  direction: 'in',
  messageType: 'CALL',
  messageId: String(id),
  action,
  at: new Date().toISOString(),
  payload: {},
  errorCode: null,
  errorDescription: null,
});

let server: Server | undefined;
let live: LiveStream | undefined;
afterEach(async () => {
  live?.close();
  await new Promise((r) => server?.close(r) ?? r(null));
});

async function setup(opts: { maxFramesPerBatch?: number } = {}) {
  const listeners = new Set<(e: LiveEvent) => void>();
  const summaryCalls: string[][] = [];
  live = new LiveStream(servicesWith(listeners, summaryCalls), { flushMs: 60_000, ...opts });
  server = createServer();
  const wss = new WebSocketServer({ server });
  wss.on('connection', (ws) => live!.attach(ws));
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  const client = async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}`);
    const batches: LiveBatch[] = [];
    ws.on('message', (d) => {
      const m = JSON.parse(String(d)) as LiveBatch;
      if (m.type === 'batch') batches.push(m);
    });
    await new Promise((r) => ws.once('message', r)); // hello
    return { ws, batches };
  };
  const emit = (e: LiveEvent) => listeners.forEach((l) => l(e));
  const flushAndWait = async (n: number, batches: LiveBatch[]) => {
    live!.flush();
    for (let i = 0; i < 100 && batches.length < n; i++) await new Promise((r) => setTimeout(r, 10));
  };
  return { client, emit, flushAndWait, summaryCalls };
}

describe('LiveStream', () => {
  it('coalesces a burst of charger events into one summary per charger in one batch', async () => {
    const { client, emit, flushAndWait, summaryCalls } = await setup();
    const a = await client();
    for (let i = 0; i < 10_000; i++) emit({ kind: 'charger', chargePointId: `CP-${i % 1000}` });
    await flushAndWait(1, a.batches);
    expect(a.batches).toHaveLength(1);
    expect(a.batches[0]!.chargers).toHaveLength(1000);
    expect(a.batches[0]!.eventsCoalesced).toBe(10_000);
    expect(summaryCalls).toHaveLength(1);
    a.ws.close();
  });

  it('filters frames per client and caps them per batch with a dropped count', async () => {
    const { client, emit, flushAndWait } = await setup({ maxFramesPerBatch: 50 });
    const all = await client();
    const one = await client();
    const none = await client();
    all.ws.send(JSON.stringify({ type: 'subscribe', frames: {} }));
    one.ws.send(JSON.stringify({ type: 'subscribe', frames: { chargePointId: 'CP-7', action: 'MeterValues' } }));
    await new Promise((r) => setTimeout(r, 50));
    for (let i = 1; i <= 200; i++) emit({ kind: 'frame', frame: frame(i, `CP-${i % 10}`, i % 2 ? 'MeterValues' : 'Heartbeat') });
    await flushAndWait(1, none.batches);
    await flushAndWait(1, all.batches);
    await flushAndWait(1, one.batches);
    const b = all.batches[0]!;
    expect(b.frames).toHaveLength(50);
    expect(b.framesDropped).toBe(150);
    expect(b.frames.at(-1)!.id).toBe(200); // newest kept
    expect(one.batches[0]!.frames.every((f) => f.chargePointId === 'CP-7' && f.action === 'MeterValues')).toBe(true);
    expect(one.batches[0]!.frames).toHaveLength(20);
    expect(none.batches[0]!.frames).toHaveLength(0);
    for (const c of [all, one, none]) c.ws.close();
  });

  it('sends AutoRemoteStart decisions only to clients that subscribed, for their charger', async () => {
    const { client, emit, flushAndWait } = await setup();
    const one = await client();
    const all = await client();
    const none = await client();
    one.ws.send(JSON.stringify({ type: 'subscribe', autoRemoteStarts: { chargePointId: 'CP-1' } }));
    all.ws.send(JSON.stringify({ type: 'subscribe', autoRemoteStarts: {} }));
    await new Promise((r) => setTimeout(r, 50));
    for (const chargePointId of ['CP-1', 'CP-2', 'CP-1']) {
      emit({
        kind: 'autoRemoteStart',
        decision: {
          chargePointId,
          connectorId: 1,
          at: new Date().toISOString(),
          outcome: 'notSent',
          reason: 'transactionStarted',
          idTag: 'CHARGEBENCH',
          detail: 'StartTransaction arrived first',
        },
      });
    }
    for (const c of [one, all, none]) await flushAndWait(1, c.batches);
    expect(one.batches[0]!.autoRemoteStarts.map((d) => d.chargePointId)).toEqual(['CP-1', 'CP-1']);
    expect(all.batches[0]!.autoRemoteStarts).toHaveLength(3);
    expect(none.batches[0]!.autoRemoteStarts).toEqual([]);
    for (const c of [one, all, none]) c.ws.close();
  });

  it('answers a malformed subscription with an error and keeps the connection', async () => {
    const { client } = await setup();
    const a = await client();
    const reply = new Promise<string>((r) => a.ws.once('message', (d) => r(String(d))));
    a.ws.send('not json');
    expect(JSON.parse(await reply)).toMatchObject({ type: 'error' });
    expect(a.ws.readyState).toBe(WebSocket.OPEN);
    a.ws.close();
  });
});
