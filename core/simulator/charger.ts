/**
 * A simulated OCPP 1.6J charge point, composed of named parts (parts/): the version-independent connection
 * (websocket + reconnect), outbox (one CALL in flight, retries) and RPC framing, and the 1.6 parts —
 * registration, statuses, metering, sessions, local auth, firmware — over shared state (parts/state.ts).
 * Its protocol port (v16Port below) answers the central system's CALLs through incoming/, which gets the
 * narrow ChargerPort (incoming/port.ts), never this class. Faults own their state (faults.ts); firmware quirks
 * come from the catalog (quirks/).
 *
 * This class is the charger's public face: drivable step by step (connect, boot, plug, authorize, start, stop,
 * unplug, fault, disconnect, reboot, sendRaw, call) and observable (every frame in/out, status, meter sample,
 * transaction as a SimEvent with its time). Time comes from the shared Scheduler's clock.
 */
import type { ChargePointAction, IdTagInfo, RequestOf, ResetType, ResponseOf } from '../ocpp/index.js';
import type { Connector, Transaction } from './connector.js';
import type { ChargePointErrorCode, ConnectorStatus } from './connectorStatus.js';
import type { Ev } from './ev.js';
import { Faults } from './faults.js';
import type { ChargerPort } from './incoming/port.js';
import { TypedCalls, type CallOptions, type Calls } from './parts/calls.js';
import { Connection } from './parts/connection.js';
import { Firmware } from './parts/firmware.js';
import { LocalAuth } from './parts/localAuth.js';
import { Metering } from './parts/metering.js';
import { Outbox } from './parts/outbox.js';
import { Registration } from './parts/registration.js';
import { Rpc } from './parts/rpc.js';
import { Sessions, type StopReason, type StopTransactionOptions } from './parts/sessions.js';
import { snapshotOf, type ChargerSnapshot } from './parts/snapshot.js';
import { ChargerState, type ChargerObserver as StateObserver } from './parts/state.js';
import { Statuses } from './parts/statuses.js';
import type { ChargerOptions, StopOptions } from './options.js';
import { quirkHook } from './quirks/catalog.js';
import { V16Port } from './v16Port.js';
import type { ConnectionHost } from './parts/connection.js';
import type { OutboxHost } from './parts/outbox.js';
import { WireHosts } from './parts/hosts.js';
import type { RegistrationHooks } from './parts/registration.js';
import type { Payload } from '../ocpp/index.js';

export { ChargerOfflineError } from './parts/outbox.js';
export type { ConnectionState, RegistrationStatus } from './parts/state.js';
export type { ChargerSnapshot, ConnectorSnapshot } from './parts/snapshot.js';
export type { CallOptions } from './parts/calls.js';
export type { StopReason } from './parts/sessions.js';
export type { IdTagInfo };

export type { ChargerOptions, StopMode, StopOptions } from './options.js';
export type ChargerObserver = StateObserver<Charger>;

const noop = (): void => {};

export class Charger extends ChargerState implements ChargerPort {
  autoBoot: boolean;
  readonly faults = new Faults();
  readonly socket: Connection;
  readonly outbox: Outbox;
  readonly rpc: Rpc;
  readonly calls: Calls;
  readonly registrar: Registration;
  readonly statuses: Statuses;
  readonly metering: Metering;
  readonly auth: LocalAuth;
  readonly sessions: Sessions;
  readonly firmware: Firmware;
  private powerCutAt: number | null = null;

  constructor(opts: ChargerOptions) {
    super(opts);
    this.autoBoot = opts.autoBoot ?? true;
    // One host object (prototype methods, no per-charger closures: 10,000 chargers share them) wires the parts.
    const hosts = new Hosts(this, opts.password);
    this.socket = new Connection(hosts, opts.url, opts.reconnect ?? true);
    this.outbox = new Outbox(hosts);
    const restart = quirkHook(opts.profile.quirks, 'messageIds', null, null);
    this.rpc = new Rpc(hosts, restart ?? Math.floor(this.random() * 1e9));
    this.calls = new TypedCalls(this.outbox);
    this.statuses = new Statuses(this, this.calls);
    this.metering = new Metering(this, this.calls, this.statuses);
    this.auth = new LocalAuth(this, this.calls);
    this.sessions = new Sessions(this, this.calls, this.statuses, this.metering, this.auth);
    this.firmware = new Firmware(this.calls);
    this.registrar = new Registration(this, this.calls, hosts);
  }

  // ───────────────────────────── connection and power ─────────────────────────────

  get url(): string {
    return this.socket.url;
  }
  set url(url: string) {
    this.socket.url = url;
  }
  get autoReconnect(): boolean {
    return this.socket.autoReconnect;
  }
  set autoReconnect(on: boolean) {
    this.socket.autoReconnect = on;
  }

  /** Powers the charger on: connects and (with autoBoot) boots. Idempotent. */
  async powerOn(): Promise<void> {
    if (!this.powered) {
      this.powered = true;
      this.registration = 'None';
      const restart = quirkHook(this.profile.quirks, 'messageIds', null, null);
      if (restart !== null) this.rpc.restartIds(restart);
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
    return this.socket.connect();
  }

  /** Closes the connection. With reconnect=false (default) it stays closed until connect(). */
  disconnect(opts: { reconnect?: boolean; code?: number } = {}): Promise<void> {
    return this.socket.disconnect(opts);
  }

  /** Drops the TCP connection without a close handshake (fault: connection lost); reconnects with backoff. */
  dropConnection(): void {
    this.socket.drop();
  }

  /** The socket opened (Connection host). */
  opened(): void {
    if (this.registration === 'Accepted') {
      // Reconnected without a reboot: flush what was queued, report statuses that changed offline.
      this.statuses.reportUnreported();
      this.registrar.scheduleHeartbeat();
      this.outbox.pump();
    } else if (this.autoBoot) {
      this.registrar.sendBoot();
    }
  }

  /** The socket closed (Connection host). */
  closed(): void {
    this.registrar.stopTimers();
    this.outbox.disconnected();
    this.outbox.checkDrained();
  }

  /** A BootNotification was accepted (Registration hook). */
  accepted(first: boolean): void {
    this.metering.scheduleAligned();
    if (first) {
      // Close transactions a power cut interrupted, report every connector, finish a firmware install.
      for (const c of this.connectors) if (c.tx?.interruptedAt != null) this.sessions.stopTransaction(c.id, 'PowerLoss', { at: c.tx.interruptedAt });
      this.powerCutAt = null;
      for (const c of this.connectors) this.statuses.notifyStatus(c);
      this.firmware.booted();
    }
    this.outbox.pump();
  }

  /** Reset: stops transactions (reason SoftReset / HardReset), closes the connection, boots again after rebootS. */
  async reboot(type: ResetType = 'Soft'): Promise<void> {
    this.sessions.stopAll(type === 'Soft' ? 'SoftReset' : 'HardReset');
    if (type === 'Soft') await this.outbox.drain(10_000);
    this.shutdown();
    await this.socket.closeForGood();
    this.scheduler.after(this.profile.timing.rebootS * 1000, () => {
      this.powerOn().catch(noop);
    });
  }

  /** Stops the charger's timers and forgets registration (power off / reboot). Queued transaction messages stay. */
  private shutdown(): void {
    this.powered = false;
    this.registration = 'None';
    this.registrar.stopTimers();
    this.metering.stopTimers();
    this.socket.cancelReconnect();
    this.outbox.cancelPump();
    for (const c of this.connectors) this.sessions.clearPending(c);
  }

  /** Power cut: the socket dies without a close, nothing is sent; running transactions are stopped (PowerLoss) after the next boot. */
  powerCut(): void {
    const now = this.now();
    for (const c of this.connectors) {
      if (c.tx && c.tx.interruptedAt === null) {
        this.metering.advance(c, now);
        c.tx.interruptedAt = now;
      }
    }
    this.powerCutAt = now;
    this.shutdown();
    if (this.socket.kill()) {
      this.setConnection('disconnected', 'power cut');
      this.outbox.disconnected();
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
      // A start already under way (an Authorize answered while the stops drain) opens a transaction after the first
      // round: end that one too, so a stopped fleet leaves no transaction open that it could have closed.
      for (let round = 0; round < 3; round++) {
        this.sessions.stopAll('Local');
        await this.outbox.drain(opts.maxWaitMs ?? 10_000);
        if (!this.connectors.some((c) => c.tx && c.tx.interruptedAt === null)) break;
      }
    }
    this.shutdown();
    await this.socket.closeForGood();
    this.outbox.rejectAll('charger stopped');
  }

  // ───────────────────────────── wire and outgoing CALLs ─────────────────────────────

  /** Writes a text frame to the socket as is (scenarios: send anything, valid or not). */
  sendRaw(text: string): boolean {
    return this.socket.sendRaw(text);
  }

  /** Sends a truncated, unparseable frame (fault: malformed JSON). */
  sendMalformedJson(): boolean {
    return this.sendRaw(`[2,"${this.rpc.nextMessageId()}","Heartbeat",{`);
  }

  /**
   * Sends a CALL and resolves with the central system's answer. Calls go one at a time, in order. When offline
   * (or not registered) non-transaction messages are dropped (ChargerOfflineError); transaction messages wait.
   */
  call<A extends ChargePointAction>(action: A, payload: RequestOf<A> | (() => RequestOf<A> | null), opts: CallOptions<A> = {}): Promise<ResponseOf<A>> {
    return this.calls.call(action, payload, opts);
  }

  /** call() for internal use: failures are counted, never thrown. */
  send<A extends ChargePointAction>(action: A, payload: RequestOf<A> | (() => RequestOf<A> | null), opts: CallOptions<A> = {}): Promise<ResponseOf<A> | null> {
    return this.calls.send(action, payload, opts);
  }

  /**
   * Nothing queued and nothing awaiting an answer. With a manual clock, advance time only when the charger is
   * idle: otherwise virtual seconds pass while a real reply is still on the wire, and the CALL times out.
   */
  get idle(): boolean {
    return this.outbox.idle;
  }

  /** Messages waiting to be sent (transaction messages kept while offline). */
  get queued(): number {
    return this.outbox.queued;
  }

  // ──────────── the parts' verbs scripts and tests use (the rest: cp.sessions, cp.metering, cp.statuses…) ────────────

  boot(): Promise<ResponseOf<'BootNotification'>> {
    return this.registrar.boot();
  }
  sendBoot(): void {
    this.registrar.sendBoot();
  }
  get lastBootResponse(): ResponseOf<'BootNotification'> | null {
    return this.registrar.lastBootResponse;
  }

  setStatus(connectorId: number, to: ConnectorStatus, errorCode: ChargePointErrorCode = 'NoError', info?: string): void {
    this.statuses.setStatus(connectorId, to, errorCode, info);
  }

  /** Puts a connector (0 = the whole charge point) in Faulted with an error code; a running transaction stops. */
  fault(connectorId = 1, errorCode: ChargePointErrorCode = 'OtherError', info?: string, vendorErrorCode?: string): void {
    this.statuses.fault(connectorId, errorCode, info, vendorErrorCode, (c) =>
      this.sessions.stopTransaction(c.id, 'Other', { nextStatus: 'Faulted', nextErrorCode: errorCode }),
    );
  }
  /** Clears a fault: back to Available / Preparing / Unavailable as the connector's situation says. */
  clearFault(connectorId = 1): void {
    this.statuses.clearFault(connectorId);
  }

  advance(c: Connector, until: number = this.now()): number {
    return this.metering.advance(c, until);
  }
  updateChargingStatus(c: Connector): void {
    this.metering.updateChargingStatus(c);
  }

  plug(connectorId = 1, ev?: Partial<Ev>): Ev {
    return this.sessions.plug(connectorId, ev);
  }
  unplug(connectorId = 1): void {
    this.sessions.unplug(connectorId);
  }
  start(connectorId = 1, idTag = 'SIM-TAG'): Promise<IdTagInfo> {
    return this.sessions.start(connectorId, idTag);
  }
  beginTransaction(connectorId: number, idTag: string): Transaction {
    return this.sessions.beginTransaction(connectorId, idTag);
  }
  stopTransaction(connectorId: number, reason: StopReason = 'Local', opts: StopTransactionOptions = {}): Transaction {
    return this.sessions.stopTransaction(connectorId, reason, opts);
  }

  authorize(idTag: string): Promise<IdTagInfo> {
    return this.auth.authorize(idTag);
  }

  snapshot(): ChargerSnapshot {
    return snapshotOf(this);
  }
}

/** What the shared machinery asks of a 1.6 charger beyond parts/hosts.ts (ConnectionHost, OutboxHost, RpcHost, RegistrationHooks). */
class Hosts extends WireHosts<Charger> implements RegistrationHooks {
  readonly port: V16Port;
  constructor(state: Charger, password: string | undefined) {
    super(state, password);
    this.port = new V16Port(state);
  }
  get reconnectMinS(): number {
    return this.state.profile.timing.reconnectMinS;
  }
  get reconnectMaxS(): number {
    return this.state.profile.timing.reconnectMaxS;
  }
  handshake(): ReturnType<ConnectionHost['handshake']> {
    return quirkHook(this.state.profile.quirks, 'connect', { subprotocols: [...this.port.subprotocols], pong: null }, null);
  }
  pingIntervalS(): number {
    return this.state.config.int('WebSocketPingInterval');
  }
  callTimeoutS(): number {
    return this.state.profile.timing.callTimeoutS;
  }
  retryPolicy(action: string): ReturnType<OutboxHost['retryPolicy']> {
    const cp = this.state;
    return {
      maxAttempts: cp.config.int('TransactionMessageAttempts', 3),
      intervalS: cp.config.int('TransactionMessageRetryInterval', 60),
      forever: quirkHook(cp.profile.quirks, 'transactionRetry', false, { action }),
    };
  }
  transmitted(action: string, payload: Payload): void {
    if (action === 'StartTransaction' && quirkHook(this.state.profile.quirks, 'startTransactionSent', false, null))
      this.state.metering.sendBeforeStartConf(payload);
  }
  answerDelayMs(): number {
    return this.state.faults.answerDelayMs;
  }
  accepted(first: boolean): void {
    this.state.accepted(first);
  }
}
