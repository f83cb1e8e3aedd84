/**
 * The charger's websocket client: connect (Basic auth, offered subprotocols), reconnect with jittered exponential
 * backoff, pings per WebSocketPingInterval, close / drop / terminate, and raw text frames in and out (counted and
 * emitted as frame events). Version-independent (the 1.6 charger and the 2.0.1 station both use it): what to offer
 * and what to do with a frame come from its host.
 */
import { WebSocket, type RawData } from 'ws';
import type { Task } from '../scheduler.js';
import type { WireState } from './wire.js';

export interface ConnectionHost {
  readonly state: WireState;
  readonly password: string | undefined;
  readonly reconnectMinS: number;
  readonly reconnectMaxS: number;
  /** Subprotocols to offer and how to answer pings (after the profile's quirks). */
  handshake(): { subprotocols: string[]; pong: ((ping: Buffer) => Buffer) | null };
  /** The ping interval when the socket opens (0: none); `Connection.pingIntervalS` changes it while open. */
  pingIntervalS(): number;
  opened(): void;
  received(text: string): void;
  closed(): void;
}

export class Connection {
  url: string;
  autoReconnect: boolean;
  /** The subprotocol the server chose ('' for none), as of the last open. */
  protocol = '';
  /** Seconds between pings while open, read at each ping (0 stops them); set from the host when the socket opens. */
  pingIntervalS = 0;
  private ws: WebSocket | null = null;
  private reconnectTask: Task | null = null;
  private reconnectAttempt = 0;

  constructor(
    private readonly host: ConnectionHost,
    url: string,
    autoReconnect: boolean,
  ) {
    this.url = url;
    this.autoReconnect = autoReconnect;
  }

  get hasSocket(): boolean {
    return this.ws !== null;
  }

  /** Opens the websocket (resolves once open; rejects if the handshake fails, while reconnect keeps trying). */
  connect(): Promise<void> {
    if (this.ws) return this.host.state.connection === 'connected' ? Promise.resolve() : this.waitForConnection();
    this.cancelReconnect();
    this.open();
    return this.waitForConnection();
  }

  cancelReconnect(): void {
    this.reconnectTask = this.host.state.scheduler.cancel(this.reconnectTask);
  }

  private waitForConnection(): Promise<void> {
    const ws = this.ws;
    const id = this.host.state.id;
    if (!ws) return Promise.reject(new Error(`${id}: not connecting`));
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('close', (code: number, reason: Buffer) =>
        reject(new Error(`${id}: connection closed (${code}${reason.length ? ` ${reason.toString()}` : ''})`)),
      );
    });
  }

  private open(): void {
    const s = this.host.state;
    const base = this.url.replace(/\/+$/, '');
    const target = `${base}/${encodeURIComponent(s.id)}`;
    const { subprotocols, pong } = this.host.handshake();
    const headers: Record<string, string> = {};
    const password = this.host.password;
    if (password !== undefined) headers.Authorization = `Basic ${Buffer.from(`${s.id}:${password}`).toString('base64')}`;
    let ws: WebSocket;
    try {
      ws = new WebSocket(target, subprotocols, { perMessageDeflate: false, autoPong: pong === null, handshakeTimeout: 30_000, headers });
    } catch (err) {
      s.error(`cannot connect to ${target}: ${(err as Error).message}`);
      this.scheduleReconnect();
      return;
    }
    this.ws = ws;
    s.setConnection('connecting');
    ws.on('open', () => {
      if (ws !== this.ws) return;
      this.reconnectAttempt = 0;
      this.protocol = ws.protocol;
      s.setConnection('connected');
      this.host.opened();
      this.pingIntervalS = this.host.pingIntervalS();
      if (this.pingIntervalS > 0) this.schedulePing(ws);
    });
    ws.on('message', (data: RawData, isBinary: boolean) => {
      if (ws === this.ws) this.host.received(isBinary ? '' : data.toString());
    });
    if (pong) ws.on('ping', (data: Buffer) => ws.pong(pong(data)));
    ws.on('error', (err: Error) => {
      if (ws === this.ws) s.error(`websocket: ${err.message}`);
    });
    ws.on('close', (code: number, reason: Buffer) => {
      if (ws !== this.ws) return;
      this.ws = null;
      const text = reason.toString();
      s.setConnection('disconnected', `${code}${text ? ` ${text}` : ''}`);
      this.host.closed();
      if (s.powered && this.autoReconnect) this.scheduleReconnect();
    });
  }

  private schedulePing(ws: WebSocket): void {
    this.host.state.scheduler.after(this.pingIntervalS * 1000, () => {
      if (ws !== this.ws || ws.readyState !== WebSocket.OPEN || this.pingIntervalS <= 0) return;
      ws.ping();
      this.schedulePing(ws);
    });
  }

  private scheduleReconnect(): void {
    if (this.reconnectTask) return;
    const s = this.host.state;
    const { reconnectMinS, reconnectMaxS } = this.host;
    const base = Math.min(reconnectMaxS, reconnectMinS * 2 ** Math.min(this.reconnectAttempt, 20));
    const delayMs = base * 1000 * (0.5 + 0.5 * s.random());
    this.reconnectAttempt++;
    this.reconnectTask = s.scheduler.after(delayMs, () => {
      this.reconnectTask = null;
      if (s.powered && this.autoReconnect && !this.ws) this.open();
    });
  }

  /** Closes the connection. With reconnect=false (default) it stays closed until connect(). */
  disconnect(opts: { reconnect?: boolean; code?: number } = {}): Promise<void> {
    const ws = this.ws;
    const keep = this.autoReconnect;
    if (!opts.reconnect) this.autoReconnect = false;
    this.cancelReconnect();
    if (!ws) {
      this.autoReconnect = keep;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      ws.once('close', () => {
        this.autoReconnect = keep;
        resolve();
      });
      if (ws.readyState === WebSocket.CONNECTING) ws.terminate();
      else ws.close(opts.code ?? 1000);
    });
  }

  /** Closes without reconnecting, whatever autoReconnect says, and restores it afterwards. */
  closeForGood(): Promise<void> {
    const keep = this.autoReconnect;
    this.autoReconnect = false;
    return this.disconnect().finally(() => {
      this.autoReconnect = keep;
    });
  }

  /** Drops the TCP connection without a close handshake; reconnects with backoff. */
  drop(): void {
    this.ws?.terminate();
  }

  /** Power cut: the socket dies at once, no close event is waited for. True when there was one. */
  kill(): boolean {
    const ws = this.ws;
    if (!ws) return false;
    this.ws = null;
    ws.terminate();
    return true;
  }

  /** Writes a text frame to the socket as is. */
  sendRaw(text: string): boolean {
    const ws = this.ws;
    if (!ws || ws.readyState !== WebSocket.OPEN) return false;
    const s = this.host.state;
    s.stats.framesOut++;
    if (s.bus.wants('frame')) s.emit({ kind: 'frame', chargerId: s.id, at: s.now(), dir: 'out', text });
    ws.send(text);
    return true;
  }
}
