/**
 * Contract-style harness: a backend on an in-memory store, in-memory settings, a fake clock and the test
 * transport. Drives it with EdgeEvents the way an edge would and reads back the commands it sends.
 */
import { openStore, type Store } from '../../store/index.js';
import { openSettings, type Settings, type SettingsStore } from '../../config/index.js';
import { parseFrame, protocols, type Frame, type Payload, type ProtocolVersion } from '../../ocpp/index.js';
import type { CallCommand, EdgeEvent } from '../../transport/types.js';
import { createBackend, type Backend } from '../backend.js';
import type { MiddlewareDefinition } from '../context.js';
import { FakeClock } from './fakeClock.js';
import { TestTransport } from './testTransport.js';

export interface Harness {
  backend: Backend;
  store: Store;
  settings: SettingsStore;
  clock: FakeClock;
  transport: TestTransport;
  /** A connect event; `protocol` as the edge negotiated it (default ocpp1.6, with subprotocol "ocpp1.6"). */
  connect(cpId: string, connectionId?: string, protocol?: ProtocolVersion): Promise<void>;
  disconnect(cpId: string, connectionId?: string, code?: number): Promise<void>;
  /** Sends a CALL as the charger and returns the backend's reply frame. */
  call(cpId: string, action: string, payload: Payload, o?: { messageId?: string; connectionId?: string; eventId?: string }): Promise<Frame>;
  /** Sends raw text as the charger and returns the reply frame, if one was sent. */
  raw(cpId: string, text: string, o?: { connectionId?: string; eventId?: string }): Promise<Frame | undefined>;
  /** Server CALLs captured for a charger. */
  calls(cpId: string): CallCommand[];
  event<E extends EdgeEvent['kind']>(
    kind: E,
    cpId: string,
    body: Omit<Extract<EdgeEvent, { kind: E }>, 'kind' | 'chargePointId' | 'edgeId' | 'connectionId' | 'eventId' | 'at'>,
    connectionId?: string,
  ): Promise<void>;
  close(): Promise<void>;
}

export async function createHarness(o: { settings?: Partial<Settings>; env?: NodeJS.ProcessEnv; middleware?: MiddlewareDefinition[] } = {}): Promise<Harness> {
  const clock = new FakeClock();
  const store = openStore({ memory: true, now: () => clock.iso() });
  const settings = await openSettings({ memory: true, env: o.env ?? {}, ...(o.settings ? { initial: o.settings } : {}) });
  const transport = new TestTransport();
  const backend = await createBackend({ store, settings, transport, clock, ...(o.middleware ? { middleware: o.middleware } : {}) });
  await backend.start();
  let seq = 0;
  let msg = 0;
  const base = (cpId: string, connectionId = 'conn-1') => ({
    chargePointId: cpId,
    edgeId: 'edge-t',
    connectionId,
    eventId: `edge-t:${++seq}`,
    at: clock.iso(),
  });

  async function raw(cpId: string, text: string, opts: { connectionId?: string; eventId?: string } = {}): Promise<Frame | undefined> {
    const before = transport.commands.length;
    const ev = { ...base(cpId, opts.connectionId), kind: 'frame' as const, text };
    if (opts.eventId) ev.eventId = opts.eventId;
    await transport.deliver(ev);
    const sent = transport.commands.slice(before).find((c) => c.kind === 'send' && c.chargePointId === cpId);
    // Parsed in the charger's version (a 2.0.1 CALLERROR carries 2.0.1 codes).
    return sent && sent.kind === 'send' ? parseFrame(sent.text, protocols[store.chargePoints.get(cpId)?.protocol ?? 'ocpp1.6'].errors) : undefined;
  }

  return {
    backend,
    store,
    settings,
    clock,
    transport,
    connect: (cpId, connectionId, protocol) =>
      transport.deliver({
        ...base(cpId, connectionId),
        kind: 'connect',
        remoteAddress: '127.0.0.1',
        subprotocol: protocol ?? 'ocpp1.6',
        ...(protocol ? { protocol } : {}),
      }),
    disconnect: (cpId, connectionId, code = 1000) => transport.deliver({ ...base(cpId, connectionId), kind: 'disconnect', code, reason: 'bye' }),
    async call(cpId, action, payload, opts = {}) {
      const id = opts.messageId ?? `m${++msg}`;
      const reply = await raw(cpId, JSON.stringify([2, id, action, payload]), opts);
      if (!reply) throw new Error(`no reply to ${action}`);
      return reply;
    },
    raw,
    calls: (cpId) => transport.commands.filter((c): c is CallCommand => c.kind === 'call' && c.chargePointId === cpId),
    event: (kind, cpId, body, connectionId) => transport.deliver({ ...base(cpId, connectionId), kind, ...body } as unknown as EdgeEvent),
    async close() {
      await backend.stop();
      store.close();
    },
  };
}

export const BOOT = { chargePointVendor: 'ACME', chargePointModel: 'Volt 22', chargePointSerialNumber: 'SN1', firmwareVersion: '1.2.3' };
