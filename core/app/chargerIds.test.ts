/**
 * One rule for charger ids (issue 16, defect 7): every id the edge accepts can be opened through the API (detail,
 * log filter), and the ids it cannot ("." and "..", resolved away in URL paths; a bare /ocpp with no id) are
 * refused at the edge and never stored. The UI server answers 400, not 500, to paths it cannot decode.
 */
import { request } from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBench, type BenchHandle } from './bench.js';
import { connectCharger } from '../edge/testing/wsClient.js';
import { CHARGE_POINT_ID_PATTERN, chargePointIdProblem } from '../ocpp/chargePointId.js';
import { openStore } from '../store/index.js';
import type { LogPage } from '../api/types.js';

let bench: BenchHandle;
let rendererDir: string;
beforeAll(async () => {
  rendererDir = mkdtempSync(join(tmpdir(), 'chargebench-ui-'));
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>t</title>');
  bench = await startBench({ memory: true, ocppPort: 0, uiPort: 0, rendererDir, env: {} });
});
afterAll(async () => {
  await bench?.stop();
  rmSync(rendererDir, { recursive: true, force: true });
});

/** A websocket handshake with the path sent exactly as given (a ws client would normalize "." and ".."). */
function rawHandshake(path: string): Promise<number> {
  const u = new URL(bench.ocppUrl);
  return new Promise((resolve, reject) => {
    const req = request({
      host: '127.0.0.1',
      port: Number(u.port),
      path,
      headers: {
        connection: 'Upgrade',
        upgrade: 'websocket',
        'sec-websocket-version': '13',
        'sec-websocket-key': randomBytes(16).toString('base64'),
        'sec-websocket-protocol': 'ocpp1.6',
      },
    });
    req.on('upgrade', (res, socket) => {
      socket.destroy();
      resolve(res.statusCode ?? 0);
    });
    req.on('response', (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

function rawGet(base: string, path: string): Promise<number> {
  const u = new URL(base);
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: Number(u.port), path, headers: { authorization: `Bearer ${bench.token}` } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

const api = (path: string) => fetch(`${bench.apiUrl}${path}`, { headers: { authorization: `Bearer ${bench.token}` } });

describe('charger ids: one rule for edge, API and store', () => {
  it('every id the edge accepts opens in the API: detail and message-log filter', async () => {
    for (const id of ['A|B', 'A~B', 'a.b', 'x*y+z@w', '...', 'X'.repeat(48)]) {
      const c = await connectCharger(`${bench.ocppUrl}/${encodeURIComponent(id)}`);
      c.send([2, 'b', 'BootNotification', { chargePointVendor: 'V', chargePointModel: 'M' }]);
      expect((await c.next())[0]).toBe(3);
      await c.close();
      const detail = await api(`/api/chargers/${encodeURIComponent(id)}`);
      expect(detail.status, id).toBe(200);
      expect(((await detail.json()) as { id: string }).id).toBe(id);
      const log = await api(`/api/messages?chargePointId=${encodeURIComponent(id)}`);
      expect(log.status, id).toBe(200);
      expect(((await log.json()) as LogPage).items.map((e) => e.action)).toEqual(['BootNotification']);
    }
  });

  it('the edge refuses ids that no URL can name, and a path without an id; nothing is stored', async () => {
    for (const path of ['/ocpp/.', '/ocpp/..', '/ocpp/%2E', '/ocpp/%2e%2E', '/ocpp/a%3Ab', '/ocpp/a%23b', '/ocpp/a%2Fb']) {
      expect(await rawHandshake(path), path).toBe(400);
    }
    for (const path of ['/ocpp', '/ocpp/', '/ws', '/ws/']) expect(await rawHandshake(path), path).toBe(404);
    const ids = bench.serve.backend.store.chargePoints.list({ limit: 1000 }).rows.map((r) => r.id);
    expect(ids).not.toContain('ocpp');
    expect(ids).not.toContain('ws');
    expect(ids.filter((id) => id === '.' || id === '..')).toEqual([]);
  });

  it('the API refuses the same ids the edge refuses, with 400', async () => {
    for (const id of ['a:b', 'a#b', 'a b', 'x'.repeat(49)]) {
      expect((await api(`/api/chargers/${encodeURIComponent(id)}`)).status, id).toBe(400);
      expect((await api(`/api/messages?chargePointId=${encodeURIComponent(id)}`)).status, id).toBe(400);
    }
  });

  it('the store refuses to create a charge point outside the rule', () => {
    const store = openStore({ memory: true });
    try {
      expect(() => store.chargePoints.ensure('..', new Date().toISOString())).toThrow(/not ids in a URL path/);
      expect(() => store.chargePoints.ensure('a:b', new Date().toISOString())).toThrow(/characters other than/);
    } finally {
      store.close();
    }
  });

  it('the rule and its pattern agree', () => {
    for (const id of ['A|B', '~', '...', '.a', 'a.', '', '.', '..', 'a/b', 'a:b', 'x'.repeat(48), 'x'.repeat(49), 'ü']) {
      expect(CHARGE_POINT_ID_PATTERN.test(id), id).toBe(chargePointIdProblem(id) === null);
    }
  });
});

describe('the UI server on paths it cannot decode', () => {
  it('answers 400, not 500', async () => {
    expect(await rawGet(bench.apiUrl, '/%E0%A4%A')).toBe(400);
    expect(await rawGet(bench.apiUrl, '/assets/%ZZ.js')).toBe(400);
    expect(await rawGet(bench.apiUrl, '//')).toBe(400);
    expect(await rawGet(bench.apiUrl, '/api/chargers/%E0%A4%A')).toBe(400);
  });

  it('a websocket upgrade to a path it cannot parse is refused, and the process stays up', async () => {
    const u = new URL(bench.apiUrl);
    const status = await new Promise<number>((resolve, reject) => {
      const req = request({
        host: '127.0.0.1',
        port: Number(u.port),
        path: '//',
        headers: { connection: 'Upgrade', upgrade: 'websocket', 'sec-websocket-version': '13', 'sec-websocket-key': randomBytes(16).toString('base64') },
      });
      req.on('response', (res) => (res.resume(), resolve(res.statusCode ?? 0)));
      req.on('upgrade', (res, socket) => (socket.destroy(), resolve(res.statusCode ?? 0)));
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(400);
    expect((await api('/api/overview')).status).toBe(200);
  });
});
