/** Every error path: frame-level errors, payload validation codes, middleware failures, strictness, redelivery. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OcppError } from '../ocpp/index.js';
import { callMiddleware } from './context.js';
import { createHarness, BOOT, type Harness } from './testing/harness.js';

let h: Harness;
beforeEach(async () => {
  h = await createHarness();
  await h.connect('CP1');
});
afterEach(() => h.close());

describe('frame errors (all stored raw, answered per OCPP-J)', () => {
  it('not JSON → FormationViolation to id "-1"', async () => {
    expect(await h.raw('CP1', '{{{')).toEqual([4, '-1', 'FormationViolation', expect.stringContaining('not valid JSON'), {}]);
    expect(h.store.frames.list({ chargePointId: 'CP1', direction: 'in' }).rows[0]).toMatchObject({ raw: '{{{', valid: false, errorCode: 'FormationViolation' });
  });
  it('a truncated CALL whose id is readable → FormationViolation to that id (issue 16)', async () => {
    expect(await h.raw('CP1', '[2,"a","Heartbeat",{')).toEqual([4, 'a', 'FormationViolation', expect.stringContaining('not valid JSON'), {}]);
    expect(h.store.frames.list({ chargePointId: 'CP1', direction: 'in' }).rows[0]).toMatchObject({
      raw: '[2,"a","Heartbeat",{',
      messageId: 'a',
      valid: false,
      errorCode: 'FormationViolation',
    });
  });
  it('a truncated reply is stored, never answered (issue 16)', async () => {
    expect(await h.raw('CP1', '[3,"r1",{"status":')).toBeUndefined();
    expect(h.store.frames.list({ chargePointId: 'CP1' }).rows[0]).toMatchObject({ messageType: 'CALLRESULT', valid: false, errorCode: 'FormationViolation' });
  });
  it('not an array, or an unknown message type → FormationViolation', async () => {
    expect((await h.raw('CP1', '{"hello":1}'))?.[2]).toBe('FormationViolation');
    expect(await h.raw('CP1', '[7,"x",{}]')).toEqual([4, 'x', 'FormationViolation', expect.any(String), {}]);
  });
  it('a CALL with missing elements → ProtocolError', async () => {
    expect(await h.raw('CP1', '[2,"short","Heartbeat"]')).toEqual([4, 'short', 'ProtocolError', expect.any(String), {}]);
  });
  it('a malformed CALLRESULT is stored but never answered', async () => {
    expect(await h.raw('CP1', '[3,"r1"]')).toBeUndefined();
    expect(h.store.frames.list({ chargePointId: 'CP1' }).rows[0]).toMatchObject({ messageType: 'CALLRESULT', valid: false, errorCode: 'FormationViolation' });
  });
  it('a reply to a CALL we never sent is stored and flagged, not answered', async () => {
    expect(await h.raw('CP1', '[3,"nobody-asked",{}]')).toBeUndefined();
    expect(h.store.frames.list({ chargePointId: 'CP1' }).rows[0]).toMatchObject({
      messageType: 'CALLRESULT',
      valid: false,
      errorCode: 'ProtocolError',
      callFrameId: null,
    });
  });
});

describe('payload validation codes (strict)', () => {
  it('TypeConstraintViolation', async () => {
    expect((await h.call('CP1', 'BootNotification', { ...BOOT, chargePointVendor: 5 }))[2]).toBe('TypeConstraintViolation');
  });
  it('OccurenceConstraintViolation', async () => {
    expect((await h.call('CP1', 'BootNotification', { chargePointVendor: 'A' }))[2]).toBe('OccurenceConstraintViolation');
  });
  it('PropertyConstraintViolation', async () => {
    expect((await h.call('CP1', 'StatusNotification', { connectorId: 1, status: 'Dancing', errorCode: 'NoError' }))[2]).toBe('PropertyConstraintViolation');
    expect((await h.call('CP1', 'BootNotification', { ...BOOT, chargePointVendor: 'V'.repeat(21) }))[2]).toBe('PropertyConstraintViolation');
  });
  it('FormationViolation for unknown properties', async () => {
    const r = await h.call('CP1', 'Heartbeat', { extra: 1 });
    expect(r[2]).toBe('FormationViolation');
    expect(r[4]).toMatchObject({ errors: [expect.objectContaining({ keyword: 'additionalProperties' })] });
  });
  it('absurd numbers are schema violations: connector −1 → PropertyConstraintViolation, 1e300 → TypeConstraintViolation; stored flagged (issue 16)', async () => {
    const neg = await h.raw('CP1', '[2,"n1","StatusNotification",{"connectorId":-1,"status":"Available","errorCode":"NoError"}]');
    expect(neg?.slice(0, 2)).toEqual([4, 'n1']);
    expect(neg?.[2]).toBe('PropertyConstraintViolation');
    expect(String(neg?.[3])).toMatch(/connectorId must be >= 0/);
    const huge = await h.raw('CP1', '[2,"n2","StartTransaction",{"connectorId":1,"idTag":"T","meterStart":1e300,"timestamp":"2026-01-01T00:00:00Z"}]');
    expect(huge?.[2]).toBe('TypeConstraintViolation');
    expect(String(huge?.[3])).toMatch(/meterStart must be a 32-bit integer/);
    expect(
      (
        await h.call('CP1', 'MeterValues', {
          connectorId: 1,
          transactionId: 2 ** 31,
          meterValue: [{ timestamp: '2026-01-01T00:00:00Z', sampledValue: [{ value: '1' }] }],
        })
      )[2],
    ).toBe('TypeConstraintViolation');
    const stored = h.store.frames.list({ chargePointId: 'CP1', direction: 'in' }).rows;
    for (const id of ['n1', 'n2'])
      expect(stored.find((f) => f.messageId === id)).toMatchObject({ valid: false, errorCode: expect.stringMatching(/ConstraintViolation/) });
    expect(h.store.transactions.list({ chargePointId: 'CP1' }).rows).toEqual([]);
    expect(h.store.connectors.list('CP1')).not.toContainEqual(expect.objectContaining({ connectorId: -1 }));
  });
  it('the largest 32-bit values are fine', async () => {
    expect((await h.call('CP1', 'StartTransaction', { connectorId: 1, idTag: 'T', meterStart: 2 ** 31 - 1, timestamp: '2026-01-01T00:00:00Z' }))[0]).toBe(3);
  });
  it('decimal multipleOf accepts 8.1', async () => {
    const r = await h.call('CP1', 'MeterValues', { connectorId: 1, meterValue: [{ timestamp: '2026-01-01T00:00:00Z', sampledValue: [{ value: '8.1' }] }] });
    expect(r[0]).toBe(3);
  });
});

describe('strictness setting', () => {
  it('warn: a connector −1 is handled but flagged with its problem, never stored silently (issue 16)', async () => {
    await h.settings.update((d) => (d.validation = 'warn'));
    expect((await h.raw('CP1', '[2,"w1","StatusNotification",{"connectorId":-1,"status":"Available","errorCode":"NoError"}]'))?.[0]).toBe(3);
    expect(h.store.frames.list({ chargePointId: 'CP1', direction: 'in' }).rows.find((f) => f.messageId === 'w1')).toMatchObject({
      valid: false,
      errorCode: 'PropertyConstraintViolation',
    });
  });
  it('warn: an invalid request is handled and flagged in the log; off: not even flagged', async () => {
    await h.settings.update((d) => (d.validation = 'warn'));
    const r = await h.call('CP1', 'StatusNotification', { connectorId: 1, status: 'Available', errorCode: 'NoError', firmwareMood: 'happy' });
    expect(r[0]).toBe(3);
    expect(h.store.frames.list({ chargePointId: 'CP1', messageType: 'CALL' }).rows[0]).toMatchObject({ valid: false, errorCode: 'FormationViolation' });
    await h.settings.update((d) => (d.validation = 'off'));
    await h.call('CP1', 'Heartbeat', { junk: true });
    expect(h.store.frames.list({ chargePointId: 'CP1', messageType: 'CALL' }).rows[0]).toMatchObject({ valid: true, errorCode: null });
  });
});

describe('middleware failures', () => {
  it('a deliberate OcppError keeps its code (SecurityError, GenericError)', async () => {
    const guard = callMiddleware({
      name: 'Guard',
      description: 'test: refuses some tags',
      action: 'Authorize',
      handle(ctx) {
        if (ctx.request.idTag === 'HACK') throw new OcppError('SecurityError', 'tag not allowed here');
        throw new OcppError('GenericError', 'something else');
      },
    });
    const h2 = await createHarness({ middleware: [guard] });
    await h2.connect('CP1');
    await h2.backend.middleware.reorder('Authorize', ['Guard']);
    expect(await h2.call('CP1', 'Authorize', { idTag: 'HACK' }, { messageId: 's' })).toEqual([4, 's', 'SecurityError', 'tag not allowed here', {}]);
    expect((await h2.call('CP1', 'Authorize', { idTag: 'X' }))[2]).toBe('GenericError');
    await h2.close();
  });
  it('a middleware building an invalid reply → InternalError (never an invalid CALLRESULT on the wire)', async () => {
    const bad = callMiddleware({
      name: 'BadReply',
      description: 'test: answers nonsense',
      action: 'Heartbeat',
      async handle(ctx, next) {
        await next();
        ctx.response = { currentTime: 'yesterday' };
      },
    });
    const h2 = await createHarness({ middleware: [bad] });
    await h2.connect('CP1');
    await h2.backend.middleware.reorder('Heartbeat', ['BadReply', 'Heartbeat']);
    const r = await h2.call('CP1', 'Heartbeat', {});
    expect(r[2]).toBe('InternalError');
    expect(r[3]).toContain('failed validation');
    expect(h2.store.chargePoints.get('CP1')?.lastHeartbeatAt).toBeNull();
    await h2.close();
  });
  it('every answering middleware disabled: NotSupported when the reply needs fields, {} when it may be empty', async () => {
    await h.backend.middleware.setEnabled('Heartbeat', 'Heartbeat', false);
    expect((await h.call('CP1', 'Heartbeat', {}))[2]).toBe('NotSupported');
    await h.backend.middleware.setEnabled('StatusNotification', 'StatusNotification', false);
    await h.backend.middleware.setEnabled('StatusNotification', 'AutoRemoteStart', false);
    expect((await h.call('CP1', 'StatusNotification', { connectorId: 1, status: 'Available', errorCode: 'NoError' }))[2]).toEqual({});
    expect(h.store.connectors.get('CP1', 1)).toBeUndefined();
  });
  it('a storage failure rejects handle() so the transport does not ack the event', async () => {
    h.store.db.exec('DROP TABLE frames');
    await expect(h.raw('CP1', JSON.stringify([2, 'x', 'Heartbeat', {}]))).rejects.toThrow();
  });
});

describe('redelivery (at-least-once transports)', () => {
  it('the same event twice runs the chain once and resends the stored reply', async () => {
    const text = JSON.stringify([2, 'dup', 'StartTransaction', { connectorId: 1, idTag: 'T', meterStart: 0, timestamp: '2026-01-01T00:00:00Z' }]);
    const first = await h.raw('CP1', text, { eventId: 'edge-x:1' });
    const second = await h.raw('CP1', text, { eventId: 'edge-x:1' });
    expect(second).toEqual(first);
    expect(h.store.transactions.list().total).toBe(1);
    // same event id from a new connection (edge restarted, counter reset) is a new frame
    await h.connect('CP1', 'conn-9');
    await h.raw('CP1', JSON.stringify([2, 'dup2', 'Heartbeat', {}]), { eventId: 'edge-x:1', connectionId: 'conn-9' });
    expect(h.store.frames.list({ text: 'dup2' }).total).toBe(2);
  });
  it('a transport that never redelivers (in-process) is not asked twice: no lookup, no event id kept on the frame', async () => {
    h.transport.redelivers = false;
    const text = JSON.stringify([2, 'once', 'Heartbeat', {}]);
    await h.raw('CP1', text, { eventId: 'edge-y:1' });
    // the same envelope again can only be the charger sending it again: handled again, as a new frame
    await h.raw('CP1', text, { eventId: 'edge-y:1' });
    const calls = h.store.frames.list({ text: 'once', direction: 'in' }).rows;
    expect(calls).toHaveLength(2);
    expect(calls.map((f) => f.eventId)).toEqual([null, null]);
    h.transport.redelivers = true;
    await h.raw('CP1', JSON.stringify([2, 'kept', 'Heartbeat', {}]), { eventId: 'edge-y:2' });
    expect(h.store.frames.list({ text: 'kept', direction: 'in' }).rows[0]?.eventId).toBe('edge-y:2');
  });
  it('a repeated connect event is stored once', async () => {
    await h.transport.deliver({
      kind: 'connect',
      chargePointId: 'CP9',
      edgeId: 'e',
      connectionId: 'c9',
      eventId: 'e:1',
      at: h.clock.iso(),
      remoteAddress: '::1',
      subprotocol: null,
    });
    await h.transport.deliver({
      kind: 'connect',
      chargePointId: 'CP9',
      edgeId: 'e',
      connectionId: 'c9',
      eventId: 'e:1',
      at: h.clock.iso(),
      remoteAddress: '::1',
      subprotocol: null,
    });
    expect(h.store.connectionEvents.list('CP9')).toHaveLength(1);
  });
});
