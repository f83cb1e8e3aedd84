/** Server-initiated CALLs: all 19 actions, validation, replies, failures, timers (fake clock), connections. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CENTRAL_SYSTEM_ACTIONS, OcppError, type CentralSystemAction } from '../ocpp/index.js';
import { CallFailedError } from './errors.js';
import { createHarness, type Harness } from './testing/harness.js';
import { settle } from './testing/fakeClock.js';
import { TestTransport } from './testing/testTransport.js';
import { createBackend } from './backend.js';

let h: Harness;
beforeEach(async () => {
  h = await createHarness();
  await h.connect('CP1');
});
afterEach(() => h.close());

const profile = {
  chargingProfileId: 1,
  stackLevel: 0,
  chargingProfilePurpose: 'TxDefaultProfile',
  chargingProfileKind: 'Absolute',
  chargingSchedule: { chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 0, limit: 16.1 }] },
};
const SAMPLES: Record<CentralSystemAction, [Record<string, unknown>, Record<string, unknown>]> = {
  CancelReservation: [{ reservationId: 1 }, { status: 'Accepted' }],
  ChangeAvailability: [{ connectorId: 1, type: 'Inoperative' }, { status: 'Scheduled' }],
  ChangeConfiguration: [{ key: 'MeterValueSampleInterval', value: '60' }, { status: 'Accepted' }],
  ClearCache: [{}, { status: 'Accepted' }],
  ClearChargingProfile: [{ id: 1 }, { status: 'Unknown' }],
  DataTransfer: [
    { vendorId: 'acme', messageId: 'm', data: 'd' },
    { status: 'Accepted', data: 'ok' },
  ],
  GetCompositeSchedule: [{ connectorId: 1, duration: 3600 }, { status: 'Rejected' }],
  GetConfiguration: [{ key: ['HeartbeatInterval'] }, { configurationKey: [{ key: 'HeartbeatInterval', readonly: false, value: '60' }], unknownKey: [] }],
  GetDiagnostics: [{ location: 'ftp://example.com/diag' }, { fileName: 'diag.zip' }],
  GetLocalListVersion: [{}, { listVersion: 3 }],
  RemoteStartTransaction: [{ connectorId: 1, idTag: 'T' }, { status: 'Accepted' }],
  RemoteStopTransaction: [{ transactionId: 1 }, { status: 'Rejected' }],
  ReserveNow: [{ connectorId: 1, expiryDate: '2026-01-01T01:00:00Z', idTag: 'T', reservationId: 1 }, { status: 'Occupied' }],
  Reset: [{ type: 'Hard' }, { status: 'Accepted' }],
  SendLocalList: [{ listVersion: 4, updateType: 'Full', localAuthorizationList: [{ idTag: 'T', idTagInfo: { status: 'Accepted' } }] }, { status: 'Accepted' }],
  SetChargingProfile: [{ connectorId: 1, csChargingProfiles: profile }, { status: 'Accepted' }],
  TriggerMessage: [{ requestedMessage: 'StatusNotification', connectorId: 1 }, { status: 'Accepted' }],
  UnlockConnector: [{ connectorId: 1 }, { status: 'Unlocked' }],
  UpdateFirmware: [{ location: 'https://example.com/fw.bin', retrieveDate: '2026-01-01T00:00:00Z' }, {}],
};

async function answer(cpId: string, index: number, payload: unknown): Promise<void> {
  const c = h.calls(cpId)[index]!;
  await h.raw(cpId, JSON.stringify([3, c.messageId, payload]));
}

describe('sendCall', () => {
  it('sends all 19 central-system actions and resolves with the CALLRESULT payload', async () => {
    expect(CENTRAL_SYSTEM_ACTIONS).toHaveLength(19);
    for (const [i, action] of CENTRAL_SYSTEM_ACTIONS.entries()) {
      const [req, conf] = SAMPLES[action];
      const p = h.backend.sendCall('CP1', action, req as never);
      await settle();
      const c = h.calls('CP1')[i]!;
      expect(JSON.parse(c.text)).toEqual([2, c.messageId, action, req]);
      expect(c).toMatchObject({ timeoutMs: 30_000, delayMs: 0 });
      await answer('CP1', i, conf);
      expect(await p).toEqual(conf);
    }
    expect(h.store.frames.list({ direction: 'out', messageType: 'CALL' }).rows.every((f) => f.state === 'answered' && f.replyFrameId !== null)).toBe(true);
  });

  it('refuses an invalid payload (strict) without sending it, and a non-CS action', async () => {
    await expect(h.backend.sendCall('CP1', 'Reset', { type: 'Gentle' } as never)).rejects.toMatchObject({ code: 'PropertyConstraintViolation' });
    await expect(h.backend.sendCall('CP1', 'Heartbeat' as never, {} as never)).rejects.toMatchObject({ code: 'NotSupported' });
    expect(h.calls('CP1')).toHaveLength(0);
    await h.settings.update((d) => (d.validation = 'warn'));
    void h.backend.sendCall('CP1', 'Reset', { type: 'Gentle' } as never).catch(() => {});
    await settle();
    expect(h.calls('CP1')).toHaveLength(1);
  });

  it('a CALLERROR rejects the caller with its code; an invalid CALLRESULT rejects with the validation code', async () => {
    const p = h.backend.sendCall('CP1', 'UnlockConnector', { connectorId: 1 });
    await settle();
    await h.raw('CP1', JSON.stringify([4, h.calls('CP1')[0]!.messageId, 'NotSupported', 'no lock', { hint: 1 }]));
    const err = await p.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OcppError);
    expect(err).toMatchObject({ code: 'NotSupported', message: 'no lock', details: { hint: 1 } });
    expect(h.store.frames.list({ messageType: 'CALL', direction: 'out' }).rows[0]?.state).toBe('error');

    const q = h.backend.sendCall('CP1', 'Reset', { type: 'Soft' });
    await settle();
    await answer('CP1', 1, { status: 'Maybe' });
    await expect(q).rejects.toMatchObject({ code: 'PropertyConstraintViolation' });
  });

  it('passes timeoutMs and delayMs to the edge queue', async () => {
    void h.backend.sendCall('CP1', 'ClearCache', {}, { timeoutMs: 5000, delayMs: 1000 }).catch(() => {});
    await settle();
    expect(h.calls('CP1')[0]).toMatchObject({ timeoutMs: 5000, delayMs: 1000 });
  });

  it('no route to the charger → CallFailedError noRoute, frame marked failed', async () => {
    await expect(h.backend.sendCall('GHOST', 'ClearCache', {})).rejects.toMatchObject({ name: 'CallFailedError', reason: 'noRoute' });
    expect(h.store.frames.list({ chargePointId: 'GHOST' }).rows[0]).toMatchObject({ state: 'failed', errorDescription: expect.stringMatching(/^noRoute: /) });
  });

  it('callFailed from the edge rejects with its reason (overflow, replaced, disconnected)', async () => {
    for (const reason of ['overflow', 'replaced', 'disconnected'] as const) {
      const p = h.backend.sendCall('CP1', 'ClearCache', {});
      await settle();
      const c = h.calls('CP1').at(-1)!;
      await h.event('callFailed', 'CP1', { messageId: c.messageId, reason, description: 'edge said so' });
      await expect(p).rejects.toMatchObject({ reason });
      // the log row says why it ended, not only that it failed
      const row = h.store.frames.findOutboundCall('CP1', c.messageId);
      expect(row).toMatchObject({ state: 'failed', errorDescription: `${reason}: edge said so` });
    }
  });

  it('the safety timer rejects when the edge never reports (timeout + margin)', async () => {
    const p = h.backend.sendCall('CP1', 'ClearCache', {}, { timeoutMs: 1000 });
    const outcome = p.catch((e: unknown) => e);
    await h.clock.advance(1000 + 5000 - 1);
    expect(h.backend.pendingCallCount()).toBe(1);
    await h.clock.advance(1);
    const err = await outcome;
    expect(err).toBeInstanceOf(CallFailedError);
    expect(err).toMatchObject({ reason: 'timeout' });
    expect(h.backend.pendingCallCount()).toBe(0);
    expect(h.store.frames.list({ chargePointId: 'CP1', direction: 'out', messageType: 'CALL' }).rows[0]).toMatchObject({
      state: 'timeout',
      errorDescription: expect.stringMatching(/^timeout: /),
    });
  });

  it('calls queued behind others get a longer safety window, re-armed when the edge reports the CALL sent', async () => {
    const a = h.backend.sendCall('CP1', 'ClearCache', {}, { timeoutMs: 1000 }).catch((e: unknown) => e);
    const b = h.backend.sendCall('CP1', 'ClearCache', {}, { timeoutMs: 1000 }).catch((e: unknown) => e);
    await settle();
    const [ca, cb] = h.calls('CP1');
    await h.clock.advance(900);
    await answer('CP1', 0, { status: 'Accepted' });
    expect(await a).toEqual({ status: 'Accepted' });
    await h.event('callSent', 'CP1', { messageId: cb!.messageId });
    await h.clock.advance(5000); // 5900 ms since b was queued: beyond a lone call's window, within b's re-armed one
    expect(h.backend.pendingCallCount()).toBe(1);
    await h.clock.advance(1000);
    expect(await b).toMatchObject({ reason: 'timeout' });
    expect(ca).toBeDefined();
  });

  it('latency is measured from when the edge wrote the CALL; a late reply after a timeout is still linked', async () => {
    const p = h.backend.sendCall('CP1', 'ClearCache', {}, { timeoutMs: 1000 }).catch((e: unknown) => e);
    await settle();
    const c = h.calls('CP1')[0]!;
    await h.clock.advance(200);
    await h.event('callSent', 'CP1', { messageId: c.messageId });
    await h.clock.advance(250);
    await h.raw('CP1', JSON.stringify([3, c.messageId, { status: 'Accepted' }]));
    await p;
    const call = h.store.frames.findOutboundCall('CP1', c.messageId)!;
    expect(h.store.frames.get(call.replyFrameId!)?.latencyMs).toBe(250);

    const late = h.backend.sendCall('CP1', 'ClearCache', {}, { timeoutMs: 1000 }).catch((e: unknown) => e);
    await settle();
    const c2 = h.calls('CP1')[1]!;
    await h.event('callFailed', 'CP1', { messageId: c2.messageId, reason: 'timeout', description: 't' });
    expect(await late).toMatchObject({ reason: 'timeout' });
    await h.clock.advance(3000);
    await h.raw('CP1', JSON.stringify([3, c2.messageId, { status: 'Accepted' }]));
    const call2 = h.store.frames.findOutboundCall('CP1', c2.messageId)!;
    expect(call2).toMatchObject({ state: 'timeout', replyFrameId: expect.any(Number) });
    expect(h.store.frames.get(call2.replyFrameId!)).toMatchObject({ callFrameId: call2.id, valid: true });
  });

  it('a disconnect rejects the pending calls of that connection only', async () => {
    const old = h.backend.sendCall('CP1', 'ClearCache', {}).catch((e: unknown) => e);
    await settle();
    await h.connect('CP1', 'conn-2');
    const fresh = h.backend.sendCall('CP1', 'ClearCache', {});
    await settle();
    await h.disconnect('CP1', 'conn-1');
    expect(await old).toMatchObject({ reason: 'disconnected' });
    expect(h.backend.pendingCallCount()).toBe(1);
    await answer('CP1', 1, { status: 'Accepted' });
    expect(await fresh).toEqual({ status: 'Accepted' });
    expect(h.store.chargePoints.get('CP1')?.online).toBe(true);
  });

  it('stop() rejects everything still pending', async () => {
    const p = h.backend.sendCall('CP1', 'ClearCache', {}).catch((e: unknown) => e);
    await settle();
    await h.backend.stop();
    expect(await p).toMatchObject({ reason: 'stopped' });
  });
});

describe('server CALLs in flight when the backend dies (issue 16)', () => {
  it('are marked failed on the next start, not left "queued"/"sent" forever; a late reply still links', async () => {
    void h.backend.sendCall('CP1', 'Reset', { type: 'Soft' }).catch(() => {});
    void h.backend.sendCall('CP1', 'ClearCache', {}).catch(() => {});
    await settle();
    const [reset, clear] = h.calls('CP1');
    await h.event('callSent', 'CP1', { messageId: reset!.messageId });
    const before = h.store.frames.list({ chargePointId: 'CP1', direction: 'out', messageType: 'CALL' }).rows;
    expect(before.map((f) => f.state).sort()).toEqual(['queued', 'sent']);
    // "kill -9": nothing of the old backend runs again; a new one starts on the same database
    const next = await createBackend({ store: h.store, settings: h.settings, transport: new TestTransport(), clock: h.clock });
    await next.start();
    const after = h.store.frames.list({ chargePointId: 'CP1', direction: 'out', messageType: 'CALL' }).rows;
    expect(after.map((f) => f.state)).toEqual(['failed', 'failed']);
    expect(after[0]!.errorDescription).toMatch(/backend restarted/);
    // the charger's reply, arriving late through the new backend, is still linked to its CALL
    await next.handle({
      kind: 'frame',
      chargePointId: 'CP1',
      edgeId: 'edge-t',
      connectionId: 'conn-1',
      eventId: 'late-1',
      at: h.clock.iso(),
      text: JSON.stringify([3, reset!.messageId, { status: 'Accepted' }]),
    });
    expect(h.store.frames.get(after.find((f) => f.messageId === reset!.messageId)!.id)?.replyFrameId).not.toBeNull();
    expect(clear).toBeDefined();
    await next.stop();
  });
});
