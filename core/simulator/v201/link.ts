/**
 * The station's websocket to the CSMS: one connection at a time, offering Sec-WebSocket-Protocol ocpp2.0.1,
 * Basic auth (security profile 1), reconnect with exponential backoff and jitter, websocket pings. It carries text
 * frames and reports open / close; what the frames mean is the station's business.
 */
import { WebSocket, type RawData } from 'ws';
import type { Scheduler, Task } from '../scheduler.js';

export type LinkState = 'disconnected' | 'connecting' | 'connected';

export interface LinkOptions {
  id: string;
  /** CSMS URL; the station id is appended as the last path segment. */
  url: string;
  scheduler: Scheduler;
  random: () => number;
  subprotocols: string[];
  password?: string;
  reconnectMinS: number;
  reconnectMaxS: number;
  onState(state: LinkState, from: LinkState, reason?: string): void;
  onText(text: string): void;
  onError(message: string): void;
}

export class Link {
  state: LinkState = 'disconnected';
  /** Reconnect after a drop (off while rebooting or stopped). */
  autoReconnect = true;
  /** The subprotocol the server chose ('' for none). */
  protocol = '';
  pingIntervalS = 0;
  private ws: WebSocket | null = null;
  private reconnectTask: Task | null = null;
  private attempt = 0;

  constructor(private readonly o: LinkOptions) {}

  get open(): boolean {
    return this.state === 'connected';
  }

  /** Opens the websocket; resolves once open, rejects when that attempt fails (reconnect keeps trying). */
  connect(): Promise<void> {
    if (this.ws) return this.state === 'connected' ? Promise.resolve() : this.waitOpen();
    this.reconnectTask = this.o.scheduler.cancel(this.reconnectTask);
    this.openSocket();
    return this.waitOpen();
  }

  private waitOpen(): Promise<void> {
    const ws = this.ws;
    if (!ws) return Promise.reject(new Error(`${this.o.id}: not connecting`));
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('close', (code: number) => reject(new Error(`${this.o.id}: connection closed (${code})`)));
    });
  }

  private openSocket(): void {
    const target = `${this.o.url.replace(/\/+$/, '')}/${encodeURIComponent(this.o.id)}`;
    const headers: Record<string, string> = {};
    if (this.o.password !== undefined) headers.Authorization = `Basic ${Buffer.from(`${this.o.id}:${this.o.password}`).toString('base64')}`;
    let ws: WebSocket;
    try {
      ws = new WebSocket(target, this.o.subprotocols, {
        perMessageDeflate: false,
        handshakeTimeout: 30_000,
        headers,
      });
    } catch (err) {
      this.o.onError(`cannot connect to ${target}: ${(err as Error).message}`);
      this.scheduleReconnect();
      return;
    }
    this.ws = ws;
    this.setState('connecting');
    ws.on('open', () => {
      if (ws !== this.ws) return;
      this.attempt = 0;
      this.protocol = ws.protocol;
      this.setState('connected');
      if (this.pingIntervalS > 0) this.schedulePing(ws);
    });
    ws.on('message', (data: RawData, isBinary: boolean) => {
      if (ws === this.ws) this.o.onText(isBinary ? '' : data.toString());
    });
    ws.on('error', (err: Error) => {
      if (ws === this.ws) this.o.onError(`websocket: ${err.message}`);
    });
    ws.on('close', (code: number, reason: Buffer) => {
      if (ws !== this.ws) return;
      this.ws = null;
      this.setState('disconnected', `${code}${reason.length ? ` ${reason.toString()}` : ''}`);
      if (this.autoReconnect) this.scheduleReconnect();
    });
  }

  private schedulePing(ws: WebSocket): void {
    this.o.scheduler.after(this.pingIntervalS * 1000, () => {
      if (ws !== this.ws || ws.readyState !== WebSocket.OPEN || this.pingIntervalS <= 0) return;
      ws.ping();
      this.schedulePing(ws);
    });
  }

  private setState(state: LinkState, reason?: string): void {
    const from = this.state;
    if (from === state) return;
    this.state = state;
    this.o.onState(state, from, reason);
  }

  private scheduleReconnect(): void {
    if (this.reconnectTask) return;
    const base = Math.min(this.o.reconnectMaxS, this.o.reconnectMinS * 2 ** Math.min(this.attempt, 20));
    this.attempt++;
    this.reconnectTask = this.o.scheduler.after(base * 1000 * (0.5 + 0.5 * this.o.random()), () => {
      this.reconnectTask = null;
      if (!this.ws && this.autoReconnect) this.openSocket();
    });
  }

  send(text: string): boolean {
    const ws = this.ws;
    if (!ws || ws.readyState !== WebSocket.OPEN) return false;
    ws.send(text);
    return true;
  }

  /** Closes cleanly; resolves once closed. Does not reconnect. */
  close(code = 1000): Promise<void> {
    this.autoReconnect = false;
    this.reconnectTask = this.o.scheduler.cancel(this.reconnectTask);
    const ws = this.ws;
    if (!ws) return Promise.resolve();
    return new Promise((resolve) => {
      ws.once('close', () => resolve());
      if (ws.readyState === WebSocket.CONNECTING) ws.terminate();
      else ws.close(code);
    });
  }

  /** Drops the TCP connection without a close frame (connection lost / power cut). */
  terminate(reason: string, reconnect: boolean): void {
    this.autoReconnect = reconnect;
    if (!reconnect) this.reconnectTask = this.o.scheduler.cancel(this.reconnectTask);
    const ws = this.ws;
    if (!ws) return;
    if (!reconnect) {
      this.ws = null;
      ws.terminate();
      this.setState('disconnected', reason);
      return;
    }
    ws.terminate();
  }
}
