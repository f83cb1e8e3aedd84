import { describe, it, expect } from 'vitest';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, readFile, rm, access } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { exportMessageLog, parseUiUrl } from './logExport.js';

describe('export message log', () => {
  it('splits the UI URL into API base and token', () => {
    expect(parseUiUrl('http://127.0.0.1:4310/#token=abc')).toEqual({ baseUrl: 'http://127.0.0.1:4310', token: 'abc' });
    expect(() => parseUiUrl('http://127.0.0.1:4310/')).toThrow(/no token/);
  });

  it('streams the NDJSON export with the token into the chosen file', async () => {
    const seen: string[] = [];
    const server = http.createServer((req, res) => {
      seen.push(`${req.url} ${req.headers['x-chargebench-token']}`);
      if (req.headers['x-chargebench-token'] !== 'tok') return void res.writeHead(401).end('{"error":"Missing or wrong bench token"}');
      res.writeHead(200, { 'content-type': 'application/x-ndjson' });
      for (let i = 0; i < 1000; i++) res.write(JSON.stringify({ id: i, action: 'Heartbeat' }) + '\n');
      res.end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    const dir = await mkdtemp(path.join(tmpdir(), 'cb-export-'));
    try {
      const file = path.join(dir, 'log.ndjson');
      const r = await exportMessageLog(`http://127.0.0.1:${port}/#token=tok`, file);
      expect(r.frames).toBe(1000);
      const lines = (await readFile(file, 'utf8')).trim().split('\n');
      expect(lines).toHaveLength(1000);
      expect(JSON.parse(lines[999]!)).toEqual({ id: 999, action: 'Heartbeat' });
      expect(seen[0]).toBe('/api/export/messages.ndjson tok');
      await expect(exportMessageLog(`http://127.0.0.1:${port}/#token=bad`, path.join(dir, 'no.ndjson'))).rejects.toThrow(/HTTP 401/);
      await expect(access(path.join(dir, 'no.ndjson'))).rejects.toThrow();
    } finally {
      server.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
