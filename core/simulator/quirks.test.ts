import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkPayload } from '../ocpp/index.js';
import { TestCentralSystem } from './testing/testCentralSystem.js';
import { advance, makeCharger, waitFor, type TestCharger } from './testing/helpers.js';

let cs: TestCentralSystem;
let t: TestCharger;
beforeEach(async () => {
  cs = await TestCentralSystem.start();
});
afterEach(async () => {
  await t.cp.stop();
  await cs.close();
});

async function registered(profile: string, configuration: Record<string, string | number | boolean> = {}): Promise<TestCharger> {
  t = makeCharger(cs.url, profile, { configuration: { ClockAlignedDataInterval: 0, ...configuration } });
  await t.cp.powerOn();
  await waitFor(() => t.cp.registration === 'Accepted' && t.cp.idle, `${profile} registered`);
  return t;
}

describe('firmware quirks are visible on the wire', () => {
  it('reference: offers ocpp1.6, answers pings exactly, reports connector 0, RFC 3339 timestamps', async () => {
    await registered('reference');
    expect(cs.connections[0]?.headers['sec-websocket-protocol']).toBe('ocpp1.6');
    cs.socket('CP-1')?.ping(Buffer.from('abcd'));
    await waitFor(() => cs.pongs.length === 1, 'pong');
    expect(cs.pongs[0]?.data.toString()).toBe('abcd');
    expect(cs.calls('CP-1', 'StatusNotification').map((c) => c.payload.connectorId)).toEqual([0, 1, 2]);
    expect(String(cs.calls('CP-1', 'StatusNotification')[0]?.payload.timestamp)).toMatch(/Z$/);
  });

  it('grizzl-e: no Sec-WebSocket-Protocol, truncated pongs, connector 1 only, RemoteStart too soon rejected', async () => {
    await registered('grizzl-e');
    expect(cs.connections[0]?.headers['sec-websocket-protocol']).toBeUndefined();
    expect(cs.connections[0]?.protocol).toBe('');
    cs.socket('CP-1')?.ping(Buffer.from('abcd'));
    await waitFor(() => cs.pongs.length === 1, 'pong');
    expect(cs.pongs[0]?.data.toString()).toBe('ab');
    expect(cs.calls('CP-1', 'StatusNotification').map((c) => c.payload.connectorId)).toEqual([1]);
    t.cp.plug(1);
    expect((await cs.call('CP-1', 'RemoteStartTransaction', { idTag: 'G', connectorId: 1 }))[2]).toEqual({ status: 'Rejected' });
    await advance(t, 1_000);
    expect((await cs.call('CP-1', 'RemoteStartTransaction', { idTag: 'G', connectorId: 1 }))[2]).toEqual({ status: 'Accepted' });
    await waitFor(() => cs.calls('CP-1', 'StartTransaction').length === 1, 'started');
  });

  it('naive-clock: timestamps without timezone (which strict validation rejects)', async () => {
    await registered('naive-clock');
    const ts = String(cs.calls('CP-1', 'StatusNotification')[0]?.payload.timestamp);
    expect(ts).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/);
    expect(checkPayload('StatusNotification', 'req', cs.calls('CP-1', 'StatusNotification')[0]?.payload)?.message).toMatch(/date-time/);
  });

  it('sloppy-tx: MeterValues before StartTransaction is answered, transactionId as a string', async () => {
    await registered('sloppy-tx');
    let answer: (() => void) | null = null;
    cs.on('StartTransaction', (cpId, _p, id) => {
      answer = () => cs.sendRaw(cpId, JSON.stringify([3, id, { transactionId: 41, idTagInfo: { status: 'Accepted' } }]));
      return 'ignore';
    });
    t.cp.plug(1);
    await t.cp.start(1, 'S');
    await waitFor(() => cs.calls('CP-1', 'MeterValues').length === 1, 'early meter values');
    const early = cs.calls('CP-1', 'MeterValues')[0];
    expect(early?.payload.transactionId).toBeUndefined();
    expect(cs.calls('CP-1', 'StartTransaction')[0]!.at).toBeLessThanOrEqual(early!.at);
    (answer as unknown as () => void)();
    await waitFor(() => t.cp.connector(1).tx?.id === 41, 'tx id');
    t.cp.stopTransaction(1);
    await waitFor(() => cs.calls('CP-1', 'StopTransaction').length === 1, 'stop');
    expect(cs.calls('CP-1', 'StopTransaction')[0]?.text).toContain('"transactionId":"41"');
  });

  it('stubborn-stop: message ids restart after reboot, rejected StopTransaction retried forever', async () => {
    await registered('stubborn-stop');
    const firstIds = cs.calls('CP-1').map((c) => c.id);
    expect(firstIds[0]).toBe('1');
    cs.on('StopTransaction', () => ({ error: 'GenericError', description: 'unknown transaction' }));
    t.cp.plug(1);
    await t.cp.start(1, 'S');
    await waitFor(() => t.cp.connector(1).tx?.id, 'tx');
    t.cp.stopTransaction(1);
    for (let i = 1; i <= 6; i++) {
      await waitFor(() => cs.calls('CP-1', 'StopTransaction').length === i, `stop attempt ${i}`);
      await advance(t, 10_000 * i);
    }
    expect(cs.calls('CP-1', 'StopTransaction').length).toBeGreaterThan(Number(t.cp.config.get('TransactionMessageAttempts')));
    cs.on('StopTransaction', null);
    await waitFor(() => t.cp.idle, 'stop finally accepted');
    const before = cs.calls('CP-1').length;
    await t.cp.reboot('Hard');
    await advance(t, 5_000);
    await waitFor(() => cs.calls('CP-1', 'BootNotification').length === 2, 'boot after reboot');
    expect(cs.calls('CP-1')[before]?.id).toBe('1');
    expect(cs.calls('CP-1')[before]?.action).toBe('BootNotification');
  });
  it('double-start: RemoteStart on a charging connector is accepted and starts a second transaction; both stop at the end', async () => {
    await registered('double-start');
    t.cp.plug(1);
    await t.cp.start(1, 'CARD');
    await waitFor(() => t.cp.connector(1).tx?.id, 'first transaction');
    await advance(t, 600_000);
    expect((await cs.call('CP-1', 'RemoteStartTransaction', { idTag: 'REMOTE', connectorId: 1 }))[2]).toEqual({ status: 'Accepted' });
    await waitFor(() => cs.calls('CP-1', 'StartTransaction').length === 2, 'second StartTransaction');
    const [first, second] = cs.calls('CP-1', 'StartTransaction').map((c) => c.payload);
    expect(second).toMatchObject({ connectorId: 1, idTag: 'REMOTE' });
    expect(Number(second!.meterStart)).toBeGreaterThan(Number(first!.meterStart));
    await waitFor(() => t.cp.connector(1).tx?.id === 2 && t.cp.idle, 'second transaction id');
    await advance(t, 600_000);
    t.cp.stopTransaction(1, 'EVDisconnected');
    await waitFor(() => cs.calls('CP-1', 'StopTransaction').length === 2, 'both stopped');
    const stops = cs.calls('CP-1', 'StopTransaction').map((c) => c.payload);
    expect(stops.map((p) => p.transactionId)).toEqual([2, 1]);
    expect(stops[0]!.meterStop).toBe(stops[1]!.meterStop);
    expect(stops.map((p) => p.reason)).toEqual(['EVDisconnected', 'EVDisconnected']);
    expect(t.cp.connector(1).tx).toBeNull();
  });

  it('reference: RemoteStart is refused while a local start is authorizing, and on a charging connector', async () => {
    await registered('reference');
    let answerAuthorize: (() => void) | null = null;
    cs.on('Authorize', (cpId, _p, id) => {
      answerAuthorize = () => cs.sendRaw(cpId, JSON.stringify([3, id, { idTagInfo: { status: 'Accepted' } }]));
      return 'ignore';
    });
    t.cp.plug(1);
    const local = t.cp.start(1, 'CARD');
    await waitFor(() => answerAuthorize, 'Authorize sent');
    expect((await cs.call('CP-1', 'RemoteStartTransaction', { idTag: 'REMOTE', connectorId: 1 }))[2]).toEqual({ status: 'Rejected' });
    (answerAuthorize as unknown as () => void)();
    await local;
    await waitFor(() => t.cp.connector(1).tx?.id, 'local transaction');
    expect((await cs.call('CP-1', 'RemoteStartTransaction', { idTag: 'REMOTE', connectorId: 1 }))[2]).toEqual({ status: 'Rejected' });
    expect(cs.calls('CP-1', 'StartTransaction').map((c) => c.payload.idTag)).toEqual(['CARD']);
  });
});
