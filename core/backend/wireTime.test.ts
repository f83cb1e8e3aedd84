/**
 * Wire time: a server CALL's log time and place are when the edge wrote it to the socket, not when it was queued;
 * the queued time is kept. Reply time − CALL time = latency. CALLs never sent keep their queued time and end at
 * the moment they were given up. (Fake clock, test transport; the real-websocket version is core/app/wireTime.test.ts.)
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from './testing/harness.js';
import { settle } from './testing/fakeClock.js';
import { messageLogQuery } from '../store/messageLogQuery.js';
import type { BackendEventMap } from './events.js';

let h: Harness;
beforeEach(async () => {
  h = await createHarness();
  await h.connect('CP1');
});
afterEach(() => h.close());

const ms = (iso: string | null | undefined) => (iso ? Date.parse(iso) : NaN);

describe('server CALL wire time', () => {
  it("a delayed CALL's row time equals its sent time, its place is after the frames that came while it waited", async () => {
    const queuedAt = h.clock.now();
    const updates: BackendEventMap['frameUpdated'][] = [];
    h.backend.events.on('frameUpdated', (u) => updates.push(u));
    const p = h.backend.sendCall('CP1', 'RemoteStartTransaction', { connectorId: 1, idTag: 'T1' }, { delayMs: 1000 });
    await settle();
    const c = h.calls('CP1')[0]!;
    // stored before it is sent: a queued row exists already (a placeholder, not yet in the wire-ordered history)
    const queued = h.store.frames.findOutboundCall('CP1', c.messageId)!;
    expect(queued).toMatchObject({ state: 'queued', sentAt: null, queuedAt: new Date(queuedAt).toISOString() });
    expect(queued.id).toBeLessThan(0);

    await h.clock.advance(300);
    await h.call('CP1', 'Authorize', { idTag: 'T1' });
    await h.clock.advance(700);
    await h.event('callSent', 'CP1', { messageId: c.messageId });
    const sentAt = h.clock.now();
    await h.clock.advance(40);
    await h.raw('CP1', JSON.stringify([3, c.messageId, { status: 'Accepted' }]));
    expect(await p).toEqual({ status: 'Accepted' });

    const call = h.store.frames.findOutboundCall('CP1', c.messageId)!;
    expect(ms(call.at)).toBe(sentAt);
    expect(call.sentAt).toBe(call.at);
    expect(ms(call.queuedAt)).toBe(queuedAt);
    expect(call.state).toBe('answered');
    expect(h.store.frames.get(queued.id)).toBeUndefined();
    const authorize = h.store.frames.list({ chargePointId: 'CP1', action: 'Authorize', messageType: 'CALL' }).rows[0]!;
    expect(call.id).toBeGreaterThan(authorize.id);
    const reply = h.store.frames.get(call.replyFrameId!)!;
    expect(reply.callFrameId).toBe(call.id);
    expect(ms(reply.at) - ms(call.at)).toBe(40);
    expect(reply.latencyMs).toBe(40);
    expect(call.latencyMs).toBe(40);
    expect(updates).toEqual([{ previousId: queued.id, frame: expect.objectContaining({ id: call.id, state: 'sent' }) }]);

    // the message log: Authorize, then the RemoteStart (newest first), with its times
    const log = messageLogQuery(h.store.db);
    const page = log.page({ chargePointId: 'CP1', limit: 10 });
    expect(page.entries.map((e) => e.action).slice(0, 2)).toEqual(['RemoteStartTransaction', 'Authorize']);
    const entry = page.entries[0]!;
    expect(entry.latencyMs).toBe(40);
    expect(entry.call).toMatchObject({ at: call.at, sentAt: call.at, queuedAt: new Date(queuedAt).toISOString(), state: 'answered' });
    expect(entry.reply!.atMs - entry.call!.atMs).toBe(entry.latencyMs);

    // the NDJSON export is in wire order with wire times
    const lines = [...log.exportLines({ chargePointId: 'CP1' })].map(
      (l) => JSON.parse(l) as { id: number; at: string; action: string; messageType: string; queuedAt?: string; latencyMs: number | null },
    );
    const order = lines.map((l) => `${l.action}:${l.messageType}`);
    expect(order.indexOf('RemoteStartTransaction:CALL')).toBeGreaterThan(order.indexOf('Authorize:CALLRESULT'));
    const exported = lines.find((l) => l.action === 'RemoteStartTransaction' && l.messageType === 'CALL')!;
    expect(exported).toMatchObject({ at: call.at, queuedAt: new Date(queuedAt).toISOString(), latencyMs: 40 });
    expect(lines.map((l) => l.id)).toEqual([...lines.map((l) => l.id)].sort((a, b) => a - b));
    expect(lines.map((l) => Date.parse(l.at))).toEqual([...lines.map((l) => Date.parse(l.at))].sort((a, b) => a - b));
  });

  it('queued CALLs head the newest log page and stay out of older pages and the export until sent', async () => {
    await h.call('CP1', 'Heartbeat', {});
    void h.backend.sendCall('CP1', 'ClearCache', {}, { delayMs: 5000 }).catch(() => {});
    await settle();
    const log = messageLogQuery(h.store.db);
    const page = log.page({ limit: 10 });
    expect(page.entries[0]?.call).toMatchObject({ action: 'ClearCache', state: 'queued', sentAt: null });
    expect(page.entries[0]!.id).toBeLessThan(0);
    expect(page.entries[1]?.action).toBe('Heartbeat');
    expect(log.page({ limit: 10, before: 1_000_000 }).entries.map((e) => e.action)).toEqual(['Heartbeat']);
    expect(log.page({ limit: 10, after: 0 }).entries.map((e) => e.action)).toEqual(['Heartbeat']);
    expect([...log.exportLines({})].map((l) => (JSON.parse(l) as { action: string }).action)).toEqual(['Heartbeat', 'Heartbeat']);
    // figures count stored wire frames: the placeholder is not one yet
    expect(log.page({ limit: 10, action: 'ClearCache' }).entries).toHaveLength(1);
  });

  it('a CALL that never left the queue keeps its queued time and ends where it was given up, marked not sent', async () => {
    const queuedAt = h.clock.now();
    const p = h.backend.sendCall('CP1', 'ClearCache', {}, { delayMs: 1000 }).catch((e: unknown) => e);
    await settle();
    const c = h.calls('CP1')[0]!;
    await h.clock.advance(400);
    await h.call('CP1', 'Heartbeat', {});
    await h.clock.advance(100);
    await h.event('callFailed', 'CP1', { messageId: c.messageId, reason: 'disconnected', description: 'the charger went away' });
    expect(await p).toMatchObject({ reason: 'disconnected' });
    const row = h.store.frames.findOutboundCall('CP1', c.messageId)!;
    expect(row.id).toBeGreaterThan(0);
    expect(row).toMatchObject({ state: 'failed', sentAt: null, queuedAt: new Date(queuedAt).toISOString() });
    expect(ms(row.at)).toBe(queuedAt + 500);
    const heartbeat = h.store.frames.list({ chargePointId: 'CP1', action: 'Heartbeat', messageType: 'CALL' }).rows[0]!;
    expect(row.id).toBeGreaterThan(heartbeat.id);
  });

  it('no route: the CALL is stored failed at once; the backend safety timer ends one the edge never reported', async () => {
    await expect(h.backend.sendCall('GHOST', 'ClearCache', {})).rejects.toMatchObject({ reason: 'noRoute' });
    expect(h.store.frames.list({ chargePointId: 'GHOST' }).rows[0]).toMatchObject({ state: 'failed', sentAt: null });
    expect(h.store.frames.list({ chargePointId: 'GHOST' }).rows[0]!.id).toBeGreaterThan(0);

    const p = h.backend.sendCall('CP1', 'ClearCache', {}, { timeoutMs: 1000 }).catch((e: unknown) => e);
    await h.clock.advance(6000);
    expect(await p).toMatchObject({ reason: 'timeout' });
    const row = h.store.frames.list({ chargePointId: 'CP1', action: 'ClearCache' }).rows[0]!;
    expect(row).toMatchObject({ state: 'timeout', sentAt: null });
    expect(row.id).toBeGreaterThan(0);
    expect(h.store.frames.queued()).toHaveLength(0);
  });

  it("a reply that overtakes the edge's sent report still lands after its CALL; the report then sets the send time", async () => {
    const p = h.backend.sendCall('CP1', 'ClearCache', {}, { delayMs: 1000 });
    await settle();
    const c = h.calls('CP1')[0]!;
    await h.clock.advance(1000);
    const sentAt = h.clock.now();
    await h.clock.advance(25);
    await h.raw('CP1', JSON.stringify([3, c.messageId, { status: 'Accepted' }]));
    expect(await p).toEqual({ status: 'Accepted' });
    let call = h.store.frames.findOutboundCall('CP1', c.messageId)!;
    const reply = h.store.frames.get(call.replyFrameId!)!;
    expect(call.id).toBeGreaterThan(0);
    expect(call.id).toBeLessThan(reply.id);
    expect(reply.callFrameId).toBe(call.id);
    // the late report carries the edge's send time
    await h.transport.deliver({
      kind: 'callSent',
      chargePointId: 'CP1',
      edgeId: 'edge-t',
      connectionId: 'conn-1',
      eventId: 'late-sent',
      at: new Date(sentAt).toISOString(),
      messageId: c.messageId,
    });
    call = h.store.frames.findOutboundCall('CP1', c.messageId)!;
    expect(ms(call.at)).toBe(sentAt);
    expect(call.sentAt).toBe(call.at);
    expect(call.latencyMs).toBe(25);
    expect(h.store.frames.get(reply.id)?.latencyMs).toBe(25);
    expect(call.state).toBe('answered');
  });

  it('a redelivered sent report changes nothing', async () => {
    const p = h.backend.sendCall('CP1', 'ClearCache', {});
    await settle();
    const c = h.calls('CP1')[0]!;
    await h.event('callSent', 'CP1', { messageId: c.messageId });
    const first = h.store.frames.findOutboundCall('CP1', c.messageId)!;
    await h.clock.advance(500);
    await h.event('callSent', 'CP1', { messageId: c.messageId });
    expect(h.store.frames.findOutboundCall('CP1', c.messageId)).toEqual(first);
    await h.raw('CP1', JSON.stringify([3, c.messageId, { status: 'Accepted' }]));
    await p;
  });
});
