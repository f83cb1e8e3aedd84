/** Test helper: a bare websocket "charger" that records frames and lets a test await the next one. */
import { WebSocket, type ClientOptions } from 'ws';

export interface TestCharger {
  ws: WebSocket;
  received: string[];
  next(timeoutMs?: number): Promise<unknown[]>;
  send(frame: unknown[] | string): void;
  closed: Promise<{ code: number; reason: string }>;
  close(): Promise<void>;
}

export async function connectCharger(url: string, protocols: string[] = ['ocpp1.6'], options: ClientOptions = {}): Promise<TestCharger> {
  const ws = new WebSocket(url, protocols, options);
  const received: string[] = [];
  const waiters: Array<(text: string) => void> = [];
  ws.on('message', (data) => {
    const text = data.toString();
    const w = waiters.shift();
    if (w) w(text);
    else received.push(text);
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) => ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })));
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
  });
  return {
    ws,
    received,
    closed,
    next(timeoutMs = 3000) {
      const queued = received.shift();
      if (queued !== undefined) return Promise.resolve(JSON.parse(queued) as unknown[]);
      return new Promise((resolve, reject) => {
        const waiter = (text: string): void => {
          clearTimeout(timer);
          resolve(JSON.parse(text) as unknown[]);
        };
        const timer = setTimeout(() => {
          waiters.splice(waiters.indexOf(waiter), 1);
          reject(new Error(`no frame within ${timeoutMs} ms`));
        }, timeoutMs);
        waiters.push(waiter);
      });
    },
    send(frame) {
      ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
    },
    async close() {
      if (ws.readyState === WebSocket.CLOSED) return;
      ws.close();
      await closed;
    },
  };
}

/** Attempts a handshake and returns the HTTP status of a refusal (or 101 when accepted). */
export function handshakeStatus(url: string, protocols: string[] = ['ocpp1.6'], options: ClientOptions = {}): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, protocols, options);
    ws.once('open', () => {
      resolve({ status: 101, body: '', headers: {} });
      ws.close();
    });
    ws.once('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
    });
    ws.once('error', (err) => {
      if (ws.readyState !== WebSocket.CLOSED) reject(err);
    });
  });
}

export function waitFor(predicate: () => boolean, timeoutMs = 3000, what = 'condition'): Promise<void> {
  return new Promise((resolve, reject) => {
    const start = Date.now();
    const tick = (): void => {
      if (predicate()) return resolve();
      if (Date.now() - start > timeoutMs) return reject(new Error(`timed out waiting for ${what}`));
      setTimeout(tick, 10);
    };
    tick();
  });
}
