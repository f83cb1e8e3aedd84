import { afterEach, describe, expect, it } from 'vitest';
import { createInProcessTransport } from '../transport/inProcess.js';
import type { EdgeEvent } from '../transport/types.js';
import { startEdge, type Edge } from './edge.js';
import type { EdgeOptions } from './options.js';
import { staticChargerDirectory } from './chargerDirectory.js';
import { hashPassword } from './passwords.js';
import { connectCharger, handshakeStatus, rawHandshake, waitFor } from './testing/wsClient.js';

/** A scripted backend: records events, answers every CALL with an empty CALLRESULT, or as told. */
function scriptedBackend(answer: (event: Extract<EdgeEvent, { kind: 'frame' }>) => string | null = defaultAnswer) {
  const transport = createInProcessTransport();
  const events: EdgeEvent[] = [];
  void transport.backend.start(async (event) => {
    events.push(event);
    if (event.kind === 'frame') {
      const reply = answer(event);
      if (reply) await transport.backend.send({ kind: 'send', chargePointId: event.chargePointId, connectionId: event.connectionId, text: reply });
    }
  });
  return { transport, events, backend: transport.backend };
}

function defaultAnswer(event: Extract<EdgeEvent, { kind: 'frame' }>): string | null {
  try {
    const f = JSON.parse(event.text) as unknown[];
    if (f[0] === 2) return JSON.stringify([3, f[1], {}]);
    return null;
  } catch {
    return JSON.stringify([4, '-1', 'FormationViolation', 'not JSON', {}]);
  }
}

const edges: Edge[] = [];
async function edgeWith(transport: ReturnType<typeof createInProcessTransport>, opts: Partial<EdgeOptions> = {}, edgeId = 'edge-1'): Promise<Edge> {
  const edge = await startEdge({ transport: transport.createEdgeTransport(edgeId), host: '127.0.0.1', port: 0, ...opts });
  edges.push(edge);
  return edge;
}
afterEach(async () => {
  await Promise.all(edges.splice(0).map((e) => e.close()));
});

describe('edge paths and handshake', () => {
  it('accepts /ocpp/{id}, /{id} and /ws/{id}, URL-decoding the id', async () => {
    const b = scriptedBackend();
    const edge = await edgeWith(b.transport);
    for (const path of ['/ocpp/CP%2D1', '/CP-2', '/ws/CP-3']) {
      const c = await connectCharger(edge.url + path);
      c.send([2, 'm1', 'Heartbeat', {}]);
      expect(await c.next()).toEqual([3, 'm1', {}]);
      await c.close();
    }
    await waitFor(() => b.events.filter((e) => e.kind === 'disconnect').length === 3);
    expect(b.events.filter((e) => e.kind === 'connect').map((e) => e.chargePointId)).toEqual(['CP-1', 'CP-2', 'CP-3']);
  });

  it('refuses bad ids with 400 and unknown paths with 404', async () => {
    const b = scriptedBackend();
    const edge = await edgeWith(b.transport);
    const tooLong = await handshakeStatus(`${edge.url}/ocpp/${'x'.repeat(49)}`);
    expect(tooLong.status).toBe(400);
    expect(tooLong.body).toMatch(/at most 48/);
    expect((await handshakeStatus(`${edge.url}/ocpp/bad%20id`)).status).toBe(400);
    expect((await handshakeStatus(`${edge.url}/ocpp/a/b`)).status).toBe(404);
    expect((await handshakeStatus(`${edge.url}/`)).status).toBe(404);
  });

  it('selects ocpp1.6, refuses only-unsupported protocols, accepts none unless strict', async () => {
    const b = scriptedBackend();
    const edge = await edgeWith(b.transport);
    const c = await connectCharger(`${edge.url}/ocpp/CP1`, ['ocpp2.0.1', 'ocpp1.6']);
    expect(c.ws.protocol).toBe('ocpp1.6');
    await c.close();
    // Only unsupported versions: no subprotocol selected, then closed (RFC 6455 §4.2.2, OCPP-J).
    const refused = await rawHandshake(`${edge.url}/ocpp/CP1`, ['ocpp2.1']);
    expect(refused.status).toBe(101);
    expect(refused.headers['sec-websocket-protocol']).toBeUndefined();
    expect(refused.close).toMatchObject({ code: 1002, reason: expect.stringMatching(/Unsupported subprotocol/) });
    const none = await connectCharger(`${edge.url}/ocpp/GRIZZLE`, []);
    expect(none.ws.protocol).toBe('');
    await none.close();
    await waitFor(() => b.events.some((e) => e.kind === 'connect' && e.chargePointId === 'GRIZZLE'));
    expect(b.events.find((e) => e.kind === 'connect' && e.chargePointId === 'GRIZZLE')).toMatchObject({ subprotocol: null });

    const strict = await edgeWith(b.transport, { requireSubprotocol: true }, 'edge-strict');
    const s = await handshakeStatus(`${strict.url}/ocpp/GRIZZLE`, []);
    expect(s.status).toBe(400);
    expect(s.body).toMatch(/strict mode/);
  });

  it('answers GET /health and explains other HTTP requests', async () => {
    const b = scriptedBackend();
    const edge = await edgeWith(b.transport);
    const res = await fetch(`${edge.url.replace('ws', 'http')}/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: true, edgeId: 'edge-1', connections: 0, transport: { kind: 'in-process' } });
    const other = await fetch(`${edge.url.replace('ws', 'http')}/ocpp/CP1`);
    expect(other.status).toBe(426);
  });
});

describe('edge security', () => {
  it('refuses unknown chargers when configured, accepts known ones', async () => {
    const b = scriptedBackend();
    const edge = await edgeWith(b.transport, { acceptUnknownChargers: false, directory: staticChargerDirectory({ KNOWN: {} }) });
    const r = await handshakeStatus(`${edge.url}/ocpp/STRANGER`);
    expect(r.status).toBe(404);
    expect(r.body).toMatch(/Unknown charge point "STRANGER"/);
    const c = await connectCharger(`${edge.url}/ocpp/KNOWN`);
    await c.close();
    expect(b.events.some((e) => e.chargePointId === 'STRANGER')).toBe(false);
  });

  it('HTTP Basic auth (profile 1): right password accepted, wrong/missing/other user refused with 401', async () => {
    const b = scriptedBackend();
    const passwordHash = await hashPassword('s3cret-pass');
    expect(passwordHash).not.toContain('s3cret-pass');
    const edge = await edgeWith(b.transport, { directory: staticChargerDirectory({ CP1: { passwordHash } }) });
    const auth = (user: string, pw: string) => ({ headers: { authorization: `Basic ${Buffer.from(`${user}:${pw}`).toString('base64')}` } });
    const missing = await handshakeStatus(`${edge.url}/ocpp/CP1`);
    expect(missing.status).toBe(401);
    expect(missing.headers['www-authenticate']).toMatch(/Basic/);
    expect((await handshakeStatus(`${edge.url}/ocpp/CP1`, ['ocpp1.6'], auth('CP1', 'wrong'))).status).toBe(401);
    expect((await handshakeStatus(`${edge.url}/ocpp/CP1`, ['ocpp1.6'], auth('CP2', 's3cret-pass'))).status).toBe(401);
    const ok = await connectCharger(`${edge.url}/ocpp/CP1`, ['ocpp1.6'], auth('CP1', 's3cret-pass'));
    ok.send([2, 'a', 'Heartbeat', {}]);
    expect(await ok.next()).toEqual([3, 'a', {}]);
    await ok.close();
    // requireBasicAuth: a charger without a password cannot connect at all
    const strict = await edgeWith(b.transport, { requireBasicAuth: true, directory: staticChargerDirectory({ NOPW: {} }) }, 'edge-auth');
    const r = await handshakeStatus(`${strict.url}/ocpp/NOPW`, ['ocpp1.6'], auth('NOPW', 'x'));
    expect(r.status).toBe(401);
    expect(r.body).toMatch(/No password is set/);
  });
});

describe('edge frames', () => {
  it('forwards every frame verbatim, malformed ones included, in order', async () => {
    const b = scriptedBackend();
    const edge = await edgeWith(b.transport);
    const c = await connectCharger(`${edge.url}/ocpp/CP1`);
    const texts = ['not json', '{"an":"object"}', '[2,"x","Heartbeat"]', '[2, "ok", "Heartbeat", {}]', '[3,"stray",{}]'];
    for (const t of texts) c.send(t);
    expect(await c.next()).toEqual([4, '-1', 'FormationViolation', 'not JSON', {}]);
    await waitFor(() => b.events.filter((e) => e.kind === 'frame').length === texts.length);
    expect(b.events.filter((e) => e.kind === 'frame').map((e) => (e as { text: string }).text)).toEqual(texts);
    const ids = b.events.map((e) => e.eventId);
    expect(new Set(ids).size).toBe(ids.length);
    await c.close();
  });

  it('closes with 1009 a frame larger than maxFrameBytes', async () => {
    const b = scriptedBackend();
    const edge = await edgeWith(b.transport, { maxFrameBytes: 1000 });
    const c = await connectCharger(`${edge.url}/ocpp/CP1`);
    c.send(JSON.stringify([2, 'big', 'DataTransfer', { vendorId: 'x', data: 'y'.repeat(2000) }]));
    expect((await c.closed).code).toBe(1009);
  });

  it('bounds frames waiting for the backend: the CALL over the bound gets CALLERROR and the charger is disconnected', async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => (release = r));
    const transport = createInProcessTransport();
    const seen: string[] = [];
    await transport.backend.start(async (e) => {
      if (e.kind === 'frame') {
        seen.push(e.text);
        await gate;
      }
    });
    const edge = await edgeWith(transport, { maxPendingFrames: 3 });
    const c = await connectCharger(`${edge.url}/ocpp/CP1`);
    for (let i = 0; i < 4; i++) c.send([2, `m${i}`, 'Heartbeat', {}]);
    const err = await c.next();
    expect(err.slice(0, 3)).toEqual([4, 'm3', 'InternalError']);
    expect((await c.closed).code).toBe(1013);
    release();
    await waitFor(() => seen.length === 3);
  });
});

describe('edge call queue', () => {
  it('one outstanding CALL, FIFO; callSent/callFailed events; timeout frees the queue', async () => {
    const b = scriptedBackend();
    const edge = await edgeWith(b.transport);
    const c = await connectCharger(`${edge.url}/ocpp/CP1`);
    await waitFor(() => b.events.some((e) => e.kind === 'connect'));
    const call = (id: string, timeoutMs = 2000) =>
      b.backend.send({ kind: 'call', chargePointId: 'CP1', messageId: id, text: JSON.stringify([2, id, 'Reset', { type: 'Soft' }]), timeoutMs, delayMs: 0 });
    await call('c1', 150);
    await call('c2');
    expect(await c.next()).toEqual([2, 'c1', 'Reset', { type: 'Soft' }]);
    // c1 is never answered: c2 is written only after the timeout
    await expect(c.next(50)).rejects.toThrow(/no frame/);
    expect(await c.next()).toEqual([2, 'c2', 'Reset', { type: 'Soft' }]);
    const failed = b.events.find((e) => e.kind === 'callFailed');
    expect(failed).toMatchObject({ messageId: 'c1', reason: 'timeout', chargePointId: 'CP1' });
    await call('c3');
    c.send([3, 'c2', { status: 'Accepted' }]);
    expect(await c.next()).toEqual([2, 'c3', 'Reset', { type: 'Soft' }]);
    const sent = b.events.filter((e) => e.kind === 'callSent').map((e) => (e as { messageId: string }).messageId);
    expect(sent).toEqual(['c1', 'c2', 'c3']);
    // the reply was forwarded to the backend as a frame too
    expect(b.events.some((e) => e.kind === 'frame' && e.text.includes('"c2"'))).toBe(true);
    await c.close();
    await waitFor(() => b.events.some((e) => e.kind === 'callFailed' && e.messageId === 'c3'));
    expect(b.events.find((e) => e.kind === 'callFailed' && e.messageId === 'c3')).toMatchObject({ reason: 'disconnected' });
  });

  it('waits delayMs before writing a CALL', async () => {
    const b = scriptedBackend();
    const edge = await edgeWith(b.transport);
    const c = await connectCharger(`${edge.url}/ocpp/CP1`);
    await waitFor(() => b.events.some((e) => e.kind === 'connect'));
    const t0 = Date.now();
    await b.backend.send({
      kind: 'call',
      chargePointId: 'CP1',
      messageId: 'd1',
      text: '[2,"d1","RemoteStartTransaction",{"idTag":"T"}]',
      timeoutMs: 1000,
      delayMs: 200,
    });
    expect(await c.next()).toEqual([2, 'd1', 'RemoteStartTransaction', { idTag: 'T' }]);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(190);
    await c.close();
  });

  it('clears the queue on disconnect with a callFailed for each waiting CALL, and bounds it', async () => {
    const b = scriptedBackend();
    const edge = await edgeWith(b.transport, { maxQueuedCalls: 2 });
    const c = await connectCharger(`${edge.url}/ocpp/CP1`);
    await waitFor(() => b.events.some((e) => e.kind === 'connect'));
    for (const id of ['q1', 'q2', 'q3', 'q4']) {
      await b.backend.send({
        kind: 'call',
        chargePointId: 'CP1',
        messageId: id,
        text: JSON.stringify([2, id, 'Reset', { type: 'Hard' }]),
        timeoutMs: 5000,
        delayMs: 0,
      });
    }
    await waitFor(() => b.events.some((e) => e.kind === 'callFailed'));
    expect(b.events.filter((e) => e.kind === 'callFailed')).toMatchObject([{ messageId: 'q4', reason: 'overflow' }]);
    await c.close();
    await waitFor(() => b.events.filter((e) => e.kind === 'callFailed').length === 4);
    const failed = b.events.filter((e) => e.kind === 'callFailed').slice(1) as Array<{ messageId: string; reason: string }>;
    expect(failed.map((f) => [f.messageId, f.reason])).toEqual([
      ['q1', 'disconnected'],
      ['q2', 'disconnected'],
      ['q3', 'disconnected'],
    ]);
  });

  it('a CALL for a charger this edge does not hold fails with NoRouteError', async () => {
    const b = scriptedBackend();
    await edgeWith(b.transport);
    await expect(
      b.backend.send({ kind: 'call', chargePointId: 'NOBODY', messageId: 'n', text: '[2,"n","Reset",{}]', timeoutMs: 1000, delayMs: 0 }),
    ).rejects.toThrow(/not connected to any edge/);
  });
});

describe('duplicate connections', () => {
  it('a second connection replaces the first; the late close of the old one does not mark the new one offline', async () => {
    const b = scriptedBackend();
    const edge = await edgeWith(b.transport);
    const first = await connectCharger(`${edge.url}/ocpp/CP1`);
    await waitFor(() => b.events.some((e) => e.kind === 'connect'));
    await b.backend.send({ kind: 'call', chargePointId: 'CP1', messageId: 'old', text: '[2,"old","Reset",{"type":"Soft"}]', timeoutMs: 5000, delayMs: 0 });
    await first.next();
    const second = await connectCharger(`${edge.url}/ocpp/CP1`);
    const closed = await first.closed;
    expect(closed.reason).toMatch(/Replaced/);
    await waitFor(() => b.events.some((e) => e.kind === 'disconnect'));
    const connects = b.events.filter((e) => e.kind === 'connect');
    const disconnect = b.events.find((e) => e.kind === 'disconnect');
    expect(connects).toHaveLength(2);
    expect(disconnect?.connectionId).toBe(connects[0]?.connectionId);
    expect(disconnect?.connectionId).not.toBe(connects[1]?.connectionId);
    expect(b.events.find((e) => e.kind === 'callFailed')).toMatchObject({ messageId: 'old', reason: 'replaced', connectionId: connects[0]?.connectionId });
    expect(edge.connectedChargers()).toEqual(['CP1']);
    // the new connection still works and receives CALLs
    second.send([2, 'n1', 'Heartbeat', {}]);
    expect(await second.next()).toEqual([3, 'n1', {}]);
    await b.backend.send({ kind: 'call', chargePointId: 'CP1', messageId: 'new', text: '[2,"new","Reset",{"type":"Soft"}]', timeoutMs: 5000, delayMs: 0 });
    expect(await second.next()).toEqual([2, 'new', 'Reset', { type: 'Soft' }]);
    // a reply addressed to the old connection is not delivered to the new one
    await b.backend.send({ kind: 'send', chargePointId: 'CP1', connectionId: connects[0]!.connectionId, text: '[3,"late",{}]' });
    await expect(second.next(100)).rejects.toThrow(/no frame/);
    await second.close();
  });
});
