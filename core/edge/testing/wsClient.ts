/** Test helper: a bare websocket "charger" that records frames and lets a test await the next one. */
import { randomBytes } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
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
export function handshakeStatus(
  url: string,
  protocols: string[] = ['ocpp1.6'],
  options: ClientOptions = {},
): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
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

export interface RawHandshake {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  /** After a 101: the first close frame the server sent (null if it sent none within closeWaitMs). */
  close: { code: number; reason: string } | null;
}

/**
 * A handshake with a bare HTTP client (no websocket library deciding for us): the status, the response headers
 * and, after a 101, the close frame the server sends first, if any. For checking what the server itself selects.
 */
export function rawHandshake(
  url: string,
  protocols: string[],
  options: { ca?: Buffer[]; timeoutMs?: number; closeWaitMs?: number } = {},
): Promise<RawHandshake> {
  const u = new URL(url.replace(/^ws/, 'http'));
  const request = u.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = request({
      host: u.hostname,
      port: u.port,
      path: u.pathname,
      ...(options.ca ? { ca: options.ca } : {}),
      headers: {
        Connection: 'Upgrade',
        Upgrade: 'websocket',
        'Sec-WebSocket-Version': '13',
        'Sec-WebSocket-Key': randomBytes(16).toString('base64'),
        ...(protocols.length > 0 ? { 'Sec-WebSocket-Protocol': protocols.join(', ') } : {}),
      },
    });
    const timer = setTimeout(() => {
      req.destroy();
      reject(new Error('raw handshake timed out'));
    }, options.timeoutMs ?? 3000);
    req.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    req.on('response', (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => {
        clearTimeout(timer);
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body, close: null });
      });
    });
    req.on('upgrade', (res, socket, head) => {
      let buf = head;
      let finished = false;
      const done = (close: RawHandshake['close']): void => {
        if (finished) return;
        finished = true;
        clearTimeout(timer);
        socket.destroy();
        resolve({ status: res.statusCode ?? 101, headers: res.headers, body: '', close });
      };
      const tryRead = (): void => {
        // An unmasked server frame: byte 0 = FIN + opcode (0x88 = close), byte 1 = payload length (< 126 here).
        if (buf.length < 2) return;
        const len = (buf[1] ?? 0) & 0x7f;
        if (buf.length < 2 + len) return;
        if (((buf[0] ?? 0) & 0x0f) !== 0x8) return done(null);
        const payload = buf.subarray(2, 2 + len);
        done(len >= 2 ? { code: payload.readUInt16BE(0), reason: payload.subarray(2).toString('utf8') } : { code: 1005, reason: '' });
      };
      socket.on('data', (chunk: Buffer) => {
        buf = Buffer.concat([buf, chunk]);
        tryRead();
      });
      socket.on('end', () => done(null));
      // An accepted connection sends nothing: give up waiting for a close frame after a moment.
      setTimeout(() => done(null), options.closeWaitMs ?? 500).unref();
      tryRead();
    });
    req.end();
  });
}
