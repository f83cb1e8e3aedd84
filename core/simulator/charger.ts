/**
 * A simulated OCPP 1.6J charge point: a websocket CLIENT with reconnect and backoff, boot (Accepted / Pending /
 * Rejected with retry), heartbeats, connectors with the status state machine, EV sessions with a metered power
 * curve, an outbox that keeps transaction messages across disconnects, answers to the 19 CS→CP actions
 * (incoming/), firmware quirks from its profile and runtime faults.
 *
 * Drivable step by step (connect, boot, plug, authorize, start, stop, unplug, fault, disconnect, reboot, sendRaw,
 * call) and observable (every frame in/out, status, meter sample, transaction as a SimEvent with its time).
 * Time comes from the shared Scheduler's clock, so tests and fast-forwarded scenarios never sleep.
 */
import { WebSocket, type RawData } from 'ws';
import {
  CALL,
  CALLERROR,
  checkPayload,
  FrameParseError,
  OcppError,
  parseFrame,
  type AvailabilityType,
  type ChargePointAction,
  type Payload,
  type RegistrationStatus as OcppRegistrationStatus,
  type ResetType,
  type DiagnosticsStatus,
  type FirmwareStatus,
  type IdTagInfo,
  type Reason,
  type RequestOf,
  type ResponseOf,
} from '../ocpp/index.js';
import { Configuration } from './configuration.js';
import { Connector, type Transaction } from './connector.js';
import { IllegalTransitionError, isLegalTransition, type ChargePointErrorCode, type ConnectorStatus } from './connectorStatus.js';
import { compositeLimitW, type InstalledProfile } from './chargingProfiles.js';
import { arrivingEv, isFull, type Ev } from './ev.js';
import { EventBus, type SimEvent } from './events.js';
import { advanceMeter } from './meter.js';
import { sampledValues, type MeterValue, type ReadingContext } from './meterSamples.js';
import type { Profile } from './profile.js';
import type { Scheduler, Task } from './scheduler.js';
import { SimStats } from './stats.js';
import { handleIncomingCall } from './incoming/index.js';

export type ConnectionState = 'disconnected' | 'connecting' | 'connected';
export type RegistrationStatus = 'None' | OcppRegistrationStatus;
export type StopReason = Reason;
/** How a stopped charger leaves: ending its sessions first, by a power cut, or just closing its connection. */
export type StopMode = 'end' | 'powerCut' | 'close';
export interface StopOptions {
  mode?: StopMode;
  /** mode 'end': the longest wait (charger time) for the StopTransactions to be answered (default 10 s). */
  maxWaitMs?: number;
}
export type { IdTagInfo };

export interface ChargerOptions {
  id: string;
  /** Central system URL, e.g. ws://127.0.0.1:9000/ocpp; the charger id is appended as the last path segment. */
  url: string;
  profile: Profile;
  scheduler: Scheduler;
  bus?: EventBus;
  stats?: SimStats;
  /** Configuration keys overriding the profile (e.g. short intervals for tests). */
  configuration?: Record<string, string | number | boolean>;
  /** Send BootNotification as soon as the socket opens after power-on (default true). */
  autoBoot?: boolean;
  /** Reconnect with backoff when the connection drops (default true). */
  reconnect?: boolean;
  /** Basic-auth password (OCPP security profile 1). */
  password?: string;
  /** Random source (0..1) for jitter and EVs; inject for reproducible runs. */
  random?: () => number;
  /** Fleet hook: told about connection and status changes without going through the event bus. */
  observer?: ChargerObserver;
}

export interface ChargerObserver {
  connectionChanged(cp: Charger, from: ConnectionState, to: ConnectionState): void;
  statusChanged(cp: Charger, connectorId: number, from: ConnectorStatus, to: ConnectorStatus): void;
}

/** A CALL of ours waiting to be sent or answered. */
interface Outgoing {
  action: ChargePointAction;
  /** Built at send time, so queued transaction messages carry the transactionId learned meanwhile. null drops it. */
  build: () => Payload | null;
  /** Transaction-related: kept across disconnects and retried per TransactionMessageAttempts. */
  transactional: boolean;
  /** Allowed before the BootNotification is Accepted (BootNotification itself, triggered messages while Pending). */
  beforeAccepted: boolean;
  attempts: number;
  notBefore: number;
  id: string | null;
  sentAt: number;
  timeout: Task | null;
  /** Sent outside the one-CALL-at-a-time rule (meterValuesBeforeStartConf quirk). */
  unqueued: boolean;
  /** Runs synchronously with the answer, before the next queued message is built (e.g. learning a transactionId). */
  onAnswer?: (conf: Payload) => void;
  resolve: (conf: Payload) => void;
  reject: (err: Error) => void;
}

export interface CallOptions<A extends ChargePointAction> {
  /** Transaction-related: queued while offline, retried per TransactionMessageAttempts. */
  transactional?: boolean;
  /** May be sent before BootNotification is Accepted (triggered messages while Pending). */
  beforeAccepted?: boolean;
  /** Called synchronously with the answer, before the next queued message is built. */
  onAnswer?: (conf: ResponseOf<A>) => void;
}

/** The charger cannot send now (offline, not registered, powered off): the message was dropped. */
export class ChargerOfflineError extends Error {
  constructor(chargerId: string, action: string, why: string) {
    super(`${chargerId}: ${action} not sent: ${why}`);
    this.name = 'ChargerOfflineError';
  }
}

/** Runtime fault state (allocated only for chargers with faults injected). */
export interface FaultState {
  /** Ignore every incoming CALL. */
  unresponsive: boolean;
  /** Delay every answer by this many ms. */
  answerDelayMs: number;
  /** Answer the next N incoming CALLs with a CALLERROR of this code. */
  callErrors: number;
  callErrorCode: OcppError['code'];
}

const noop = (): void => {};

export class Charger {
  readonly id: string;
  readonly profile: Profile;
  readonly config: Configuration;
  readonly connectors: Connector[];
  readonly scheduler: Scheduler;
  readonly bus: EventBus;
  readonly stats: SimStats;
  readonly random: () => number;
  url: string;
  firmwareVersion: string;

  connection: ConnectionState = 'disconnected';
  registration: RegistrationStatus = 'None';
  powered = false;
  autoBoot: boolean;
  autoReconnect: boolean;
  faults: FaultState | null = null;
  /** Installed charging profiles (SetChargingProfile / RemoteStart). */
  chargingProfiles: InstalledProfile[] | null = null;
  localList: Map<string, IdTagInfo> | null = null;
  localListVersion = 0;
  authCache: Map<string, IdTagInfo> | null = null;
  diagnosticsStatus: DiagnosticsStatus = 'Idle';
  firmwareStatus: FirmwareStatus = 'Idle';
  /** Set while a firmware update waits for the reboot that installs it. */
  pendingFirmware: string | null = null;
  /** Time of the last status change on any connector (Grizzl-E RemoteStart delay quirk). */
  lastStatusChangeAt = 0;
  lastBootResponse: ResponseOf<'BootNotification'> | null = null;

  private readonly password: string | undefined;
  private readonly observer: ChargerObserver | undefined;
  private ws: WebSocket | null = null;
  private msgSeq: number;
  private outbox: Outgoing[] = [];
  private pending: Map<string, Outgoing> | null = null;
  private inFlight = 0;
  private heartbeatTask: Task | null = null;
  private alignedTask: Task | null = null;
  private bootTask: Task | null = null;
  private reconnectTask: Task | null = null;
  private pumpTask: Task | null = null;
  private reconnectAttempt = 0;
  private powerCutAt: number | null = null;
  private lastAlignedWh: Float64Array | null = null;
  private drainWaiters: (() => void)[] | null = null;

  constructor(opts: ChargerOptions) {
    this.id = opts.id;
    this.url = opts.url;
    this.profile = opts.profile;
    this.scheduler = opts.scheduler;
    this.bus = opts.bus ?? new EventBus();
    this.stats = opts.stats ?? new SimStats();
    this.random = opts.random ?? Math.random;
    this.config = new Configuration(opts.profile, opts.configuration);
    this.autoBoot = opts.autoBoot ?? true;
    this.autoReconnect = opts.reconnect ?? true;
    this.password = opts.password;
    this.observer = opts.observer;
    this.firmwareVersion = opts.profile.firmwareVersion;
    const now = this.now();
    this.connectors = Array.from({ length: opts.profile.connectors + 1 }, (_, i) => new Connector(i, now));
    this.msgSeq = opts.profile.quirks.duplicateIdsAfterReboot ? 0 : Math.floor(this.random() * 1e9);
  }

  // ───────────────────────────── time and events ─────────────────────────────

  now(): number {
    return this.scheduler.now();
  }

  /** Timestamp as this firmware writes it (RFC 3339 UTC, or without timezone for the timestampsWithoutTimezone quirk). */
  timestamp(t: number = this.now()): string {
    const iso = new Date(t).toISOString();
    return this.profile.quirks.timestampsWithoutTimezone ? iso.slice(0, 19) : iso;
  }

  private emit(e: SimEvent): void {
    this.bus.emit(e);
  }

  private error(message: string): void {
    this.stats.error(this.id, message);
    if (this.bus.wants('error')) this.emit({ kind: 'error', chargerId: this.id, at: this.now(), message });
  }

  connector(connectorId: number): Connector {
    const c = this.connectors[connectorId];
    if (!c || connectorId < 0) throw new Error(`${this.id}: no connector ${connectorId} (this charger has ${this.profile.connectors})`);
    return c;
  }

  get isOnline(): boolean {
    return this.connection === 'connected';
  }

  // ───────────────────────────── connection ─────────────────────────────

  /** Powers the charger on: connects and (with autoBoot) boots. Idempotent. */
  async powerOn(): Promise<void> {
    if (!this.powered) {
      this.powered = true;
      this.registration = 'None';
      if (this.profile.quirks.duplicateIdsAfterReboot) this.msgSeq = 0;
      if (this.powerCutAt !== null) {
        // Nothing was delivered while the power was off.
        for (const c of this.connectors) c.meter.at = Math.max(c.meter.at, this.now());
      }
    }
    await this.connect();
  }

  /** Opens the websocket (resolves once open; rejects if the handshake fails, while reconnect keeps trying). */
  connect(): Promise<void> {
    if (!this.powered) return this.powerOn();
    if (this.ws) return this.connection === 'connected' ? Promise.resolve() : this.waitForConnection();
    this.reconnectTask = this.scheduler.cancel(this.reconnectTask);
    this.open();
    return this.waitForConnection();
  }

  private waitForConnection(): Promise<void> {
    const ws = this.ws;
    if (!ws) return Promise.reject(new Error(`${this.id}: not connecting`));
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('close', (code: number, reason: Buffer) => reject(new Error(`${this.id}: connection closed (${code}${reason.length ? ` ${reason.toString()}` : ''})`)));
    });
  }

  private open(): void {
    const base = this.url.replace(/\/+$/, '');
    const target = `${base}/${encodeURIComponent(this.id)}`;
    const q = this.profile.quirks;
    const headers: Record<string, string> = {};
    if (this.password !== undefined) headers.Authorization = `Basic ${Buffer.from(`${this.id}:${this.password}`).toString('base64')}`;
    let ws: WebSocket;
    try {
      ws = new WebSocket(target, q.noSubprotocol ? [] : ['ocpp1.6'], {
        perMessageDeflate: false,
        autoPong: !q.malformedPongs,
        handshakeTimeout: 30_000,
        headers,
      });
    } catch (err) {
      this.error(`cannot connect to ${target}: ${(err as Error).message}`);
      this.scheduleReconnect();
      return;
    }
    this.ws = ws;
    this.setConnection('connecting');
    ws.on('open', () => this.onOpen(ws));
    ws.on('message', (data: RawData, isBinary: boolean) => {
      if (ws === this.ws) this.onText(isBinary ? '' : data.toString());
    });
    if (q.malformedPongs) {
      ws.on('ping', (data: Buffer) => {
        // Grizzl-E firmware answers pings with a truncated pong.
        ws.pong(data.length > 1 ? data.subarray(0, data.length >> 1) : Buffer.from([0x00]));
      });
    }
    ws.on('error', (err: Error) => {
      if (ws === this.ws) this.error(`websocket: ${err.message}`);
    });
    ws.on('close', (code: number, reason: Buffer) => this.onClose(ws, code, reason.toString()));
  }

  private setConnection(state: ConnectionState, reason?: string): void {
    const from = this.connection;
    if (from === state) return;
    this.connection = state;
    this.observer?.connectionChanged(this, from, state);
    if (this.bus.wants('connection')) this.emit({ kind: 'connection', chargerId: this.id, at: this.now(), state, ...(reason ? { reason } : {}) });
  }

  private onOpen(ws: WebSocket): void {
    if (ws !== this.ws) return;
    this.reconnectAttempt = 0;
    this.setConnection('connected');
    if (this.registration === 'Accepted') {
      // Reconnected without a reboot: flush what was queued, report statuses that changed offline.
      this.reportUnreportedStatuses();
      this.scheduleHeartbeat();
      this.pump();
    } else if (this.autoBoot) {
      this.sendBoot();
    }
    const ping = this.config.int('WebSocketPingInterval');
    if (ping > 0) this.schedulePing(ws, ping);
  }

  private schedulePing(ws: WebSocket, seconds: number): void {
    this.scheduler.after(seconds * 1000, () => {
      if (ws !== this.ws || ws.readyState !== WebSocket.OPEN) return;
      ws.ping();
      this.schedulePing(ws, seconds);
    });
  }

  private onClose(ws: WebSocket, code: number, reason: string): void {
    if (ws !== this.ws) return;
    this.ws = null;
    this.setConnection('disconnected', `${code}${reason ? ` ${reason}` : ''}`);
    this.heartbeatTask = this.scheduler.cancel(this.heartbeatTask);
    this.bootTask = this.scheduler.cancel(this.bootTask);
    this.pumpTask = this.scheduler.cancel(this.pumpTask);
    this.requeueAfterDisconnect();
    this.checkDrained();
    if (this.powered && this.autoReconnect) this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.reconnectTask) return;
    const { reconnectMinS, reconnectMaxS } = this.profile.timing;
    const base = Math.min(reconnectMaxS, reconnectMinS * 2 ** Math.min(this.reconnectAttempt, 20));
    const delayMs = base * 1000 * (0.5 + 0.5 * this.random());
    this.reconnectAttempt++;
    this.reconnectTask = this.scheduler.after(delayMs, () => {
      this.reconnectTask = null;
      if (this.powered && !this.ws) this.open();
    });
  }

  /** Closes the connection. With reconnect=false (default) it stays closed until connect(). */
  disconnect(opts: { reconnect?: boolean; code?: number } = {}): Promise<void> {
    const ws = this.ws;
    const keep = this.autoReconnect;
    if (!opts.reconnect) this.autoReconnect = false;
    this.reconnectTask = this.scheduler.cancel(this.reconnectTask);
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

  /** Drops the TCP connection without a close handshake (fault: connection lost); reconnects with backoff. */
  dropConnection(): void {
    this.ws?.terminate();
  }

  // ───────────────────────────── wire ─────────────────────────────

  private nextMessageId(): string {
    this.msgSeq = (this.msgSeq + 1) % 0x7fffffff;
    return String(this.msgSeq);
  }

  /** Writes a text frame to the socket as is (scenarios: send anything, valid or not). */
  sendRaw(text: string): boolean {
    const ws = this.ws;
    if (!ws || ws.readyState !== WebSocket.OPEN) return false;
    this.stats.framesOut++;
    if (this.bus.wants('frame')) this.emit({ kind: 'frame', chargerId: this.id, at: this.now(), dir: 'out', text });
    ws.send(text);
    return true;
  }

  /** Sends a truncated, unparseable frame (fault: malformed JSON). */
  sendMalformedJson(): boolean {
    return this.sendRaw(`[2,"${this.nextMessageId()}","Heartbeat",{`);
  }

  private onText(text: string): void {
    this.stats.framesIn++;
    if (this.bus.wants('frame')) this.emit({ kind: 'frame', chargerId: this.id, at: this.now(), dir: 'in', text });
    let frame;
    try {
      frame = parseFrame(text);
    } catch (err) {
      if (err instanceof FrameParseError) {
        this.error(`bad frame from central system: ${err.message}`);
        if (err.answerable) this.sendRaw(JSON.stringify([CALLERROR, err.messageId, err.code, err.message, {}]));
        return;
      }
      throw err;
    }
    if (frame[0] === CALL) {
      this.stats.callsIn++;
      handleIncomingCall(this, frame[1], frame[2], frame[3]);
      return;
    }
    const item = this.pending?.get(frame[1]);
    if (!item) {
      this.error(`reply to unknown message id ${frame[1]} ignored`);
      return;
    }
    this.pending?.delete(frame[1]);
    item.timeout = this.scheduler.cancel(item.timeout);
    if (!item.unqueued) this.inFlight--;
    this.stats.latency.record(this.now() - item.sentAt);
    if (frame[0] === CALLERROR) {
      this.stats.callErrorsReceived++;
      this.failed(item, new OcppError(frame[2], `${item.action} answered with CALLERROR ${frame[2]}: ${frame[3]}`, frame[4]));
    } else {
      const problem = checkPayload(item.action, 'conf', frame[2]);
      if (problem) {
        this.stats.invalidReplies++;
        this.error(`invalid ${item.action}.conf from central system: ${problem.message}`);
      }
      try {
        item.onAnswer?.(frame[2]);
      } catch (err) {
        this.error(`${item.action}.conf not usable: ${(err as Error).message}`);
      }
      item.resolve(frame[2]);
    }
    this.pump();
  }

  /** Sends an answer to an incoming CALL (honouring the answer-late fault). */
  reply(text: string, after?: () => void): void {
    const delay = this.faults?.answerDelayMs ?? 0;
    if (delay > 0) {
      this.scheduler.after(delay, () => {
        this.sendRaw(text);
        after?.();
      });
      return;
    }
    this.sendRaw(text);
    after?.();
  }

  // ───────────────────────────── outgoing CALLs ─────────────────────────────

  /**
   * Sends a CALL and resolves with the central system's answer. Calls go one at a time, in order. When offline
   * (or not registered) non-transaction messages are dropped (ChargerOfflineError); transaction messages wait.
   */
  call<A extends ChargePointAction>(action: A, payload: RequestOf<A> | (() => RequestOf<A> | null), opts: CallOptions<A> = {}): Promise<ResponseOf<A>> {
    const transactional = opts.transactional ?? false;
    const beforeAccepted = opts.beforeAccepted ?? action === 'BootNotification';
    if (!transactional) {
      const why = !this.powered ? 'powered off' : this.connection !== 'connected' ? 'offline' : this.registration !== 'Accepted' && !beforeAccepted ? `BootNotification not accepted (${this.registration})` : null;
      if (why) return Promise.reject(new ChargerOfflineError(this.id, action, why));
    }
    return new Promise<ResponseOf<A>>((resolve, reject) => {
      const build = typeof payload === 'function' ? (payload as () => Payload | null) : () => payload as unknown as Payload;
      const onAnswer = opts.onAnswer as ((p: Payload) => void) | undefined;
      this.outbox.push({ action, build, transactional, beforeAccepted, attempts: 0, notBefore: 0, id: null, sentAt: 0, timeout: null, unqueued: false, onAnswer, resolve: resolve as unknown as (p: Payload) => void, reject });
      this.pump();
    });
  }

  /** call() for internal use: failures are counted, never thrown. */
  send<A extends ChargePointAction>(action: A, payload: RequestOf<A> | (() => RequestOf<A> | null), opts: CallOptions<A> = {}): Promise<ResponseOf<A> | null> {
    return this.call(action, payload, opts).catch((err: Error) => {
      if (!(err instanceof ChargerOfflineError)) this.error(err.message);
      return null;
    });
  }

  private pump(): void {
    if (this.drainWaiters) this.checkDrained();
    if (this.connection !== 'connected' || this.inFlight > 0) return;
    const accepted = this.registration === 'Accepted';
    const idx = accepted ? (this.outbox.length ? 0 : -1) : this.outbox.findIndex((o) => o.beforeAccepted);
    if (idx < 0) return;
    const item = this.outbox[idx] as Outgoing;
    const now = this.now();
    if (item.notBefore > now) {
      if (!this.pumpTask) {
        this.pumpTask = this.scheduler.at(item.notBefore, () => {
          this.pumpTask = null;
          this.pump();
        });
      }
      return;
    }
    this.outbox.splice(idx, 1);
    let payload: Payload | null;
    try {
      payload = item.build();
    } catch (err) {
      item.reject(err as Error);
      this.pump();
      return;
    }
    if (payload === null) {
      item.reject(new Error(`${this.id}: ${item.action} dropped (its transaction was never confirmed)`));
      this.pump();
      return;
    }
    this.transmit(item, payload);
    if (item.action === 'StartTransaction' && this.profile.quirks.meterValuesBeforeStartConf) {
      this.sendMeterValuesBeforeStartConf(payload);
    }
  }

  private transmit(item: Outgoing, payload: Payload): void {
    const id = this.nextMessageId();
    item.id = id;
    item.sentAt = this.now();
    item.attempts++;
    (this.pending ??= new Map()).set(id, item);
    if (!item.unqueued) this.inFlight++;
    item.timeout = this.scheduler.after(this.profile.timing.callTimeoutS * 1000, () => this.onCallTimeout(item));
    this.stats.callsOut++;
    this.sendRaw(JSON.stringify([CALL, id, item.action, payload]));
  }

  /** Quirk: a MeterValues without transactionId, sent while StartTransaction is still unanswered. */
  private sendMeterValuesBeforeStartConf(start: Payload): void {
    const connectorId = Number(start.connectorId);
    const c = this.connectors[connectorId];
    if (!c) return;
    const mv: MeterValue = { timestamp: this.timestamp(), sampledValue: this.sample(c, this.config.list('MeterValuesSampledData'), 'Sample.Periodic') };
    const item: Outgoing = { action: 'MeterValues', build: () => null, transactional: false, beforeAccepted: false, attempts: 0, notBefore: 0, id: null, sentAt: 0, timeout: null, unqueued: true, resolve: noop, reject: noop };
    this.transmit(item, { connectorId, meterValue: [mv] });
  }

  private onCallTimeout(item: Outgoing): void {
    item.timeout = null;
    if (!item.id || !this.pending?.delete(item.id)) return;
    if (!item.unqueued) this.inFlight--;
    this.stats.timeouts++;
    this.failed(item, new Error(`${this.id}: no answer to ${item.action} (message ${item.id}) within ${this.profile.timing.callTimeoutS} s`));
    this.pump();
  }

  /** A CALL failed (CALLERROR or timeout): transaction messages are retried, others rejected. */
  private failed(item: Outgoing, err: Error): void {
    if (item.transactional) {
      const forever = item.action === 'StopTransaction' && this.profile.quirks.stopTransactionRetryForever;
      const max = Math.max(1, this.config.int('TransactionMessageAttempts', 3));
      if (forever || item.attempts < max) {
        item.notBefore = this.now() + this.config.int('TransactionMessageRetryInterval', 60) * 1000 * item.attempts;
        this.outbox.unshift(item);
        this.error(`${err.message}; retry ${item.attempts}${forever ? '' : `/${max - 1}`}`);
        return;
      }
    }
    this.error(err.message);
    item.reject(err);
  }

  private requeueAfterDisconnect(): void {
    const keep: Outgoing[] = [];
    if (this.pending) {
      for (const item of this.pending.values()) {
        item.timeout = this.scheduler.cancel(item.timeout);
        if (item.transactional && !item.unqueued) {
          item.attempts = Math.max(0, item.attempts - 1);
          keep.push(item);
        } else item.reject(new ChargerOfflineError(this.id, item.action, 'connection lost before the answer'));
      }
      this.pending.clear();
    }
    this.inFlight = 0;
    for (const item of this.outbox) {
      if (item.transactional) keep.push(item);
      else item.reject(new ChargerOfflineError(this.id, item.action, 'connection lost'));
    }
    this.outbox = keep;
  }

  /**
   * Nothing queued and nothing awaiting an answer. With a manual clock, advance time only when the charger is
   * idle: otherwise virtual seconds pass while a real reply is still on the wire, and the CALL times out.
   */
  get idle(): boolean {
    if (this.inFlight > 0) return false;
    if (this.connection !== 'connected' || this.outbox.length === 0) return true;
    const accepted = this.registration === 'Accepted';
    const next = accepted ? this.outbox[0] : this.outbox.find((o) => o.beforeAccepted);
    return !next || next.notBefore > this.now();
  }

  /** Messages waiting to be sent (transaction messages kept while offline). */
  get queued(): number {
    return this.outbox.length;
  }

  // ───────────────────────────── boot and heartbeat ─────────────────────────────

  /** Sends BootNotification now and applies the answer (Accepted → heartbeats; Pending/Rejected → retry after interval). */
  async boot(): Promise<ResponseOf<'BootNotification'>> {
    this.bootTask = this.scheduler.cancel(this.bootTask);
    const p = this.profile;
    const req: RequestOf<'BootNotification'> = {
      chargePointVendor: p.vendor,
      chargePointModel: p.model,
      chargePointSerialNumber: this.id.slice(0, 25),
      firmwareVersion: this.firmwareVersion,
      ...(p.meterType ? { meterType: p.meterType } : {}),
    };
    try {
      const conf = await this.call('BootNotification', req);
      this.onBootAnswer(conf);
      return conf;
    } catch (err) {
      if (!(err instanceof ChargerOfflineError)) this.error(`BootNotification failed: ${(err as Error).message}`);
      if (this.isOnline) this.bootTask = this.scheduler.after(p.timing.bootRetryS * 1000, () => this.sendBoot());
      throw err;
    }
  }

  sendBoot(): void {
    this.boot().catch(noop);
  }

  private onBootAnswer(conf: ResponseOf<'BootNotification'>): void {
    this.lastBootResponse = conf;
    const was = this.registration;
    this.registration = conf.status;
    if (this.bus.wants('registration')) this.emit({ kind: 'registration', chargerId: this.id, at: this.now(), status: conf.status });
    if (conf.status === 'Accepted') {
      if (conf.interval > 0) this.config.setInternal('HeartbeatInterval', String(conf.interval));
      this.scheduleHeartbeat();
      this.scheduleAligned();
      if (was !== 'Accepted') this.afterRegistered();
      this.pump();
      return;
    }
    const retryS = conf.interval > 0 ? conf.interval : this.profile.timing.bootRetryS;
    this.bootTask = this.scheduler.after(retryS * 1000, () => {
      this.bootTask = null;
      if (this.isOnline && this.registration !== 'Accepted') this.sendBoot();
    });
  }

  /** After a boot is accepted: report every connector, close transactions a power cut interrupted, finish a firmware install. */
  private afterRegistered(): void {
    for (const c of this.connectors) {
      if (c.tx?.interruptedAt != null) this.stopTransaction(c.id, 'PowerLoss', { at: c.tx.interruptedAt });
    }
    this.powerCutAt = null;
    for (const c of this.connectors) this.notifyStatus(c);
    if (this.pendingFirmware !== null) {
      this.pendingFirmware = null;
      this.setFirmwareStatus('Installed');
    }
  }

  scheduleHeartbeat(): void {
    this.heartbeatTask = this.scheduler.cancel(this.heartbeatTask);
    const s = this.config.int('HeartbeatInterval');
    if (s <= 0 || !this.isOnline || this.registration !== 'Accepted') return;
    this.heartbeatTask = this.scheduler.after(s * 1000, () => {
      this.heartbeatTask = null;
      this.send('Heartbeat', {});
      this.scheduleHeartbeat();
    });
  }

  // ───────────────────────────── statuses ─────────────────────────────

  /** Moves a connector to a new status (legal transitions only) and reports it with StatusNotification. */
  setStatus(connectorId: number, to: ConnectorStatus, errorCode: ChargePointErrorCode = 'NoError', info?: string): void {
    const c = this.connector(connectorId);
    const from = c.status;
    if (from === to && c.errorCode === errorCode && c.info === info) return;
    if (from !== to && !isLegalTransition(from, to, connectorId)) throw new IllegalTransitionError(connectorId, from, to);
    c.status = to;
    c.errorCode = errorCode;
    c.info = info;
    const now = this.now();
    c.statusChangedAt = now;
    this.lastStatusChangeAt = now;
    this.observer?.statusChanged(this, connectorId, from, to);
    if (this.bus.wants('status')) this.emit({ kind: 'status', chargerId: this.id, at: now, connectorId, status: to, errorCode, previous: from });
    this.notifyStatus(c);
  }

  /** Sends the connector's current status (or remembers to once online and registered). */
  notifyStatus(c: Connector, opts: { triggered?: boolean } = {}): void {
    if (c.id === 0 && this.profile.quirks.connector1Only) return;
    if (!this.isOnline || (this.registration !== 'Accepted' && !opts.triggered)) {
      c.unreported = true;
      return;
    }
    c.unreported = false;
    const req: RequestOf<'StatusNotification'> = { connectorId: c.id, errorCode: c.errorCode, status: c.status, timestamp: this.timestamp(c.statusChangedAt) };
    if (c.info) req.info = c.info;
    if (c.vendorErrorCode) req.vendorErrorCode = c.vendorErrorCode;
    this.send('StatusNotification', req, { beforeAccepted: opts.triggered ?? false });
  }

  private reportUnreportedStatuses(): void {
    for (const c of this.connectors) if (c.unreported) this.notifyStatus(c);
  }

  /** The status a connector returns to when nothing special holds it (available, plugged, inoperative). */
  restingStatus(c: Connector): ConnectorStatus {
    if (c.availability === 'Inoperative') return 'Unavailable';
    if (c.reservation && !c.ev) return 'Reserved';
    if (c.ev) return c.tx ? 'Charging' : c.status === 'Finishing' ? 'Finishing' : 'Preparing';
    return 'Available';
  }

  // ───────────────────────────── metering ─────────────────────────────

  private limitContext(c: Connector): { voltage: number; phases: number; transactionId: number | null; txStart: number | null } {
    return { voltage: this.profile.voltage, phases: this.profile.phases, transactionId: c.tx?.id ?? null, txStart: c.tx?.startedAt ?? null };
  }

  /** Charging-profile limit in W for the connector at t (null: none). */
  limitAt(c: Connector, t: number): number | null {
    return compositeLimitW(this.chargingProfiles, c.id, t, this.limitContext(c));
  }

  /** Brings the connector's meter up to now. */
  advance(c: Connector, until: number = this.now()): number {
    const energized = c.tx !== null && c.tx.interruptedAt === null && this.powered && !c.faulted && c.availability === 'Operative';
    return advanceMeter(c.meter, until, energized, this.profile.maxPowerW, c.ev, (t) => this.limitAt(c, t));
  }

  /** Sampled values for measurands at this instant (advances the meter first). */
  sample(c: Connector, measurands: readonly string[], context: ReadingContext, intervalWh = 0): MeterValue['sampledValue'] {
    const powerW = this.advance(c);
    const limit = this.limitAt(c, this.now());
    const offeredW = c.tx ? Math.min(this.profile.maxPowerW, limit ?? Infinity) : 0;
    return sampledValues(measurands, { energyWh: c.meter.energyWh, intervalWh, powerW, offeredW, voltage: this.profile.voltage, phases: this.profile.phases, soc: c.ev ? c.ev.soc : null }, context);
  }

  private emitMeter(c: Connector, context: string): void {
    if (!this.bus.wants('meter')) return;
    this.emit({ kind: 'meter', chargerId: this.id, at: this.now(), connectorId: c.id, transactionId: c.tx?.id ?? null, energyWh: c.meter.energyWh, powerW: c.meter.powerW, soc: c.ev ? c.ev.soc : null, context });
  }

  /** transactionId as this firmware puts it on the wire. */
  private wireTxId(id: number): number {
    return (this.profile.quirks.transactionIdAsString ? String(id) : id) as number;
  }

  /** Sends one MeterValues for the connector (transactional when a transaction runs). */
  sendMeterValues(c: Connector, measurands: readonly string[], context: ReadingContext, intervalWh = 0): Promise<unknown> {
    const sampledValue = this.sample(c, measurands, context, intervalWh);
    this.emitMeter(c, context);
    if (sampledValue.length === 0) return Promise.resolve(null);
    const mv: MeterValue = { timestamp: this.timestamp(), sampledValue };
    const tx = c.tx;
    if (tx && tx.interruptedAt === null) {
      return this.send('MeterValues', () => (tx.id === null ? null : { connectorId: c.id, transactionId: this.wireTxId(tx.id), meterValue: [mv] }), { transactional: true });
    }
    return this.send('MeterValues', { connectorId: c.id, meterValue: [mv] }, { beforeAccepted: context === 'Trigger' });
  }

  /** Re-evaluates a charging connector: SuspendedEV when the EV is full, SuspendedEVSE when the limit is 0. */
  updateChargingStatus(c: Connector): void {
    if (!c.tx || c.faulted || c.availability === 'Inoperative' || c.tx.interruptedAt !== null) return;
    this.advance(c);
    const limit = this.limitAt(c, this.now());
    const next: ConnectorStatus = limit !== null && limit <= 0 ? 'SuspendedEVSE' : c.ev && isFull(c.ev) ? 'SuspendedEV' : !c.ev ? 'SuspendedEV' : 'Charging';
    if (next !== c.status) this.setStatus(c.id, next);
  }

  private scheduleSampling(c: Connector): void {
    c.sampleTask = this.scheduler.cancel(c.sampleTask);
    if (!c.tx) return;
    const interval = this.config.int('MeterValueSampleInterval');
    const tick = (interval > 0 ? interval : 60) * 1000;
    c.sampleTask = this.scheduler.after(tick, () => {
      c.sampleTask = null;
      if (!c.tx || !this.powered) return;
      if (interval > 0) this.sendMeterValues(c, this.config.list('MeterValuesSampledData'), 'Sample.Periodic');
      else this.advance(c);
      this.updateChargingStatus(c);
      this.scheduleSampling(c);
    });
  }

  /** Restarts sampling timers (after MeterValueSampleInterval changes). */
  rescheduleSampling(): void {
    for (const c of this.connectors) if (c.tx && c.tx.interruptedAt === null) this.scheduleSampling(c);
  }

  /** Clock-aligned meter values every ClockAlignedDataInterval seconds, aligned to midnight UTC. */
  scheduleAligned(): void {
    this.alignedTask = this.scheduler.cancel(this.alignedTask);
    const s = this.config.int('ClockAlignedDataInterval');
    if (s <= 0 || !this.powered) return;
    const step = s * 1000;
    const now = this.now();
    const next = Math.floor(now / step) * step + step;
    this.alignedTask = this.scheduler.at(next, () => {
      this.alignedTask = null;
      const measurands = this.config.list('MeterValuesAlignedData');
      if (measurands.length && this.registration === 'Accepted') {
        this.lastAlignedWh ??= new Float64Array(this.connectors.length).fill(-1);
        for (const c of this.connectors) {
          if (c.id === 0) continue;
          this.advance(c);
          const last = this.lastAlignedWh[c.id] ?? -1;
          const interval = last < 0 ? 0 : c.meter.energyWh - last;
          this.lastAlignedWh[c.id] = c.meter.energyWh;
          if (c.tx || this.isOnline) this.sendMeterValues(c, measurands, 'Sample.Clock', interval);
        }
      }
      this.scheduleAligned();
    });
  }

  // ───────────────────────────── sessions ─────────────────────────────

  /** Plugs an EV into the connector (Available/Reserved → Preparing); starts a waiting authorized session. */
  plug(connectorId = 1, ev?: Partial<Ev>): Ev {
    const c = this.connector(connectorId);
    if (connectorId === 0) throw new Error(`${this.id}: connector 0 is the charge point itself; plug into 1..${this.profile.connectors}`);
    if (c.ev) throw new Error(`${this.id}: connector ${connectorId} already has an EV plugged in`);
    c.ev = arrivingEv(this.profile.ev, this.random, ev);
    this.advance(c);
    if (c.status === 'Available' || c.status === 'Reserved' || c.status === 'Finishing') this.setStatus(connectorId, 'Preparing');
    if (c.pendingIdTag !== null && c.status === 'Preparing') {
      const idTag = c.pendingIdTag;
      this.clearPending(c);
      this.beginTransaction(connectorId, idTag);
    }
    return c.ev;
  }

  /** Unplugs the EV: stops a running transaction (StopTransactionOnEVSideDisconnect) and frees the connector. */
  unplug(connectorId = 1): void {
    const c = this.connector(connectorId);
    if (!c.ev) throw new Error(`${this.id}: nothing is plugged into connector ${connectorId}`);
    if (c.tx && c.tx.interruptedAt === null) {
      if (this.config.bool('StopTransactionOnEVSideDisconnect')) {
        c.ev = null;
        this.stopTransaction(connectorId, 'EVDisconnected');
      } else {
        this.advance(c);
        c.ev = null;
        this.setStatus(connectorId, 'SuspendedEV');
        return;
      }
    }
    c.ev = null;
    if (c.status === 'Preparing' || c.status === 'Finishing' || c.status === 'SuspendedEV' || c.status === 'Charging' || c.status === 'SuspendedEVSE') {
      this.setStatus(connectorId, this.restingStatus(c));
    }
    this.applyScheduledAvailability(c);
  }

  /** Authorizes an idTag: local list / cache when allowed, else Authorize.req; offline per LocalAuthorizeOffline. */
  async authorize(idTag: string): Promise<IdTagInfo> {
    const local = this.localList?.get(idTag) ?? (this.config.bool('AuthorizationCacheEnabled') ? this.authCache?.get(idTag) : undefined);
    if (local?.status === 'Accepted' && this.config.bool('LocalPreAuthorize')) return local;
    if (!this.isOnline || this.registration !== 'Accepted') {
      if (local && this.config.bool('LocalAuthorizeOffline')) return local;
      return { status: this.config.bool('AllowOfflineTxForUnknownId') ? 'Accepted' : 'Invalid' };
    }
    const conf = await this.call('Authorize', { idTag });
    if (this.config.bool('AuthorizationCacheEnabled')) (this.authCache ??= new Map()).set(idTag, conf.idTagInfo);
    return conf.idTagInfo;
  }

  /**
   * A local session start: authorize the idTag, then start the transaction when an EV is plugged in (or wait for
   * the plug, up to ConnectionTimeOut). Returns the authorization result.
   */
  async start(connectorId = 1, idTag = 'SIM-TAG'): Promise<IdTagInfo> {
    const c = this.connector(connectorId);
    if (connectorId === 0) throw new Error(`${this.id}: transactions run on connectors 1..${this.profile.connectors}`);
    if (c.tx) throw new Error(`${this.id}: connector ${connectorId} already has transaction ${c.tx.id ?? '(unconfirmed)'}`);
    if (c.faulted || c.availability === 'Inoperative') throw new Error(`${this.id}: connector ${connectorId} is ${c.status}`);
    const r = c.reservation;
    if (r && r.idTag !== idTag && r.parentIdTag !== idTag) throw new Error(`${this.id}: connector ${connectorId} is reserved for another idTag`);
    let info: IdTagInfo;
    c.authorizingIdTag = idTag;
    try {
      info = await this.authorize(idTag);
    } finally {
      if (c.authorizingIdTag === idTag) c.authorizingIdTag = null;
    }
    if (info.status !== 'Accepted') return info;
    if (c.tx) return info;
    if (c.ev) this.beginTransaction(connectorId, idTag);
    else this.awaitPlug(c, idTag);
    return info;
  }

  /** An authorized idTag waits for the EV (Preparing) until ConnectionTimeOut. */
  awaitPlug(c: Connector, idTag: string): void {
    this.clearPending(c);
    c.pendingIdTag = idTag;
    if (c.status === 'Available' || c.status === 'Reserved') this.setStatus(c.id, 'Preparing');
    const timeout = this.config.int('ConnectionTimeOut', 60);
    if (timeout > 0) {
      c.pendingTimeout = this.scheduler.after(timeout * 1000, () => {
        c.pendingTimeout = null;
        c.pendingIdTag = null;
        if (!c.ev && c.status === 'Preparing') this.setStatus(c.id, this.restingStatus(c));
      });
    }
  }

  clearPending(c: Connector): void {
    c.pendingIdTag = null;
    c.pendingTimeout = this.scheduler.cancel(c.pendingTimeout);
  }

  /** Starts a transaction on a connector with an EV: StartTransaction, Charging, periodic meter values. */
  beginTransaction(connectorId: number, idTag: string): Transaction {
    const c = this.connector(connectorId);
    if (c.tx) throw new Error(`${this.id}: connector ${connectorId} already has a transaction`);
    this.advance(c);
    const now = this.now();
    const tx: Transaction = { connectorId, idTag, id: null, startedAt: now, meterStart: Math.floor(c.meter.energyWh), beginSample: null, interruptedAt: null };
    if (c.reservation && (c.reservation.idTag === idTag || c.reservation.parentIdTag === idTag)) {
      tx.reservationId = c.reservation.id;
      c.reservation.expiry = this.scheduler.cancel(c.reservation.expiry);
      c.reservation = null;
    }
    c.tx = tx;
    const stopMeasurands = this.config.list('StopTxnSampledData');
    if (stopMeasurands.length) tx.beginSample = { timestamp: now, sampledValue: this.sample(c, stopMeasurands, 'Transaction.Begin') };
    const req: RequestOf<'StartTransaction'> = { connectorId, idTag, meterStart: tx.meterStart, timestamp: this.timestamp(now) };
    if (tx.reservationId !== undefined) req.reservationId = tx.reservationId;
    const onAnswer = (conf: ResponseOf<'StartTransaction'>): void => {
      tx.id = conf.transactionId;
    };
    this.send('StartTransaction', req, { transactional: true, onAnswer }).then((conf) => {
      if (!conf) return;
      if (this.bus.wants('transaction')) this.emit({ kind: 'transaction', chargerId: this.id, at: this.now(), phase: 'started', connectorId, transactionId: tx.id, idTag, meterWh: tx.meterStart });
      if (conf.idTagInfo.status !== 'Accepted' && c.tx === tx && this.config.bool('StopTransactionOnInvalidId')) {
        this.stopTransaction(connectorId, 'DeAuthorized');
      }
    });
    this.setStatus(connectorId, 'Charging');
    this.updateChargingStatus(c);
    this.scheduleSampling(c);
    return tx;
  }

  /**
   * Quirk doubleStartOnRemoteStart: a second transaction on a connector that already has one. The first keeps
   * running unseen (no more MeterValues for it) and is stopped together with the second when the session ends.
   */
  beginSecondTransaction(connectorId: number, idTag: string): Transaction {
    const c = this.connector(connectorId);
    if (!c.tx || c.shadowTx) throw new Error(`${this.id}: connector ${connectorId} cannot take a second transaction now`);
    this.advance(c);
    c.sampleTask = this.scheduler.cancel(c.sampleTask);
    c.shadowTx = c.tx;
    c.tx = null;
    return this.beginTransaction(connectorId, idTag);
  }

  /** Stops the connector's transaction: StopTransaction with reason and transactionData; Finishing (or Available once unplugged). */
  stopTransaction(connectorId: number, reason: StopReason = 'Local', opts: { at?: number; idTag?: string; nextStatus?: ConnectorStatus; nextErrorCode?: ChargePointErrorCode } = {}): Transaction {
    const c = this.connector(connectorId);
    const tx = c.tx;
    if (!tx) throw new Error(`${this.id}: no transaction on connector ${connectorId}`);
    const at = opts.at ?? this.now();
    if (tx.interruptedAt === null) this.advance(c);
    c.sampleTask = this.scheduler.cancel(c.sampleTask);
    const meterStop = Math.floor(c.meter.energyWh);
    const stopMeasurands = this.config.list('StopTxnSampledData');
    const transactionData: MeterValue[] = [];
    if (tx.beginSample) transactionData.push({ timestamp: this.timestamp(tx.beginSample.timestamp), sampledValue: tx.beginSample.sampledValue });
    if (stopMeasurands.length) transactionData.push({ timestamp: this.timestamp(at), sampledValue: this.sample(c, stopMeasurands, 'Transaction.End') });
    c.tx = null;
    this.emitMeter(c, 'Transaction.End');
    const idTag = opts.idTag ?? tx.idTag;
    this.sendStop(tx, { idTag, meterStop, at, reason, transactionData });
    if (this.bus.wants('transaction')) this.emit({ kind: 'transaction', chargerId: this.id, at, phase: 'stopped', connectorId, transactionId: tx.id, idTag, meterWh: meterStop, reason });
    const shadow = c.shadowTx;
    if (shadow) {
      // doubleStartOnRemoteStart: the first transaction ends with the session too, with the same final reading.
      c.shadowTx = null;
      const data: MeterValue[] = [];
      if (shadow.beginSample) data.push({ timestamp: this.timestamp(shadow.beginSample.timestamp), sampledValue: shadow.beginSample.sampledValue });
      const end = transactionData.find((mv) => mv.sampledValue.some((s) => s.context === 'Transaction.End'));
      if (end) data.push(end);
      this.sendStop(shadow, { idTag: shadow.idTag, meterStop, at, reason, transactionData: data });
    }
    // TxProfiles end with their transaction.
    if (this.chargingProfiles) this.chargingProfiles = this.chargingProfiles.filter((ip) => !(ip.connectorId === connectorId && ip.profile.chargingProfilePurpose === 'TxProfile'));
    if (opts.nextStatus) this.setStatus(connectorId, opts.nextStatus, opts.nextErrorCode);
    else if (c.faulted) {
      // stays Faulted
    } else if (c.ev) this.setStatus(connectorId, 'Finishing');
    else this.setStatus(connectorId, c.availability === 'Inoperative' && c.scheduledAvailability === null ? 'Unavailable' : 'Available');
    this.applyScheduledAvailability(c);
    return tx;
  }

  /** Queues a StopTransaction (built at send time: the transactionId may arrive meanwhile). */
  private sendStop(tx: Transaction, s: { idTag: string; meterStop: number; at: number; reason: StopReason; transactionData: MeterValue[] }): void {
    this.send(
      'StopTransaction',
      () => {
        if (tx.id === null) return null;
        const req: RequestOf<'StopTransaction'> = { transactionId: this.wireTxId(tx.id), idTag: s.idTag, meterStop: s.meterStop, timestamp: this.timestamp(s.at), reason: s.reason };
        if (s.transactionData.length) req.transactionData = s.transactionData;
        return req;
      },
      { transactional: true },
    );
  }

  /** Applies a ChangeAvailability that waited for the transaction to end. */
  applyScheduledAvailability(c: Connector): void {
    if (!c.scheduledAvailability || c.tx || (c.status === 'Preparing' && c.ev)) return;
    const to = c.scheduledAvailability;
    c.scheduledAvailability = null;
    this.setAvailability(c, to);
  }

  /** Operative/Inoperative now (the caller checked there is no transaction). */
  setAvailability(c: Connector, type: AvailabilityType): void {
    c.availability = type;
    if (type === 'Inoperative') {
      if (c.status !== 'Faulted' && c.status !== 'Unavailable') this.setStatus(c.id, 'Unavailable');
    } else if (c.status === 'Unavailable') {
      this.setStatus(c.id, c.id === 0 ? 'Available' : this.restingStatus(c));
    }
  }

  // ───────────────────────────── faults, reboot, power ─────────────────────────────

  /** Puts a connector (0 = the whole charge point) in Faulted with an error code; a running transaction stops. */
  fault(connectorId = 1, errorCode: ChargePointErrorCode = 'OtherError', info?: string, vendorErrorCode?: string): void {
    if (errorCode === 'NoError') throw new Error('a fault needs an error code other than NoError');
    const targets = connectorId === 0 ? this.connectors : [this.connector(connectorId)];
    for (const c of targets) {
      c.vendorErrorCode = vendorErrorCode;
      if (c.tx && c.tx.interruptedAt === null) this.stopTransaction(c.id, 'Other', { nextStatus: 'Faulted', nextErrorCode: errorCode });
      else this.setStatus(c.id, 'Faulted', errorCode, info);
    }
  }

  /** Clears a fault: back to Available / Preparing / Unavailable as the connector's situation says. */
  clearFault(connectorId = 1): void {
    const targets = connectorId === 0 ? this.connectors : [this.connector(connectorId)];
    for (const c of targets) {
      if (c.status !== 'Faulted') continue;
      c.vendorErrorCode = undefined;
      const to = c.id === 0 ? (c.availability === 'Inoperative' ? 'Unavailable' : 'Available') : c.ev && c.status === 'Faulted' ? (c.availability === 'Inoperative' ? 'Unavailable' : 'Preparing') : this.restingStatus(c);
      this.setStatus(c.id, to);
    }
  }

  /** Reset: stops transactions (reason SoftReset / HardReset), closes the connection, boots again after rebootS. */
  async reboot(type: ResetType = 'Soft'): Promise<void> {
    for (const c of this.connectors) {
      if (c.tx && c.tx.interruptedAt === null) this.stopTransaction(c.id, type === 'Soft' ? 'SoftReset' : 'HardReset');
    }
    if (type === 'Soft') await this.drainOutbox(10_000);
    this.shutdown();
    await this.disconnectForReboot();
    this.scheduler.after(this.profile.timing.rebootS * 1000, () => {
      this.powerOn().catch(noop);
    });
  }

  /** Resolves when every queued message was answered (or after `maxMs` of charger time). */
  private drainOutbox(maxMs: number): Promise<void> {
    if (this.isDrained()) return Promise.resolve();
    return new Promise((resolve) => {
      let deadline: Task | null = null;
      const done = (): void => {
        deadline = this.scheduler.cancel(deadline);
        this.drainWaiters = this.drainWaiters?.filter((w) => w !== done) ?? null;
        resolve();
      };
      deadline = this.scheduler.after(maxMs, done);
      (this.drainWaiters ??= []).push(done);
    });
  }

  private isDrained(): boolean {
    return (this.outbox.length === 0 && this.inFlight === 0) || !this.isOnline;
  }

  private checkDrained(): void {
    if (!this.drainWaiters || !this.isDrained()) return;
    const waiters = this.drainWaiters;
    this.drainWaiters = null;
    for (const w of waiters) w();
  }

  private disconnectForReboot(): Promise<void> {
    const keep = this.autoReconnect;
    this.autoReconnect = false;
    return this.disconnect().finally(() => {
      this.autoReconnect = keep;
    });
  }

  /** Stops the charger's timers and forgets registration (power off / reboot). Queued transaction messages stay. */
  private shutdown(): void {
    this.powered = false;
    this.registration = 'None';
    this.heartbeatTask = this.scheduler.cancel(this.heartbeatTask);
    this.alignedTask = this.scheduler.cancel(this.alignedTask);
    this.bootTask = this.scheduler.cancel(this.bootTask);
    this.reconnectTask = this.scheduler.cancel(this.reconnectTask);
    this.pumpTask = this.scheduler.cancel(this.pumpTask);
    for (const c of this.connectors) {
      c.sampleTask = this.scheduler.cancel(c.sampleTask);
      this.clearPending(c);
    }
  }

  /** Power cut: the socket dies without a close, nothing is sent; running transactions are stopped (PowerLoss) after the next boot. */
  powerCut(): void {
    const now = this.now();
    for (const c of this.connectors) {
      if (c.tx && c.tx.interruptedAt === null) {
        this.advance(c, now);
        c.tx.interruptedAt = now;
      }
    }
    this.powerCutAt = now;
    this.shutdown();
    const ws = this.ws;
    if (ws) {
      this.ws = null;
      ws.terminate();
      this.setConnection('disconnected', 'power cut');
      this.requeueAfterDisconnect();
    }
  }

  /**
   * Stops the charger for good (fleet stop): closes the socket, cancels every timer. How its running transactions
   * end (see StopMode): 'end' sends StopTransaction for each (reason Local) and waits, bounded by `maxWaitMs` of
   * charger time, until they are answered; 'powerCut' dies without a word (they stay open at the central system
   * until it hears otherwise); 'close' (default) closes the socket without ending them.
   */
  async stop(opts: StopOptions = {}): Promise<void> {
    const mode = opts.mode ?? 'close';
    if (mode === 'powerCut') this.powerCut();
    else if (mode === 'end' && this.powered) {
      for (const c of this.connectors) if (c.tx && c.tx.interruptedAt === null) this.stopTransaction(c.id, 'Local');
      await this.drainOutbox(opts.maxWaitMs ?? 10_000);
    }
    this.shutdown();
    await this.disconnectForReboot();
    for (const item of this.outbox) item.reject(new ChargerOfflineError(this.id, item.action, 'charger stopped'));
    this.outbox = [];
  }

  // ───────────────────────────── firmware / diagnostics notifications ─────────────────────────────

  setFirmwareStatus(status: FirmwareStatus): void {
    this.firmwareStatus = status;
    this.send('FirmwareStatusNotification', { status });
  }

  setDiagnosticsStatus(status: DiagnosticsStatus): void {
    this.diagnosticsStatus = status;
    this.send('DiagnosticsStatusNotification', { status });
  }

  // ───────────────────────────── snapshot ─────────────────────────────

  snapshot(): ChargerSnapshot {
    return {
      id: this.id,
      profile: this.profile.name,
      connection: this.connection,
      registration: this.registration,
      powered: this.powered,
      queued: this.outbox.length,
      connectors: this.connectors.map((c) => {
        if (c.id > 0) this.advance(c);
        return {
          connectorId: c.id,
          status: c.status,
          errorCode: c.errorCode,
          transactionId: c.tx?.id ?? null,
          idTag: c.tx?.idTag ?? null,
          energyWh: Math.floor(c.meter.energyWh),
          powerW: Math.round(c.meter.powerW),
          soc: c.ev ? Math.round(c.ev.soc * 10) / 10 : null,
          plugged: c.ev !== null,
        };
      }),
    };
  }
}

export interface ConnectorSnapshot {
  connectorId: number;
  status: ConnectorStatus;
  errorCode: ChargePointErrorCode;
  transactionId: number | null;
  idTag: string | null;
  energyWh: number;
  powerW: number;
  soc: number | null;
  plugged: boolean;
}

export interface ChargerSnapshot {
  id: string;
  profile: string;
  connection: ConnectionState;
  registration: RegistrationStatus;
  powered: boolean;
  queued: number;
  connectors: ConnectorSnapshot[];
}
