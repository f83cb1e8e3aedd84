/** Calls to a running bench's API for tests: JSON requests with the token, raw GETs, polling, a live-stream client. */
import { request } from 'node:http';
import WebSocket from 'ws';
import type { BenchHandle } from '../../app/bench.js';
import type { LiveBatch } from '../types.js';

export function benchApiClient(bench: () => BenchHandle) {
  async function call(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- responses are checked field by field
  ): Promise<{ status: number; json: any; text: string }> {
    const res = await fetch(`${bench().apiUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${bench().token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    let json: unknown = null;
    try {
      json = JSON.parse(text);
    } catch {
      /* not JSON */
    }
    return { status: res.status, json, text };
  }

  function rawGet(path: string, headers: Record<string, string>): Promise<number> {
    const u = new URL(bench().apiUrl);
    return new Promise((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: Number(u.port), path, method: 'GET', headers }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end();
    });
  }

  async function until<T>(what: string, fn: () => Promise<T | undefined | null | false>, timeoutMs = 15_000): Promise<T> {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const v = await fn();
      if (v) return v;
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** A live-stream client collecting every batch. */
  async function liveClient(): Promise<{ ws: WebSocket; batches: LiveBatch[] }> {
    const ws = new WebSocket(`${bench().apiUrl.replace('http', 'ws')}/api/live?token=${bench().token}`);
    const batches: LiveBatch[] = [];
    ws.on('message', (d) => {
      const m = JSON.parse(String(d)) as LiveBatch;
      if (m.type === 'batch') batches.push(m);
    });
    await new Promise((r) => ws.once('open', r));
    return { ws, batches };
  }

  return { call, rawGet, until, liveClient };
}
