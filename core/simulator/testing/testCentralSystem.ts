/**
 * A small, scriptable OCPP 1.6J central system for tests and the simulator bench: a real websocket server on
 * 127.0.0.1 (port 0) that records every frame with its time, answers the charger's CALLs (BootNotification
 * Accepted, StartTransaction with increasing ids...) or with per-action overrides, and can send CALLs to a charger.
 * Not a product central system (that is core/backend): it exists to observe the simulator from outside.
 */
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { CALL, CALLERROR, CALLRESULT, parseFrame, type Frame, type Payload } from '../../ocpp/index.js';

export interface WireRecord {
  chargerId: string;
  dir: 'in' | 'out';
  at: number;
  text: string;
  frame: Frame | null;
}

/** Return a payload to answer, { error } to answer with a CALLERROR, or 'ignore' to never answer. */
export type Answer = Payload | { error: string; description?: string } | 'ignore';
export type Responder = (chargerId: string, payload: Payload, id: string) => Answer;

export interface ConnectionInfo {
  chargerId: string;
  protocol: string;
  headers: Record<string, string | string[] | undefined>;
  ws: WebSocket;
}

export class TestCentralSystem {
  readonly wss: WebSocketServer;
  readonly records: WireRecord[] = [];
  readonly connections: ConnectionInfo[] = [];
  readonly pongs: { chargerId: string; data: Buffer }[] = [];
  private responders = new Map<string, Responder>();
  private sockets = new Map<string, WebSocket>();
  private waiting = new Map<string, (f: Frame) => void>();
  private nextTx = 1;
  private seq = 0;
  heartbeatInterval = 300;
  /** Record frames (turn off for load runs). */
  record = true;
  callsReceived = 0;

  private constructor(wss: WebSocketServer) {
    this.wss = wss;
    wss.on('connection', (ws, req) => {
      const chargerId = decodeURIComponent((req.url ?? '').split('/').pop() ?? '');
      this.sockets.set(chargerId, ws);
      this.connections.push({ chargerId, protocol: ws.protocol, headers: req.headers, ws });
      ws.on('message', (data) => this.onMessage(chargerId, ws, data.toString()));
      ws.on('pong', (data) => this.pongs.push({ chargerId, data }));
      ws.on('close', () => {
        if (this.sockets.get(chargerId) === ws) this.sockets.delete(chargerId);
      });
    });
  }

  /** `port` lets a test restart a central system where its chargers expect it (default: a free port). */
  static async start(opts: { requireProtocol?: boolean; port?: number } = {}): Promise<TestCentralSystem> {
    const wss = new WebSocketServer({
      host: '127.0.0.1',
      port: opts.port ?? 0,
      perMessageDeflate: false,
      handleProtocols: (protocols) => (protocols.has('ocpp1.6') ? 'ocpp1.6' : false),
      ...(opts.requireProtocol
        ? { verifyClient: (info: { req: { headers: Record<string, unknown> } }) => Boolean(info.req.headers['sec-websocket-protocol']) }
        : {}),
    });
    await once(wss, 'listening');
    return new TestCentralSystem(wss);
  }

  get url(): string {
    return `ws://127.0.0.1:${(this.wss.address() as AddressInfo).port}/ocpp`;
  }

  /** Overrides the answer to an action (until replaced or reset with null). */
  on(action: string, responder: Responder | null): void {
    if (responder) this.responders.set(action, responder);
    else this.responders.delete(action);
  }

  socket(chargerId: string): WebSocket | undefined {
    return this.sockets.get(chargerId);
  }

  /** Frames received from a charger (CALLs by default), optionally one action. */
  calls(chargerId?: string, action?: string): Array<{ id: string; action: string; payload: Payload; at: number; text: string }> {
    const out = [];
    for (const r of this.records) {
      if (r.dir !== 'in' || !r.frame || r.frame[0] !== CALL) continue;
      if (chargerId && r.chargerId !== chargerId) continue;
      if (action && r.frame[2] !== action) continue;
      out.push({ id: r.frame[1], action: r.frame[2], payload: r.frame[3], at: r.at, text: r.text });
    }
    return out;
  }

  /** Sends a CALL to a charger and resolves with its CALLRESULT or CALLERROR frame. */
  async call(chargerId: string, action: string, payload: Payload, timeoutMs = 5_000): Promise<Frame> {
    const ws = this.sockets.get(chargerId);
    if (!ws) throw new Error(`charger ${chargerId} is not connected`);
    const id = `cs-${++this.seq}`;
    const text = JSON.stringify([CALL, id, action, payload]);
    this.push(chargerId, 'out', text);
    const reply = new Promise<Frame>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(id);
        reject(new Error(`no answer from ${chargerId} to ${action} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiting.set(id, (f) => {
        clearTimeout(timer);
        resolve(f);
      });
    });
    ws.send(text);
    return reply;
  }

  sendRaw(chargerId: string, text: string): void {
    this.push(chargerId, 'out', text);
    this.sockets.get(chargerId)?.send(text);
  }

  async close(): Promise<void> {
    for (const ws of this.wss.clients) ws.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }

  private push(chargerId: string, dir: 'in' | 'out', text: string): Frame | null {
    let frame: Frame | null;
    try {
      frame = parseFrame(text);
    } catch {
      frame = null;
    }
    if (this.record) this.records.push({ chargerId, dir, at: Date.now(), text, frame });
    return frame;
  }

  private onMessage(chargerId: string, ws: WebSocket, text: string): void {
    const frame = this.push(chargerId, 'in', text);
    if (!frame) return;
    if (frame[0] === CALLRESULT || frame[0] === CALLERROR) {
      const w = this.waiting.get(frame[1]);
      if (w) {
        this.waiting.delete(frame[1]);
        w(frame);
      }
      return;
    }
    this.callsReceived++;
    const [, id, action, payload] = frame;
    const responder = this.responders.get(action);
    const answer = responder ? responder(chargerId, payload, id) : this.defaultAnswer(action, payload);
    if (answer === 'ignore') return;
    const out =
      'error' in answer && typeof answer.error === 'string' ? [CALLERROR, id, answer.error, String(answer.description ?? ''), {}] : [CALLRESULT, id, answer];
    const reply = JSON.stringify(out);
    this.push(chargerId, 'out', reply);
    ws.send(reply);
  }

  private defaultAnswer(action: string, _payload: Payload): Payload {
    const now = new Date().toISOString();
    switch (action) {
      case 'BootNotification':
        return { status: 'Accepted', currentTime: now, interval: this.heartbeatInterval };
      case 'Heartbeat':
        return { currentTime: now };
      case 'Authorize':
        return { idTagInfo: { status: 'Accepted' } };
      case 'StartTransaction':
        return { transactionId: this.nextTx++, idTagInfo: { status: 'Accepted' } };
      case 'StopTransaction':
        return { idTagInfo: { status: 'Accepted' } };
      case 'DataTransfer':
        return { status: 'Rejected' };
      default:
        return {};
    }
  }
}
