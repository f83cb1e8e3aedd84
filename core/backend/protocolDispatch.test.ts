/**
 * Dispatch by (version, action): a 2.0.1 connection's frames are parsed, validated and answered in 2.0.1 (its
 * error codes, its schemas, its chains) and stored in the same frames table with their version; 1.6 stays as it
 * was. A 2.0.1 CALL nobody handles yet gets NotImplemented; server CALLs go out in the charger's version.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createHarness, BOOT, type Harness } from './testing/harness.js';
import { waitFor } from '../edge/testing/wsClient.js';
import { versionedCallMiddleware, versionedReplyMiddleware } from './context.js';
import { OcppError } from '../ocpp/index.js';

const BOOT201 = { reason: 'PowerUp', chargingStation: { model: 'M1', vendorName: 'ACME' } };

let h: Harness;
afterEach(async () => {
  await h?.close();
});

const framesOf = (cp: string) => h.store.frames.list({ chargePointId: cp, order: 'asc' }).rows;

describe('a 2.0.1 connection', () => {
  it('is recorded on the charge point; its BootNotification is answered by the 2.0.1 central system, an action it does not support gets NotSupported; every frame is stored with its version', async () => {
    h = await createHarness();
    await h.connect('CS-201', 'c201', 'ocpp2.0.1');
    expect(h.store.chargePoints.get('CS-201')).toMatchObject({ protocol: 'ocpp2.0.1', subprotocol: 'ocpp2.0.1', online: true });
    const reply = await h.call('CS-201', 'BootNotification', BOOT201, { connectionId: 'c201', messageId: 'b1' });
    expect(reply.slice(0, 2)).toEqual([3, 'b1']);
    expect(reply[2]).toMatchObject({ status: 'Accepted', interval: 3600 });
    const sign = await h.call('CS-201', 'SignCertificate', { csr: '-----BEGIN CERTIFICATE REQUEST-----' }, { connectionId: 'c201', messageId: 's1' });
    expect(sign.slice(0, 3)).toEqual([4, 's1', 'NotSupported']);
    expect(sign[3]).toMatch(/SignCertificate is an OCPP 2.0.1 action this central system does not support/);
    const rows = framesOf('CS-201');
    expect(rows.map((r) => [r.direction, r.messageType, r.action, r.protocol, r.valid])).toEqual([
      ['in', 'CALL', 'BootNotification', 'ocpp2.0.1', true],
      ['out', 'CALLRESULT', 'BootNotification', 'ocpp2.0.1', true],
      ['in', 'CALL', 'SignCertificate', 'ocpp2.0.1', true],
      ['out', 'CALLERROR', 'SignCertificate', 'ocpp2.0.1', true],
    ]);
    expect(rows[0]!.replyFrameId).toBe(rows[1]!.id);
    // A 1.6 charger on the same backend is answered as always.
    await h.connect('CP-16', 'c16');
    expect((await h.call('CP-16', 'BootNotification', BOOT, { connectionId: 'c16' }))[0]).toBe(3);
    expect(h.store.chargePoints.get('CP-16')).toMatchObject({ protocol: 'ocpp1.6', registrationStatus: 'Accepted' });
    expect(framesOf('CP-16').every((r) => r.protocol === 'ocpp1.6')).toBe(true);
  });

  it('answers unknown and wrong-direction actions in 2.0.1 terms', async () => {
    h = await createHarness();
    await h.connect('CS-201', 'c', 'ocpp2.0.1');
    const call = (action: string, payload: Record<string, unknown> = {}) => h.call('CS-201', action, payload, { connectionId: 'c' });
    expect((await call('Teleport')).slice(2, 4)).toEqual(['NotImplemented', 'Unknown action "Teleport": not an OCPP 2.0.1 action']);
    expect((await call('StartTransaction')).slice(2, 4)).toEqual(['NotImplemented', 'Unknown action "StartTransaction": not an OCPP 2.0.1 action']);
    expect((await call('RequestStartTransaction', { idToken: { idToken: 'T', type: 'Central' }, remoteStartId: 1 })).slice(2, 4)).toEqual([
      'NotSupported',
      'RequestStartTransaction is sent by a CSMS to a charging station, not by a charging station',
    ]);
    // and a 1.6 charger sending a 2.0.1 action gets the 1.6 answer
    await h.connect('CP-16', 'c16');
    expect((await h.call('CP-16', 'TransactionEvent', {}, { connectionId: 'c16' })).slice(2, 4)).toEqual([
      'NotImplemented',
      'Unknown action "TransactionEvent": not an OCPP 1.6 action',
    ]);
  });

  it("validates with the 2.0.1 schemas and answers with 2.0.1's spelling of the code", async () => {
    h = await createHarness();
    await h.connect('CS-201', 'c', 'ocpp2.0.1');
    await h.connect('CP-16', 'c16');
    const missing201 = await h.call('CS-201', 'BootNotification', { reason: 'PowerUp' }, { connectionId: 'c' });
    expect(missing201[2]).toBe('OccurrenceConstraintViolation');
    const missing16 = await h.call('CP-16', 'BootNotification', { chargePointVendor: 'V' }, { connectionId: 'c16' });
    expect(missing16[2]).toBe('OccurenceConstraintViolation');
    expect((await h.call('CS-201', 'Heartbeat', { extra: 1 }, { connectionId: 'c' }))[2]).toBe('FormatViolation');
    expect((await h.call('CP-16', 'Heartbeat', { extra: 1 }, { connectionId: 'c16' }))[2]).toBe('FormationViolation');
    const boot = framesOf('CS-201')[0]!;
    expect(boot).toMatchObject({ valid: false, errorCode: 'OccurrenceConstraintViolation', protocol: 'ocpp2.0.1' });
  });

  it('answers broken frames with the 2.0.1 RPC framework codes, and stores them', async () => {
    h = await createHarness();
    await h.connect('CS-201', 'c', 'ocpp2.0.1');
    expect((await h.raw('CS-201', '{not json', { connectionId: 'c' }))?.slice(0, 3)).toEqual([4, '-1', 'RpcFrameworkError']);
    expect((await h.raw('CS-201', '[7,"u1","Heartbeat",{}]', { connectionId: 'c' }))?.slice(0, 3)).toEqual([4, 'u1', 'MessageTypeNotSupported']);
    expect((await h.raw('CS-201', '[2,"p1","Heartbeat",[]]', { connectionId: 'c' }))?.slice(0, 3)).toEqual([4, 'p1', 'FormatViolation']);
    expect((await h.raw('CS-201', '[2,"p2","Heartbeat"]', { connectionId: 'c' }))?.slice(0, 3)).toEqual([4, 'p2', 'RpcFrameworkError']);
    const stored = framesOf('CS-201');
    expect(stored.filter((r) => r.direction === 'in').map((r) => [r.valid, r.errorCode, r.protocol])).toEqual([
      [false, 'RpcFrameworkError', 'ocpp2.0.1'],
      [false, 'MessageTypeNotSupported', 'ocpp2.0.1'],
      [false, 'FormatViolation', 'ocpp2.0.1'],
      [false, 'RpcFrameworkError', 'ocpp2.0.1'],
    ]);
    expect(stored.filter((r) => r.direction === 'out').every((r) => r.messageType === 'CALLERROR' && r.protocol === 'ocpp2.0.1')).toBe(true);
  });
});

describe('2.0.1 middleware (the extension point)', () => {
  const heartbeat201 = versionedCallMiddleware('ocpp2.0.1', {
    name: 'Test201Heartbeat',
    description: 'answers a 2.0.1 Heartbeat (test)',
    action: 'Heartbeat',
    handle(ctx) {
      expect(ctx.protocol).toBe('ocpp2.0.1');
      ctx.response = { currentTime: new Date(ctx.nowMs).toISOString() };
    },
  });
  const badBoot201 = versionedCallMiddleware('ocpp2.0.1', {
    name: 'Test201BadBoot',
    description: 'answers a 2.0.1 BootNotification with a 1.6-shaped reply (test)',
    action: 'BootNotification',
    handle(ctx) {
      ctx.response = { status: 'Accepted', currentTime: new Date(ctx.nowMs).toISOString(), interval: 300, chargePointVendor: 'x' } as never;
    },
  });
  const resetReplies: string[] = [];
  const resetReply201 = versionedReplyMiddleware('ocpp2.0.1', {
    name: 'Test201ResetReply',
    description: 'records 2.0.1 Reset replies (test)',
    action: 'Reset',
    handle(ctx) {
      resetReplies.push(`${ctx.request.type}:${ctx.result?.status ?? ctx.error?.code}`);
    },
  });

  it('runs in the ocpp2.0.1/<Action> chain, its reply validated with the 2.0.1 schema; the 1.6 chains and names are untouched', async () => {
    h = await createHarness({ middleware: [heartbeat201, badBoot201, resetReply201] });
    await h.connect('CS-201', 'c', 'ocpp2.0.1');
    const hb = await h.call('CS-201', 'Heartbeat', {}, { connectionId: 'c' });
    expect(hb[0]).toBe(3);
    expect(hb[2]).toEqual({ currentTime: expect.any(String) });
    const boot = await h.call('CS-201', 'BootNotification', BOOT201, { connectionId: 'c' });
    expect(boot.slice(0, 3)).toEqual([4, expect.any(String), 'InternalError']);
    expect(boot[3]).toMatch(/Our BootNotification reply failed validation/);

    const chains = h.backend.middleware.list();
    const v201 = chains.filter((c) => c.protocol === 'ocpp2.0.1').map((c) => [c.chain, c.action, c.kind]);
    expect(v201).toContainEqual(['ocpp2.0.1/BootNotification', 'BootNotification', 'call']);
    expect(v201).toContainEqual(['ocpp2.0.1/Heartbeat', 'Heartbeat', 'call']);
    expect(v201).toContainEqual(['ocpp2.0.1/Reset.reply', 'Reset', 'reply']);
    expect(chains.find((c) => c.chain === 'ocpp2.0.1/Heartbeat')?.middleware.map((m) => m.name)).toEqual(['Heartbeat201', 'Test201Heartbeat']);
    expect(chains.filter((c) => c.protocol === 'ocpp1.6').map((c) => c.chain)).toEqual([
      'Authorize',
      'BootNotification',
      'DataTransfer',
      'DiagnosticsStatusNotification',
      'FirmwareStatusNotification',
      'Heartbeat',
      'MeterValues',
      'StartTransaction',
      'StatusNotification',
      'StopTransaction',
      'CancelReservation.reply',
      'ChangeConfiguration.reply',
      'ClearChargingProfile.reply',
      'GetConfiguration.reply',
      'ReserveNow.reply',
      'SetChargingProfile.reply',
    ]);
    // switching the 2.0.1 chain off leaves 1.6 alone, and is saved under its versioned name
    await h.backend.middleware.setEnabled('ocpp2.0.1/Heartbeat', 'Test201Heartbeat', false);
    await h.backend.middleware.setEnabled('ocpp2.0.1/Heartbeat', 'Heartbeat201', false);
    expect(h.settings.get().middleware['ocpp2.0.1/Heartbeat']).toEqual({
      order: ['Heartbeat201', 'Test201Heartbeat'],
      disabled: ['Heartbeat201', 'Test201Heartbeat'],
    });
    expect((await h.call('CS-201', 'Heartbeat', {}, { connectionId: 'c' }))[2]).toBe('NotSupported');
    await h.connect('CP-16', 'c16');
    expect((await h.call('CP-16', 'Heartbeat', {}, { connectionId: 'c16' }))[0]).toBe(3);
    // 1.6 chains answer to their old names and to ocpp1.6/<Action>, saved under the old name
    const info = await h.backend.middleware.setEnabled('ocpp1.6/StartTransaction', 'OrphanedTransaction', false);
    expect(info.chain).toBe('StartTransaction');
    expect(h.settings.get().middleware.StartTransaction).toBeDefined();
    expect(h.settings.get().middleware['ocpp1.6/StartTransaction']).toBeUndefined();
  });

  it('a server CALL to a 2.0.1 charger is validated with its schemas, stored with its version, and its reply runs the 2.0.1 reply chain', async () => {
    resetReplies.length = 0;
    h = await createHarness({ middleware: [resetReply201] });
    await h.connect('CS-201', 'c', 'ocpp2.0.1');
    // a 1.6 payload is not a 2.0.1 Reset
    await expect(h.backend.sendCall('CS-201', 'Reset', { type: 'Hard' })).rejects.toMatchObject({ code: 'PropertyConstraintViolation' });
    await expect(h.backend.sendCall('CS-201', 'RemoteStartTransaction', { idTag: 'T' })).rejects.toThrow(
      /RemoteStartTransaction is not an OCPP 2.0.1 central-system action/,
    );
    await expect(h.backend.sendVersionedCall('ocpp1.6', 'CS-201', 'Reset', { type: 'Hard' })).rejects.toBeInstanceOf(OcppError);
    const nthCall = async (n: number) => {
      await waitFor(() => h.calls('CS-201').length >= n, 3000, `server CALL #${n}`);
      return h.calls('CS-201')[n - 1]!;
    };
    const pending = h.backend.sendVersionedCall('ocpp2.0.1', 'CS-201', 'Reset', { type: 'Immediate' });
    const cmd = await nthCall(1);
    expect(JSON.parse(cmd.text)).toEqual([2, cmd.messageId, 'Reset', { type: 'Immediate' }]);
    await h.event('callSent', 'CS-201', { messageId: cmd.messageId }, 'c');
    await h.raw('CS-201', JSON.stringify([3, cmd.messageId, { status: 'Accepted' }]), { connectionId: 'c' });
    await expect(pending).resolves.toEqual({ status: 'Accepted' });
    expect(resetReplies).toEqual(['Immediate:Accepted']);
    const rows = framesOf('CS-201').filter((r) => r.action === 'Reset');
    expect(rows.map((r) => [r.direction, r.messageType, r.protocol])).toEqual([
      ['out', 'CALL', 'ocpp2.0.1'],
      ['in', 'CALLRESULT', 'ocpp2.0.1'],
    ]);
    // an invalid 2.0.1 reply rejects the call with the 2.0.1 code
    const bad = h.backend.sendCall('CS-201', 'ClearCache', {});
    const cmd2 = await nthCall(2);
    await h.raw('CS-201', JSON.stringify([3, cmd2.messageId, { status: 'Maybe' }]), { connectionId: 'c' });
    await expect(bad).rejects.toMatchObject({ code: 'PropertyConstraintViolation' });
    // and a 2.0.1 CALLERROR (its own codes) settles it as an error
    const failing = h.backend.sendCall('CS-201', 'ClearCache', {});
    const cmd3 = await nthCall(3);
    await h.raw('CS-201', JSON.stringify([4, cmd3.messageId, 'OccurrenceConstraintViolation', 'no', {}]), { connectionId: 'c' });
    await expect(failing).rejects.toMatchObject({ code: 'OccurrenceConstraintViolation' });
  });
});
