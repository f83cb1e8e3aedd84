/**
 * Edge version negotiation: ocpp2.0.1 / ocpp1.6 by Sec-WebSocket-Protocol, the edge's preference order, per-charger
 * pinning for chargers that offer none (default 1.6, as Grizzl-E), refusal of unsupported-only offers the RFC 6455
 * way, and the version travelling with the connect event and every frame.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createInProcessTransport } from '../transport/inProcess.js';
import type { ConnectEvent, EdgeEvent, FrameEvent } from '../transport/types.js';
import type { ProtocolVersion } from '../ocpp/protocol.js';
import { startEdge, type Edge } from './edge.js';
import type { EdgeOptions } from './options.js';
import { staticChargerDirectory } from './chargerDirectory.js';
import { hashPassword } from './passwords.js';
import { negotiate, type NegotiationPolicy } from './subprotocol.js';
import { connectCharger, handshakeStatus, rawHandshake, waitFor } from './testing/wsClient.js';

const DEFAULT: NegotiationPolicy = { preference: ['ocpp1.6', 'ocpp2.0.1'], requireSubprotocol: false, noSubprotocolVersion: 'ocpp1.6' };
const PREFER_201: NegotiationPolicy = { ...DEFAULT, preference: ['ocpp2.0.1', 'ocpp1.6'] };

describe('negotiate()', () => {
  const pick = (header: string | undefined, policy: NegotiationPolicy, pinned?: ProtocolVersion) => {
    const n = negotiate(header, policy, pinned);
    return n.ok ? [n.subprotocol, n.protocol, n.by] : [n.refusal];
  };

  it("offered both: the edge's preference decides, not the order offered", () => {
    expect(pick('ocpp2.0.1, ocpp1.6', DEFAULT)).toEqual(['ocpp1.6', 'ocpp1.6', 'offered']);
    expect(pick('ocpp1.6, ocpp2.0.1', DEFAULT)).toEqual(['ocpp1.6', 'ocpp1.6', 'offered']);
    expect(pick('ocpp2.0.1, ocpp1.6', PREFER_201)).toEqual(['ocpp2.0.1', 'ocpp2.0.1', 'offered']);
    expect(pick('ocpp1.6,ocpp2.0.1', PREFER_201)).toEqual(['ocpp2.0.1', 'ocpp2.0.1', 'offered']);
  });

  it('offered one: that one, under either preference', () => {
    for (const policy of [DEFAULT, PREFER_201]) {
      expect(pick('ocpp2.0.1', policy)).toEqual(['ocpp2.0.1', 'ocpp2.0.1', 'offered']);
      expect(pick('ocpp1.6', policy)).toEqual(['ocpp1.6', 'ocpp1.6', 'offered']);
    }
  });

  it('offered none: the pin, else the default; strict mode refuses unless pinned', () => {
    expect(pick(undefined, DEFAULT)).toEqual([null, 'ocpp1.6', 'default']);
    expect(pick('', PREFER_201)).toEqual([null, 'ocpp1.6', 'default']);
    expect(pick(undefined, DEFAULT, 'ocpp2.0.1')).toEqual([null, 'ocpp2.0.1', 'pinned']);
    expect(pick(undefined, { ...DEFAULT, requireSubprotocol: true })).toEqual(['none']);
    expect(pick(undefined, { ...DEFAULT, requireSubprotocol: true }, 'ocpp1.6')).toEqual([null, 'ocpp1.6', 'pinned']);
  });

  it('a pinned charger offering its version gets it over the preference', () => {
    expect(pick('ocpp2.0.1, ocpp1.6', PREFER_201, 'ocpp1.6')).toEqual(['ocpp1.6', 'ocpp1.6', 'pinned']);
    expect(pick('ocpp2.0.1', DEFAULT, 'ocpp1.6')).toEqual(['ocpp2.0.1', 'ocpp2.0.1', 'offered']);
  });

  it('only unsupported or disabled versions: refused', () => {
    expect(pick('ocpp2.1', DEFAULT)).toEqual(['unsupported']);
    expect(pick('ocpp1.5, wamp', DEFAULT)).toEqual(['unsupported']);
    expect(pick('ocpp2.0.1', { ...DEFAULT, preference: ['ocpp1.6'] })).toEqual(['unsupported']);
  });
});

/** A backend stand-in recording events and answering every CALL with an empty CALLRESULT. */
function recordingBackend() {
  const transport = createInProcessTransport();
  const events: EdgeEvent[] = [];
  void transport.backend.start(async (event) => {
    events.push(event);
    if (event.kind === 'frame') {
      const f = JSON.parse(event.text) as unknown[];
      if (f[0] === 2)
        await transport.backend.send({
          kind: 'send',
          chargePointId: event.chargePointId,
          connectionId: event.connectionId,
          text: JSON.stringify([3, f[1], {}]),
        });
    }
  });
  const connectOf = (id: string) => events.find((e): e is ConnectEvent => e.kind === 'connect' && e.chargePointId === id);
  return { transport, events, connectOf };
}

const edges: Edge[] = [];
afterEach(async () => {
  await Promise.all(edges.splice(0).map((e) => e.close()));
});
async function edgeWith(b: ReturnType<typeof recordingBackend>, opts: Partial<EdgeOptions> = {}, edgeId = 'neg-edge'): Promise<Edge> {
  const edge = await startEdge({ transport: b.transport.createEdgeTransport(edgeId), host: '127.0.0.1', port: 0, ...opts });
  edges.push(edge);
  return edge;
}

describe('edge negotiation over real websockets', () => {
  it('selects by preference, reports the version on connect and on every frame', async () => {
    const b = recordingBackend();
    const prefers16 = await edgeWith(b);
    const prefers201 = await edgeWith(b, { protocols: ['ocpp2.0.1', 'ocpp1.6'] }, 'neg-edge-201');
    const a = await connectCharger(`${prefers16.url}/ocpp/BOTH-A`, ['ocpp2.0.1', 'ocpp1.6']);
    const c = await connectCharger(`${prefers201.url}/ocpp/BOTH-B`, ['ocpp2.0.1', 'ocpp1.6']);
    const only201 = await connectCharger(`${prefers16.url}/ocpp/ONLY-201`, ['ocpp2.0.1']);
    expect([a.ws.protocol, c.ws.protocol, only201.ws.protocol]).toEqual(['ocpp1.6', 'ocpp2.0.1', 'ocpp2.0.1']);
    only201.send([2, 'h1', 'Heartbeat', {}]);
    expect((await only201.next()).slice(0, 2)).toEqual([3, 'h1']);
    await waitFor(() => ['BOTH-A', 'BOTH-B', 'ONLY-201'].every((id) => b.connectOf(id)));
    expect(b.connectOf('BOTH-A')).toMatchObject({ subprotocol: 'ocpp1.6', protocol: 'ocpp1.6' });
    expect(b.connectOf('BOTH-B')).toMatchObject({ subprotocol: 'ocpp2.0.1', protocol: 'ocpp2.0.1' });
    expect(b.events.find((e): e is FrameEvent => e.kind === 'frame' && e.chargePointId === 'ONLY-201')).toMatchObject({ protocol: 'ocpp2.0.1' });
    await Promise.all([a.close(), c.close(), only201.close()]);
  });

  it('no subprotocol: 1.6 by default (Grizzl-E), the pinned version for a pinned charger; strict mode exempts pinned chargers', async () => {
    const b = recordingBackend();
    const directory = staticChargerDirectory({ 'PINNED-201': { protocol: 'ocpp2.0.1' }, 'PINNED-16': { protocol: 'ocpp1.6' } });
    const edge = await edgeWith(b, { directory });
    const grizzle = await connectCharger(`${edge.url}/ocpp/GRIZZLE`, []);
    const pinned = await connectCharger(`${edge.url}/ocpp/PINNED-201`, []);
    expect([grizzle.ws.protocol, pinned.ws.protocol]).toEqual(['', '']);
    await waitFor(() => Boolean(b.connectOf('GRIZZLE') && b.connectOf('PINNED-201')));
    expect(b.connectOf('GRIZZLE')).toMatchObject({ subprotocol: null, protocol: 'ocpp1.6' });
    expect(b.connectOf('PINNED-201')).toMatchObject({ subprotocol: null, protocol: 'ocpp2.0.1' });
    await Promise.all([grizzle.close(), pinned.close()]);

    const strict = await edgeWith(b, { directory, requireSubprotocol: true }, 'neg-strict');
    const refused = await handshakeStatus(`${strict.url}/ocpp/UNPINNED`, []);
    expect(refused.status).toBe(400);
    expect(refused.body).toMatch(/strict mode/);
    const exempt = await connectCharger(`${strict.url}/ocpp/PINNED-16`, []);
    await waitFor(() => Boolean(b.connectOf('PINNED-16')));
    expect(b.connectOf('PINNED-16')).toMatchObject({ subprotocol: null, protocol: 'ocpp1.6' });
    await exempt.close();
  });

  it('a default version for chargers without subprotocol can be configured, and must be one the edge speaks', async () => {
    const b = recordingBackend();
    const edge = await edgeWith(b, { protocols: ['ocpp2.0.1'] });
    const none = await connectCharger(`${edge.url}/ocpp/NONE-201`, []);
    await waitFor(() => Boolean(b.connectOf('NONE-201')));
    expect(b.connectOf('NONE-201')).toMatchObject({ protocol: 'ocpp2.0.1' });
    await none.close();
    await expect(
      startEdge({ transport: b.transport.createEdgeTransport('bad'), port: 0, protocols: ['ocpp2.0.1'], noSubprotocolVersion: 'ocpp1.6' }),
    ).rejects.toThrow(/not one this edge speaks/);
    await expect(startEdge({ transport: b.transport.createEdgeTransport('bad2'), port: 0, protocols: ['ocpp3' as ProtocolVersion] })).rejects.toThrow(
      /Unknown OCPP version "ocpp3"/,
    );
  });

  it('only unsupported versions offered: the handshake selects no subprotocol and the edge closes; the backend hears nothing', async () => {
    const b = recordingBackend();
    const edge = await edgeWith(b, { protocols: ['ocpp1.6'] });
    for (const offer of [['ocpp2.1'], ['ocpp2.0.1'], ['wamp', 'ocpp1.5']]) {
      const r = await rawHandshake(`${edge.url}/ocpp/NOPE`, offer);
      expect(r.status, offer.join()).toBe(101);
      expect(r.headers['sec-websocket-protocol'], offer.join()).toBeUndefined();
      expect(r.close, offer.join()).toMatchObject({ code: 1002, reason: expect.stringContaining('this edge speaks "ocpp1.6"') });
    }
    // A websocket client offering only those fails the connection itself (no subprotocol selected).
    await expect(connectCharger(`${edge.url}/ocpp/NOPE`, ['ocpp2.1'])).rejects.toThrow(/subprotocol/);
    const ok = await rawHandshake(`${edge.url}/ocpp/YES`, ['ocpp2.1', 'ocpp1.6']);
    expect([ok.status, ok.headers['sec-websocket-protocol']]).toEqual([101, 'ocpp1.6']);
    await new Promise((r) => setTimeout(r, 50));
    expect(b.events.filter((e) => e.chargePointId === 'NOPE')).toEqual([]);
  });

  it('security profile 1 (HTTP Basic auth) works for a 2.0.1 charger as for a 1.6 one', async () => {
    const b = recordingBackend();
    const edge = await edgeWith(b, { directory: staticChargerDirectory({ 'BASIC-201': { passwordHash: await hashPassword('s3cret-pass') } }) });
    const auth = (user: string, pass: string) => ({ headers: { Authorization: `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}` } });
    expect((await handshakeStatus(`${edge.url}/ocpp/BASIC-201`, ['ocpp2.0.1'], auth('BASIC-201', 'wrong'))).status).toBe(401);
    expect((await handshakeStatus(`${edge.url}/ocpp/BASIC-201`, ['ocpp2.0.1'])).status).toBe(401);
    const c = await connectCharger(`${edge.url}/ocpp/BASIC-201`, ['ocpp2.0.1'], auth('BASIC-201', 's3cret-pass'));
    expect(c.ws.protocol).toBe('ocpp2.0.1');
    await c.close();
  });
});
