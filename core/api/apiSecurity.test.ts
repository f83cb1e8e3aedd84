/** Bench API security (token, Origin, Host, websocket) and 400s on bad parameters, against a real bench. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startBench, type BenchHandle } from '../app/bench.js';
import { benchApiClient } from './testing/benchApiClient.js';

let bench: BenchHandle;

beforeAll(async () => {
  bench = await startBench({ memory: true, ocppPort: 0, uiPort: 0, rendererDir: null, live: { flushMs: 50 }, checkResponses: true });
});
afterAll(async () => {
  await bench?.stop();
});

const { call, rawGet } = benchApiClient(() => bench);

describe('security', () => {
  it('binds to 127.0.0.1 and puts the token in the UI URL fragment', () => {
    expect(bench.apiUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(bench.uiUrl).toBe(`${bench.apiUrl}/#token=${bench.token}`);
    expect(bench.token.length).toBeGreaterThanOrEqual(32);
  });

  it('refuses requests without the token or with a wrong one', async () => {
    const none = await fetch(`${bench.apiUrl}/api/overview`);
    expect(none.status).toBe(401);
    expect(((await none.json()) as { error: string }).error).toMatch(/token/);
    expect((await call('GET', '/api/overview', undefined, { authorization: 'Bearer nope' })).status).toBe(401);
    expect((await call('GET', '/api/overview')).status).toBe(200);
    // the query-string token is only accepted on the export download
    expect((await fetch(`${bench.apiUrl}/api/overview?token=${bench.token}`)).status).toBe(401);
    expect((await fetch(`${bench.apiUrl}/api/export/messages.ndjson?token=${bench.token}`)).status).toBe(200);
  });

  it('refuses a foreign Origin and a foreign Host, and sends no CORS headers', async () => {
    const foreign = await call('GET', '/api/overview', undefined, { origin: 'http://evil.example' });
    expect(foreign.status).toBe(403);
    expect(foreign.json.error).toMatch(/Origin/);
    const same = await fetch(`${bench.apiUrl}/api/overview`, { headers: { authorization: `Bearer ${bench.token}`, origin: bench.apiUrl } });
    expect(same.status).toBe(200);
    expect(same.headers.get('access-control-allow-origin')).toBeNull();
    const port = new URL(bench.apiUrl).port;
    expect(await rawGet('/api/overview', { host: `evil.example:${port}`, authorization: `Bearer ${bench.token}` })).toBe(403);
    expect(await rawGet('/api/overview', { host: `localhost:${port}`, authorization: `Bearer ${bench.token}` })).toBe(200);
  });

  it('the live websocket needs the token and an allowed Origin', async () => {
    const wsUrl = `${bench.apiUrl.replace('http', 'ws')}/api/live`;
    const refused = (url: string, origin?: string) =>
      new Promise<number>((resolve) => {
        const ws = new WebSocket(url, origin ? { origin } : {});
        ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
        ws.on('open', () => {
          ws.close();
          resolve(101);
        });
        ws.on('error', () => undefined);
      });
    expect(await refused(wsUrl)).toBe(401);
    expect(await refused(`${wsUrl}?token=wrong`)).toBe(401);
    expect(await refused(`${wsUrl}?token=${bench.token}`, 'http://evil.example')).toBe(403);
    expect(await refused(`${wsUrl}?token=${bench.token}`, bench.apiUrl)).toBe(101);
  });

  it('unknown routes are 404 and wrong methods 405', async () => {
    expect((await call('GET', '/api/nope')).status).toBe(404);
    expect((await call('DELETE', '/api/overview')).status).toBe(405);
  });
});

describe('bad parameters get 400 with a message', () => {
  const cases: Array<[string, string, unknown, RegExp]> = [
    ['GET', '/api/chargers?limit=abc', undefined, /"limit" must be an integer/],
    ['GET', '/api/chargers?limit=0', undefined, /"limit" must be ≥ 1/],
    ['GET', '/api/messages?direction=sideways', undefined, /"direction" must be one of in, out/],
    ['GET', '/api/messages?action=Dance', undefined, /"action" must be one of/],
    ['GET', '/api/messages?from=yesterday', undefined, /"from" must be an ISO 8601 time/],
    ['GET', '/api/meters', undefined, /transactionId/],
    ['GET', '/api/chargers/bad%20id', undefined, /Charger id "bad id" is invalid/],
    ['POST', '/api/simulator/spawn', { count: 0, profile: 'reference' }, /"count" must be ≥ 1/],
    ['POST', '/api/simulator/spawn', { count: 1, profile: 'no-such-profile' }, /Unknown profile "no-such-profile" for ocpp1.6; known profiles: .*reference/],
    ['POST', '/api/simulator/spawn', { count: 1, profile: 'dual-dc' }, /Unknown profile "dual-dc" for ocpp1.6/],
    ['POST', '/api/simulator/spawn', { count: 1, profile: 'reference', ocpp: 'ocpp3' }, /"ocpp" must be one of ocpp1.6, ocpp2.0.1/],
    ['POST', '/api/simulator/spawn', { count: 1, profile: 'reference', idPrefix: 'a b' }, /"idPrefix" has an invalid format/],
    ['POST', '/api/simulator/stop', {}, /Give "ids"/],
    ['POST', '/api/chargers/CP-1/commands/BootNotification', { payload: {} }, /not a command the central system can send/],
    ['POST', '/api/chargers/CP-1/commands/Reset', { payload: { type: 'Sideways' } }, /Reset\.req: \/type must be one of Hard, Soft/],
    ['POST', '/api/chargers/CP-1/commands/Reset', {}, /Missing body parameter "payload"/],
    ['PUT', '/api/middleware/StartTransaction', { items: [{ name: 'Nope', enabled: true }] }, /"Nope" is not in the StartTransaction chain/],
    ['PUT', '/api/middleware/Dance', { items: [] }, /No middleware chain for "Dance"/],
    ['PUT', '/api/id-tags/TAG-1', { status: 'Maybe' }, /"status" must be one of Accepted/],
    ['PATCH', '/api/settings', { settings: { heartbeatInterval: -5 } }, /heartbeat/i],
    ['PATCH', '/api/settings', { settings: { colour: 'blue' } }, /Unknown setting "colour"/],
  ];
  for (const [method, path, body, message] of cases) {
    it(`${method} ${path} ${body ? JSON.stringify(body) : ''}`, async () => {
      const r = await call(method, path, body);
      expect(r.status, r.text).toBe(400);
      expect(r.json.error).toMatch(message);
    });
  }

  it('a body that is not JSON is refused', async () => {
    const r = await fetch(`${bench.apiUrl}/api/simulator/spawn`, {
      method: 'POST',
      headers: { authorization: `Bearer ${bench.token}`, 'content-type': 'application/json' },
      body: '{count',
    });
    expect(r.status).toBe(400);
    expect(((await r.json()) as { error: string }).error).toMatch(/not valid JSON/);
  });
});
