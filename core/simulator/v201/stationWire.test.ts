/**
 * The 2.0.1 station on the shared wire parts (parts/connection.ts, parts/outbox.ts) against an independent strict
 * OCPP 2.0.1 CSMS (ocpp-rpc, strictMode: true, Basic auth): the CSMS drops the socket while a TransactionEvent
 * awaits its answer; the station reconnects by itself (backoff on its clock, Basic auth again, no second boot) and
 * sends that TransactionEvent again with the same seqNo before the next; a CALLERROR is retried after
 * OCPPCommCtrlr.MessageAttemptInterval[TransactionEvent]. A wrong password is refused at the handshake.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createRPCError, RPCServer } from 'ocpp-rpc';
import type { AddressInfo } from 'node:net';
import { advance, makeStation, waitFor, type TestStation } from './testing/helpers.js';

let server: RPCServer | null = null;
let stations: TestStation[] = [];
afterEach(async () => {
  for (const t of stations) await t.st.stop();
  stations = [];
  await server?.close({ force: true, awaitPending: false });
  server = null;
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- payloads ocpp-rpc has already validated strictly
type P = Record<string, any>;

async function strictCsms(): Promise<{ url: string; log: string[]; failures: string[]; logins: string[] }> {
  const log: string[] = [];
  const failures: string[] = [];
  const logins: string[] = [];
  server = new RPCServer({ protocols: ['ocpp2.0.1'], strictMode: true });
  server.auth((accept, reject, handshake) => {
    const password = handshake.password?.toString('utf8') ?? '';
    logins.push(`${handshake.identity}:${password}`);
    if (password === 'open-sesame') accept();
    else reject(401, 'bad password');
  });
  let dropped = false;
  let refused = false;
  server.on('client', (client) => {
    client.on('strictValidationFailure', (e: { error?: Error; method?: string }) => failures.push(`${e.method ?? ''}: ${e.error?.message}`));
    const h = (m: string, fn: (p: P) => unknown): void => client.handle(m, ({ params }: { params: P }) => (log.push(m), fn(params)));
    h('BootNotification', () => ({ status: 'Accepted', currentTime: new Date().toISOString(), interval: 3600 }));
    h('StatusNotification', () => ({}));
    h('Authorize', () => ({ idTokenInfo: { status: 'Accepted' } }));
    client.handle('TransactionEvent', ({ params }: { params: P }) => {
      log.push(`TransactionEvent ${params.eventType} ${params.seqNo}`);
      if (params.eventType === 'Updated' && !dropped) {
        // No answer: the socket goes while the station waits for it.
        dropped = true;
        void client.close({ force: true });
        return new Promise(() => {});
      }
      if (params.eventType === 'Ended' && !refused) {
        refused = true;
        throw createRPCError('InternalError', 'try again later');
      }
      return { idTokenInfo: { status: 'Accepted' } };
    });
  });
  const http = await server.listen(0, '127.0.0.1');
  return { url: `ws://127.0.0.1:${(http.address() as AddressInfo).port}/ocpp`, log, failures, logins };
}

describe('2.0.1 station on the shared connection and outbox, against a strict ocpp-rpc CSMS', () => {
  it('reconnects by itself and sends the unanswered TransactionEvent again, seqNo kept; retries one answered with CALLERROR', async () => {
    const csms = await strictCsms();
    const t = makeStation(csms.url, {
      password: 'open-sesame',
      configuration: {
        'SampledDataCtrlr.TxUpdatedInterval': 60,
        'AlignedDataCtrlr.Interval': 0,
        'OCPPCommCtrlr.MessageAttemptInterval[TransactionEvent]': 20,
      },
    });
    stations.push(t);
    await t.st.powerOn();
    await waitFor(() => t.st.registration === 'Accepted' && t.st.idle && csms.log.filter((m) => m === 'StatusNotification').length === 2, 'booted');
    expect(t.st.socket.protocol).toBe('ocpp2.0.1');
    t.st.sessions.plug(1, 1, { soc: 30 });
    await t.st.sessions.start(1, 'WIRE-TAG');
    await waitFor(() => csms.log.includes('TransactionEvent Started 0') && t.st.idle, 'started');

    await advance(t, 60_000); // the periodic Updated goes out; the CSMS drops the socket instead of answering
    await waitFor(() => !t.st.isOnline, 'dropped with the Updated unanswered');
    expect(t.st.outbox.queued).toBe(1);
    await advance(t, 1_000); // the first reconnect comes within reconnectMinS (1 s) on the station's clock
    await waitFor(() => csms.log.filter((m) => m === 'TransactionEvent Updated 1').length === 2 && t.st.idle, 'reconnected and resent');

    t.st.sessions.stop(1, 'Local', 'StopAuthorized');
    await waitFor(() => csms.log.includes('TransactionEvent Ended 2') && t.st.idle, 'Ended refused once');
    expect(t.st.outbox.queued).toBe(1);
    await advance(t, 20_000); // MessageAttemptInterval × 1 attempt
    await waitFor(() => csms.log.filter((m) => m === 'TransactionEvent Ended 2').length === 2 && t.st.idle && t.st.outbox.queued === 0, 'Ended retried');

    expect(csms.log.filter((m) => m.startsWith('TransactionEvent'))).toEqual([
      'TransactionEvent Started 0',
      'TransactionEvent Updated 1',
      'TransactionEvent Updated 1',
      'TransactionEvent Ended 2',
      'TransactionEvent Ended 2',
    ]);
    expect(csms.log.filter((m) => m === 'BootNotification')).toHaveLength(1);
    expect(csms.logins).toEqual(['CS-1:open-sesame', 'CS-1:open-sesame']);
    expect(csms.failures).toEqual([]);
    expect(t.st.stats.invalidReplies).toBe(0);
  });

  it('a wrong password is refused at the handshake: connect rejects, nothing is sent', async () => {
    const csms = await strictCsms();
    const t = makeStation(csms.url, { id: 'CS-2', password: 'guess' });
    stations.push(t);
    await expect(t.st.powerOn()).rejects.toThrow(/CS-2/);
    expect(csms.logins).toEqual(['CS-2:guess']);
    expect(t.st.isOnline).toBe(false);
    expect(csms.log).toEqual([]);
  });
});
