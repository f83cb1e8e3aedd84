/**
 * A small scriptable OCPP 2.0.1 CSMS for the 2.0.1 station's tests: a websocket server on 127.0.0.1 (port 0)
 * choosing ocpp2.0.1, recording every frame, answering the station's CALLs (defaults valid for 2.0.1, overridable
 * per action, 'ignore' to stay silent) and sending CALLs — also invalid ones, which a strict library would refuse
 * to send — to see the station's answers.
 */
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { CALL, CALLERROR, CALLRESULT, parseFrame, type Frame, type Payload } from '../../../ocpp/index.js';
import { OCPP201_ERRORS } from '../../../ocpp/v201/index.js';

export type Answer201 = Payload | { error: string } | 'ignore';

export class TestCsms201 {
  readonly received: Array<{ action: string; payload: Payload; at: number }> = [];
  readonly protocols: string[] = [];
  private responders = new Map<string, (p: Payload) => Answer201>();
  private sockets = new Map<string, WebSocket>();
  private waiting = new Map<string, (f: Frame) => void>();
  private seq = 0;

  private constructor(readonly wss: WebSocketServer) {
    wss.on('connection', (ws, req) => {
      const id = decodeURIComponent((req.url ?? '').split('/').pop() ?? '');
      this.sockets.set(id, ws);
      this.protocols.push(ws.protocol);
      ws.on('message', (data) => this.onMessage(ws, data.toString()));
      ws.on('close', () => {
        if (this.sockets.get(id) === ws) this.sockets.delete(id);
      });
    });
  }

  static async start(): Promise<TestCsms201> {
    const wss = new WebSocketServer({
      host: '127.0.0.1',
      port: 0,
      perMessageDeflate: false,
      handleProtocols: (p) => (p.has('ocpp2.0.1') ? 'ocpp2.0.1' : false),
    });
    await once(wss, 'listening');
    return new TestCsms201(wss);
  }

  get url(): string {
    return `ws://127.0.0.1:${(this.wss.address() as AddressInfo).port}/ocpp`;
  }

  on(action: string, fn: ((p: Payload) => Answer201) | null): void {
    if (fn) this.responders.set(action, fn);
    else this.responders.delete(action);
  }

  calls(action: string): Payload[] {
    return this.received.filter((r) => r.action === action).map((r) => r.payload);
  }

  connected(id: string): boolean {
    return this.sockets.has(id);
  }

  /** Sends a CALL (as given: valid or not) and resolves with the station's reply frame. */
  call(id: string, action: string, payload: unknown, timeoutMs = 5_000): Promise<Frame> {
    const ws = this.sockets.get(id);
    if (!ws) return Promise.reject(new Error(`${id} is not connected`));
    const msgId = `csms-${++this.seq}`;
    const reply = new Promise<Frame>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(msgId);
        reject(new Error(`no answer to ${action} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiting.set(msgId, (f) => {
        clearTimeout(timer);
        resolve(f);
      });
    });
    ws.send(JSON.stringify([CALL, msgId, action, payload]));
    return reply;
  }

  /** Drops the station's connection without a close frame. */
  drop(id: string): void {
    this.sockets.get(id)?.terminate();
  }

  async close(): Promise<void> {
    for (const ws of this.wss.clients) ws.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }

  private onMessage(ws: WebSocket, text: string): void {
    let frame: Frame;
    try {
      frame = parseFrame(text, OCPP201_ERRORS);
    } catch {
      return;
    }
    if (frame[0] !== CALL) {
      const w = this.waiting.get(frame[1]);
      this.waiting.delete(frame[1]);
      w?.(frame);
      return;
    }
    const [, id, action, payload] = frame;
    this.received.push({ action, payload, at: Date.now() });
    const answer = this.responders.get(action)?.(payload) ?? defaultAnswer(action);
    if (answer === 'ignore') return;
    ws.send(JSON.stringify('error' in answer && typeof answer.error === 'string' ? [CALLERROR, id, answer.error, '', {}] : [CALLRESULT, id, answer]));
  }
}

function defaultAnswer(action: string): Payload {
  const now = new Date().toISOString();
  switch (action) {
    case 'BootNotification':
      return { status: 'Accepted', currentTime: now, interval: 300 };
    case 'Heartbeat':
      return { currentTime: now };
    case 'Authorize':
    case 'TransactionEvent':
      return { idTokenInfo: { status: 'Accepted' } };
    case 'DataTransfer':
      return { status: 'UnknownVendorId' };
    default:
      return {};
  }
}
