/**
 * One contract, two transports: the same tests run against the in-process transport and against RabbitMQ
 * (real broker; skipped with a visible message when unreachable, failing when CI=true).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { createInProcessTransport } from './inProcess.js';
import { createPortEdgeTransport, relayEdgeTransport } from './portRelay.js';
import { createAmqpBackendTransport, createAmqpEdgeTransport } from './amqp/index.js';
import { NoRouteError, type BackendTransport, type EdgeCommand, type EdgeEvent, type EdgeTransport } from './types.js';
import { brokerAvailable, deleteTopology, randomPrefix, TEST_AMQP_URL } from './testing/broker.js';

interface Harness {
  backend: BackendTransport;
  edge(edgeId: string): EdgeTransport;
  cleanup(): Promise<void>;
}

const amqpUp = await brokerAvailable('RabbitMQ transport contract tests');

const factories: Array<[string, boolean, () => Harness]> = [
  [
    'in-process',
    true,
    () => {
      const t = createInProcessTransport();
      return { backend: t.backend, edge: (id) => t.createEdgeTransport(id), cleanup: async () => {} };
    },
  ],
  [
    // the edge thread's transport: the edge side on one end of a MessagePort, the in-process transport on the other
    'in-process over a MessagePort',
    true,
    () => {
      const t = createInProcessTransport();
      const ports: MessagePort[] = [];
      return {
        backend: t.backend,
        edge(id) {
          const channel = new MessageChannel();
          ports.push(channel.port1, channel.port2);
          relayEdgeTransport(channel.port2, t.createEdgeTransport(id));
          return createPortEdgeTransport(channel.port1, id, { kind: 'in-process', connected: false });
        },
        cleanup: async () => ports.forEach((p) => p.close()),
      };
    },
  ],
  [
    'amqp',
    amqpUp,
    () => {
      const prefix = randomPrefix();
      return {
        backend: createAmqpBackendTransport({ url: TEST_AMQP_URL, prefix }),
        edge: (edgeId) => createAmqpEdgeTransport({ url: TEST_AMQP_URL, prefix, edgeId }),
        cleanup: () => deleteTopology(prefix),
      };
    },
  ],
];

let seq = 0;
function ev(edgeId: string, chargePointId: string, connectionId: string, body: Partial<EdgeEvent> & Pick<EdgeEvent, 'kind'>): EdgeEvent {
  return { chargePointId, edgeId, connectionId, eventId: `${edgeId}:${++seq}`, at: new Date().toISOString(), ...body } as EdgeEvent;
}
const connect = (edgeId: string, cp: string, conn: string) => ev(edgeId, cp, conn, { kind: 'connect', remoteAddress: '127.0.0.1', subprotocol: 'ocpp1.6' });
const frame = (edgeId: string, cp: string, conn: string, text: string) => ev(edgeId, cp, conn, { kind: 'frame', text });

function until(pred: () => boolean, ms = 5000): Promise<void> {
  return new Promise((resolve, reject) => {
    const t0 = Date.now();
    const tick = () => (pred() ? resolve() : Date.now() - t0 > ms ? reject(new Error('timed out')) : setTimeout(tick, 5));
    tick();
  });
}

for (const [name, available, make] of factories) {
  describe.skipIf(!available)(`transport contract: ${name}`, () => {
    const stops: Array<() => Promise<void>> = [];
    afterEach(async () => {
      for (const s of stops.splice(0).reverse()) await s();
    });

    async function setup(edgeIds: string[], handler: (e: EdgeEvent, backend: BackendTransport) => Promise<void>) {
      const h = make();
      const received: Record<string, EdgeCommand[]> = {};
      await h.backend.start((e) => handler(e, h.backend));
      stops.push(() => h.cleanup());
      stops.push(() => h.backend.stop());
      const edges: Record<string, EdgeTransport> = {};
      for (const id of edgeIds) {
        const edge = h.edge(id);
        received[id] = [];
        await edge.start((c) => received[id]!.push(c));
        stops.push(() => edge.stop());
        edges[id] = edge;
      }
      return { backend: h.backend, edges, received };
    }

    it("delivers each charger's events in order, chargers concurrently, and reports connected", async () => {
      const seen: EdgeEvent[] = [];
      const { edges, backend } = await setup(['e1'], async (e) => {
        // uneven handling times must not reorder one charger's events
        await new Promise((r) => setTimeout(r, Math.random() * 3));
        seen.push(e);
      });
      const e1 = edges.e1!;
      const published: Promise<void>[] = [];
      for (const cp of ['A', 'B']) published.push(e1.publish(connect('e1', cp, `${cp}-c`)));
      for (let i = 0; i < 30; i++) for (const cp of ['A', 'B']) published.push(e1.publish(frame('e1', cp, `${cp}-c`, `[2,"${i}","Heartbeat",{}]`)));
      await Promise.all(published);
      await until(() => seen.length === 62);
      for (const cp of ['A', 'B']) {
        const texts = seen.filter((e) => e.chargePointId === cp && e.kind === 'frame').map((e) => (e as { text: string }).text);
        expect(texts).toEqual(Array.from({ length: 30 }, (_, i) => `[2,"${i}","Heartbeat",{}]`));
      }
      expect(backend.status().connected).toBe(true);
      expect(e1.status().connected).toBe(true);
    });

    it('routes commands to the edge that holds the charger', async () => {
      const { edges, backend, received } = await setup(['e1', 'e2'], async (e, b) => {
        if (e.kind === 'frame') await b.send({ kind: 'send', chargePointId: e.chargePointId, connectionId: e.connectionId, text: `reply-to:${e.text}` });
      });
      await edges.e1!.publish(connect('e1', 'CP1', 'k1'));
      await edges.e2!.publish(connect('e2', 'CP2', 'k2'));
      await edges.e1!.publish(frame('e1', 'CP1', 'k1', 'x1'));
      await edges.e2!.publish(frame('e2', 'CP2', 'k2', 'x2'));
      await until(() => received.e1!.length === 1 && received.e2!.length === 1);
      expect(received.e1).toEqual([{ kind: 'send', chargePointId: 'CP1', connectionId: 'k1', text: 'reply-to:x1' }]);
      expect(received.e2).toEqual([{ kind: 'send', chargePointId: 'CP2', connectionId: 'k2', text: 'reply-to:x2' }]);
      const call: EdgeCommand = { kind: 'call', chargePointId: 'CP2', messageId: 'm', text: '[2,"m","Reset",{"type":"Soft"}]', timeoutMs: 1000, delayMs: 0 };
      await backend.send(call);
      await until(() => received.e2!.length === 2);
      expect(received.e2![1]).toEqual(call);
      expect(received.e1).toHaveLength(1);
    });

    it("a charger that moved to another edge is routed to the new one; the old connection's late disconnect does not unroute it", async () => {
      const handled: EdgeEvent[] = [];
      const { edges, backend, received } = await setup(['e1', 'e2'], async (e) => void handled.push(e));
      await edges.e1!.publish(connect('e1', 'CP', 'old'));
      await edges.e2!.publish(connect('e2', 'CP', 'new'));
      await until(() => handled.length === 2);
      await edges.e1!.publish(ev('e1', 'CP', 'old', { kind: 'disconnect', code: 1006, reason: '' }));
      await until(() => handled.length === 3);
      await backend.send({ kind: 'disconnect', chargePointId: 'CP', code: 1000, reason: 'bye' });
      await until(() => received.e2!.length === 1);
      expect(received.e1).toHaveLength(0);
    });

    it('rejects with NoRouteError for an unknown charger and once its edge is gone', async () => {
      const handled: EdgeEvent[] = [];
      const { edges, backend } = await setup(['e1'], async (e) => void handled.push(e));
      await expect(backend.send({ kind: 'send', chargePointId: 'NOPE', text: 'x' })).rejects.toBeInstanceOf(NoRouteError);
      await edges.e1!.publish(connect('e1', 'CP', 'c'));
      await until(() => handled.length === 1);
      await edges.e1!.stop();
      const err = await backend
        .send({ kind: 'call', chargePointId: 'CP', messageId: 'z', text: '[2,"z","Reset",{}]', timeoutMs: 1000, delayMs: 0 })
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(NoRouteError);
      expect((err as Error).message).toMatch(/CP/);
    });

    it("the charger's disconnect removes its route", async () => {
      const handled: EdgeEvent[] = [];
      const { edges, backend } = await setup(['e1'], async (e) => void handled.push(e));
      await edges.e1!.publish(connect('e1', 'CP', 'c'));
      await edges.e1!.publish(ev('e1', 'CP', 'c', { kind: 'disconnect', code: 1000, reason: '' }));
      await until(() => handled.length === 2);
      await expect(backend.send({ kind: 'send', chargePointId: 'CP', text: 'x' })).rejects.toBeInstanceOf(NoRouteError);
    });
  });
}
