import { afterEach, describe, expect, it } from 'vitest';
import type { AddressInfo } from 'node:net';
import { RPCServer } from 'ocpp-rpc';
import { formatReplayReport } from './divergenceReport.js';
import { parseTextTrace } from './parseTextTrace.js';
import { replayTrace } from './replay.js';

/** An independent strict CSMS (ocpp-rpc) whose answers a test can change. */
async function strictCsms(opts: { authorize?: string; remoteStart?: boolean; txId?: number }) {
  const server = new RPCServer({ protocols: ['ocpp1.6'], strictMode: true });
  const received: Array<{ method: string; params: Record<string, unknown> }> = [];
  server.on('client', (client) => {
    client.handle(({ method, params }: { method: string; params: Record<string, unknown> }) => {
      received.push({ method, params });
      switch (method) {
        case 'BootNotification':
          return { status: 'Accepted', currentTime: new Date().toISOString(), interval: 300 };
        case 'Authorize':
          return { idTagInfo: { status: opts.authorize ?? 'Accepted' } };
        case 'StatusNotification':
          if (opts.remoteStart && params.status === 'Preparing') {
            setTimeout(() => void client.call('RemoteStartTransaction', { idTag: 'TAG1', connectorId: 1 }).catch(() => {}), 5);
          }
          return {};
        case 'StartTransaction':
          return { transactionId: opts.txId ?? 1, idTagInfo: { status: 'Accepted' } };
        case 'StopTransaction':
          return {};
        default:
          return {};
      }
    });
  });
  const http = await server.listen(0, '127.0.0.1');
  const port = (http.address() as AddressInfo).port;
  return { url: `ws://127.0.0.1:${port}/ocpp`, received, close: () => server.close({ force: true }) };
}

const RECORDED = `2024-05-01T10:00:00Z >> [2,"1","BootNotification",{"chargePointVendor":"United Chargers","chargePointModel":"GRS"}]
2024-05-01T10:00:00Z << [3,"1",{"status":"Accepted","currentTime":"2024-05-01T10:00:00Z","interval":300}]
2024-05-01T10:00:10Z >> [2,"2","Authorize",{"idTag":"TAG1"}]
2024-05-01T10:00:10Z << [3,"2",{"idTagInfo":{"status":"Accepted"}}]
2024-05-01T10:00:20Z >> [2,"3","StatusNotification",{"connectorId":1,"errorCode":"NoError","status":"Preparing"}]
2024-05-01T10:00:20Z << [3,"3",{}]
2024-05-01T10:00:21Z << [2,"srv-9","RemoteStartTransaction",{"idTag":"TAG1","connectorId":1}]
2024-05-01T10:00:21Z >> [3,"srv-9",{"status":"Accepted"}]
2024-05-01T10:00:22Z >> [2,"4","StartTransaction",{"connectorId":1,"idTag":"TAG1","meterStart":0,"timestamp":"2024-05-01T10:00:22Z"}]
2024-05-01T10:00:22Z << [3,"4",{"transactionId":777,"idTagInfo":{"status":"Accepted"}}]
2024-05-01T10:30:22Z >> [2,"5","StopTransaction",{"transactionId":777,"meterStop":3700,"timestamp":"2024-05-01T10:30:22Z","reason":"Local"}]
2024-05-01T10:30:22Z << [3,"5",{}]
`;

let cleanup: Array<() => Promise<unknown> | unknown> = [];
afterEach(async () => {
  for (const c of cleanup) await c();
  cleanup = [];
});

describe('replay of a recorded charger session', () => {
  it('replays against a strict CSMS with no divergence, mapping the live transaction id', async () => {
    const csms = await strictCsms({ remoteStart: true, txId: 42 });
    cleanup.push(csms.close);
    const trace = parseTextTrace(RECORDED);
    const report = await replayTrace(trace, { url: csms.url, chargerId: 'GRIZZL-1', speed: 3600 });
    expect(report.errors).toEqual([]);
    expect(report.diverged).toBe(false);
    expect(report.counts).toMatchObject({ different: 0, missing: 0, unexpected: 0 });
    expect(report.counts.volatile).toBe(2); // BootNotification currentTime, StartTransaction transactionId
    expect(report.transactionIds).toEqual([{ charger: 'GRIZZL-1', recorded: 777, live: 42 }]);
    // same actions and payloads, in the same order; StopTransaction carries the live id
    expect(csms.received.map((r) => r.method)).toEqual(['BootNotification', 'Authorize', 'StatusNotification', 'StartTransaction', 'StopTransaction']);
    expect(csms.received[4]?.params).toMatchObject({ transactionId: 42, meterStop: 3700, reason: 'Local' });
    // the CSMS's RemoteStart was answered with the recorded reply
    const remote = report.rows.filter((r) => r.action === 'RemoteStartTransaction');
    expect(remote.map((r) => [r.from, r.verdict])).toEqual([
      ['csms', 'same'],
      ['charger', 'same'],
    ]);
    expect(formatReplayReport(report)).toMatch(/RESULT: the live exchange matches the recording/);
  });

  it('reports a different reply and a missing CALL side by side', async () => {
    const csms = await strictCsms({ authorize: 'Blocked', remoteStart: false });
    cleanup.push(csms.close);
    const trace = parseTextTrace(RECORDED);
    const report = await replayTrace(trace, { url: csms.url, chargerId: 'GRIZZL-2', speed: Infinity, csmsCallSlackMs: 300 });
    expect(report.diverged).toBe(true);
    const different = report.rows.filter((r) => r.verdict === 'different');
    expect(different).toHaveLength(1);
    expect(different[0]).toMatchObject({ action: 'Authorize', line: 4, note: 'differs at idTagInfo.status' });
    expect(different[0]?.live).toContain('Blocked');
    const missing = report.rows.filter((r) => r.verdict === 'missing');
    expect(missing).toEqual([expect.objectContaining({ action: 'RemoteStartTransaction', line: 7, live: null })]);
    const text = formatReplayReport(report, { width: 200 });
    expect(text).toMatch(/≠\s+4 GRIZZL-2\s+\[3,"2",\{"idTagInfo":\{"status":"Accepted"\}\}\]\s+│ \[3,"2",\{"idTagInfo":\{"status":"Blocked"\}\}\]/);
    expect(text).toMatch(/∅\s+7 GRIZZL-2 .*RemoteStartTransaction.*│ —/);
    expect(text).toMatch(/RESULT: the live exchange DIVERGES/);
  });

  it('reports an unexpected CALL from the CSMS and answers it NotSupported', async () => {
    const csms = await strictCsms({ remoteStart: true });
    cleanup.push(csms.close);
    const noRemote = RECORDED.split('\n')
      .filter((l) => !l.includes('srv-9'))
      .join('\n');
    const report = await replayTrace(parseTextTrace(noRemote), { url: csms.url, chargerId: 'GRIZZL-3', speed: Infinity });
    const unexpected = report.rows.filter((r) => r.verdict === 'unexpected');
    expect(unexpected).toEqual([
      expect.objectContaining({ action: 'RemoteStartTransaction', recorded: null, note: 'CALL not in the recording; answered NotSupported' }),
    ]);
  });

  it('reports a refused connection as an error, not a crash', async () => {
    const report = await replayTrace(parseTextTrace(RECORDED), { url: 'ws://127.0.0.1:1/ocpp', chargerId: 'X', speed: Infinity });
    expect(report.diverged).toBe(true);
    expect(report.errors[0]).toMatch(/^X: ws:\/\/127\.0\.0\.1:1\/ocpp\/X: /);
  });
});
