/**
 * AutoRemoteStart's pending starts: at most one per connector, decided when the delay expires (send time), not
 * when Preparing was seen. When it expires, RemoteStartTransaction goes out only if the connector is still
 * Preparing, has no active transaction, the charger is still on the same connection with its boot Accepted, no
 * local start is in progress and the middleware is still on (and conformance mode off); otherwise it is not sent
 * and the decision says why. A pending start is cancelled at once by another status on that connector, a
 * StartTransaction for it, a new boot or a disconnect.
 *
 * OCPP 1.6 Authorize names no connector. An accepted Authorize is a local start in progress somewhere on the
 * charger: pending starts of that charger are held (never sent) until its StartTransaction names the connector —
 * that connector's start is cancelled, the others decide then — or until the charger's ConnectionTimeOut passes
 * without one (then the held starts are cancelled: the card may have been for any of them). An Authorize that is
 * not accepted cancels every pending start of the charger (a driver whose card was refused gets no free vend).
 *
 * OCPP 2.0.1 the same way (autoRemoteStartProtocols.ts): an EVSE reporting Occupied, or a transaction started on
 * the cable without a token, gets RequestStartTransaction; a transaction with a token on it cancels the start.
 *
 * Every decision is a structured log line and a backend event (`autoRemoteStart`) the bench API streams to the
 * GUI. Time is the injected clock, so tests advance it instead of sleeping. The id tag is always the free-vend
 * tag from the settings (`autoRemoteStart.idTag`), never one remembered from another connector or session.
 */
import type { TimerHandle } from '../util/clock.js';
import type { Payload, ProtocolVersion, RemoteStartStopStatus } from '../ocpp/index.js';
import type { AutoRemoteStartsPort } from './autoRemoteStartPort.js';
import type { AutoRemoteStartDecision, AutoRemoteStartReason } from './autoRemoteStartDecision.js';
import { AUTO_REMOTE_START_PROTOCOLS, type AutoRemoteStartProtocol, type Observation } from './autoRemoteStartProtocols.js';

interface PendingStart {
  /** A 1.6 connector, a 2.0.1 EVSE. */
  connectorId: number;
  /** The version of the connection that asked for it. */
  protocol: ProtocolVersion;
  /** The connection the Preparing came on: a start is never sent to a newer connection. */
  connectionId: string | null;
  timer: TimerHandle | null;
  /** While other server CALLs to the charger are outstanding the decision waits, until this time. */
  giveUpAt: number | null;
  /** Due, but held while a local start is in progress on the charger. */
  held: boolean;
}

/** Accepted Authorize requests of one charger not yet followed by their StartTransaction (or StopTransaction). */
interface LocalStarts {
  auths: Array<{ idTag: string; atMs: number }>;
  /** Fires when the oldest one goes stale (ConnectionTimeOut). */
  timer: TimerHandle | null;
}

/** How often a start waiting behind other server CALLs looks again. */
const BUSY_RECHECK_MS = 250;
/** How long an accepted Authorize counts as a local start in progress when the charger's ConnectionTimeOut is unknown. */
const DEFAULT_CONNECTION_TIMEOUT_S = 60;

interface Blocker {
  reason: AutoRemoteStartReason;
  detail: string;
}

export class AutoRemoteStarts {
  private readonly pending = new Map<string, Map<number, PendingStart>>();
  /** Per charger: local starts in progress (accepted Authorize, no StartTransaction yet). */
  private readonly local = new Map<string, LocalStarts>();

  constructor(
    private readonly core: AutoRemoteStartsPort,
    /** Runs fn in the charger's serialized lane, after the frames already being handled. */
    private readonly serialize: (chargePointId: string, fn: () => Promise<void>) => Promise<void>,
  ) {}

  /** Pending starts (all chargers). */
  get size(): number {
    let n = 0;
    for (const m of this.pending.values()) n += m.size;
    return n;
  }

  /** AutoRemoteStart saw Preparing (2.0.1: Occupied) on a connector (after commit): a pending start, or "not sent" with the reason. */
  request(chargePointId: string, connectorId: number, connectionId: string | null, protocol: ProtocolVersion = 'ocpp1.6'): void {
    if (this.pending.get(chargePointId)?.has(connectorId)) return; // a repeated Preparing: the pending start stands
    const v = AUTO_REMOTE_START_PROTOCOLS[protocol];
    const blocker = this.blocker(chargePointId, connectorId, null, protocol);
    if (blocker) {
      this.decide(chargePointId, connectorId, 'notSent', blocker);
      return;
    }
    const delayMs = this.core.settings.get().autoRemoteStart.delayMs;
    const p: PendingStart = { connectorId, protocol, connectionId, timer: null, giveUpAt: null, held: false };
    let byConnector = this.pending.get(chargePointId);
    if (!byConnector) this.pending.set(chargePointId, (byConnector = new Map()));
    byConnector.set(connectorId, p);
    p.timer = this.core.clock.setTimeout(() => this.fire(chargePointId, p), delayMs);
    this.decide(chargePointId, connectorId, 'pending', {
      detail: `decides in ${delayMs} ms: sends ${v.startAction} if ${v.connectorWord} ${connectorId} is still ${v.readyStatus}`,
    });
  }

  /** A committed CALL from the charger: cancels the pending starts it makes moot and tracks local authorizations. */
  observe(chargePointId: string, action: string, request: Payload, response: Payload, protocol: ProtocolVersion = 'ocpp1.6'): void {
    const v = AUTO_REMOTE_START_PROTOCOLS[protocol];
    for (const o of v.observe(action, request, response)) this.apply(chargePointId, o, v);
  }

  private apply(chargePointId: string, o: Observation, v: AutoRemoteStartProtocol): void {
    switch (o.kind) {
      case 'status':
        if (o.connectorId === 0) {
          if (o.status === 'Unavailable' || o.status === 'Faulted')
            this.cancel(chargePointId, null, 'statusChanged', `the charge point (${v.connectorWord} 0) reported ${o.status}`);
        } else if (o.status !== v.readyStatus) {
          this.cancel(chargePointId, o.connectorId, 'statusChanged', `${v.connectorWord} ${o.connectorId} reported ${o.status}`);
        }
        return;
      case 'authorize':
        if (o.status === 'Accepted') this.noteLocalStart(chargePointId, o.idTag);
        else
          this.cancel(
            chargePointId,
            null,
            'authorized',
            `the charger sent Authorize for ${o.idTag}, answered ${o.status}: a driver's card was refused, so no free vend`,
          );
        return;
      case 'started':
        this.cancel(chargePointId, o.connectorId, 'transactionStarted', `${v.startedWord} arrived first (transaction ${o.transactionId}, id tag ${o.idTag})`);
        this.endLocalStart(chargePointId, o.idTag);
        return;
      case 'ended':
        if (o.connectorId >= 0) this.cancel(chargePointId, o.connectorId, 'statusChanged', `the transaction on ${v.connectorWord} ${o.connectorId} ended`);
        if (o.idTag !== null) this.endLocalStart(chargePointId, o.idTag, true);
        return;
      case 'boot':
        this.cancel(chargePointId, null, 'rebooted', 'the charger sent BootNotification (it restarted)');
        this.clearLocalStarts(chargePointId);
        return;
    }
  }

  /** The charger's connection is gone (disconnect, liveness timeout): nothing pending may reach a later connection. */
  forget(chargePointId: string, why: string): void {
    this.cancel(chargePointId, null, 'disconnected', why);
    this.clearLocalStarts(chargePointId);
  }

  /** The backend stops: timers cleared, nothing sent. */
  stop(): void {
    for (const [cpId, byConnector] of this.pending) {
      for (const p of byConnector.values()) {
        if (p.timer) this.core.clock.clearTimeout(p.timer);
        this.decide(cpId, p.connectorId, 'notSent', { reason: 'stopped', detail: 'the backend stopped' });
      }
    }
    this.pending.clear();
    for (const cpId of [...this.local.keys()]) this.clearLocalStarts(cpId);
  }

  private noteLocalStart(chargePointId: string, idTag: string): void {
    let l = this.local.get(chargePointId);
    if (!l) this.local.set(chargePointId, (l = { auths: [], timer: null }));
    l.auths.push({ idTag, atMs: this.core.clock.now() });
    if (!l.timer) this.armLocalExpiry(chargePointId, l);
  }

  /** A StartTransaction (or a stop with a card) settles one local start; when none is left the held starts decide. */
  private endLocalStart(chargePointId: string, idTag: string, onlyThisTag = false): void {
    const l = this.local.get(chargePointId);
    if (!l) return;
    const i = l.auths.findIndex((a) => a.idTag === idTag);
    if (i >= 0) l.auths.splice(i, 1);
    else if (!onlyThisTag) l.auths.shift();
    if (l.auths.length > 0) return;
    this.clearLocalStarts(chargePointId);
    for (const p of this.pending.get(chargePointId)?.values() ?? []) {
      if (!p.held) continue;
      p.held = false;
      this.fire(chargePointId, p);
    }
  }

  private clearLocalStarts(chargePointId: string): void {
    const l = this.local.get(chargePointId);
    if (l?.timer) this.core.clock.clearTimeout(l.timer);
    this.local.delete(chargePointId);
  }

  private localWindowMs(chargePointId: string): number {
    const protocol = this.core.store.chargePoints.get(chargePointId)?.protocol ?? 'ocpp1.6';
    return (AUTO_REMOTE_START_PROTOCOLS[protocol].connectionTimeoutS(this.core.store, chargePointId) ?? DEFAULT_CONNECTION_TIMEOUT_S) * 1000;
  }

  private armLocalExpiry(chargePointId: string, l: LocalStarts): void {
    const oldest = l.auths[0];
    if (!oldest) return;
    const dueIn = Math.max(0, oldest.atMs + this.localWindowMs(chargePointId) - this.core.clock.now());
    l.timer = this.core.clock.setTimeout(() => {
      l.timer = null;
      void this.serialize(chargePointId, async () => {
        if (this.local.get(chargePointId) !== l) return;
        const cutoff = this.core.clock.now() - this.localWindowMs(chargePointId);
        const stale = l.auths.filter((a) => a.atMs <= cutoff);
        l.auths = l.auths.filter((a) => a.atMs > cutoff);
        if (l.auths.length > 0) {
          this.armLocalExpiry(chargePointId, l);
          return;
        }
        this.clearLocalStarts(chargePointId);
        const tags = stale.map((a) => a.idTag).join(', ');
        for (const p of [...(this.pending.get(chargePointId)?.values() ?? [])]) {
          if (!p.held) continue;
          this.remove(chargePointId, p);
          this.decide(chargePointId, p.connectorId, 'notSent', {
            reason: 'authorized',
            detail: `the charger authorized ${tags} and started no transaction within its ConnectionTimeOut; the card may have been for this connector`,
          });
        }
      }).catch((err: unknown) => this.core.log.error({ err, chargePointId }, 'AutoRemoteStart local-start expiry failed'));
    }, dueIn);
  }

  private cancel(chargePointId: string, connectorId: number | null, reason: AutoRemoteStartReason, detail: string): void {
    const byConnector = this.pending.get(chargePointId);
    if (!byConnector) return;
    for (const p of [...byConnector.values()]) {
      if (connectorId !== null && p.connectorId !== connectorId) continue;
      this.remove(chargePointId, p);
      this.decide(chargePointId, p.connectorId, 'notSent', { reason, detail });
    }
  }

  private remove(chargePointId: string, p: PendingStart): void {
    if (p.timer) this.core.clock.clearTimeout(p.timer);
    p.timer = null;
    const byConnector = this.pending.get(chargePointId);
    if (byConnector?.get(p.connectorId) !== p) return;
    byConnector.delete(p.connectorId);
    if (byConnector.size === 0) this.pending.delete(chargePointId);
  }

  /** Why no RemoteStartTransaction may go to this connector now (null: it may). `p` is the pending start at send time. */
  private blocker(chargePointId: string, connectorId: number, p: PendingStart | null, protocol: ProtocolVersion): Blocker | null {
    const { store, settings, chains } = this.core;
    const v = AUTO_REMOTE_START_PROTOCOLS[protocol];
    const s = settings.get();
    if (s.conformance) return { reason: 'conformanceMode', detail: 'conformance mode is on: the central system sends no CALL the charger did not ask for' };
    if (!v.enabled(chains)) return { reason: 'disabled', detail: 'AutoRemoteStart was switched off' };
    const cp = store.chargePoints.get(chargePointId);
    if (!cp?.online || (p?.connectionId && cp.connectionId !== p.connectionId))
      return { reason: 'disconnected', detail: `the charger is no longer on the connection that reported ${v.readyStatus}` };
    // OCPP 1.6 §4.2.1: no RemoteStartTransaction while the charger's registration is Pending (or Rejected).
    if (cp.registrationStatus === 'Pending' || cp.registrationStatus === 'Rejected') {
      return { reason: 'notRegistered', detail: `the charger's BootNotification was answered ${cp.registrationStatus}` };
    }
    const tx = v.blockingTransaction(store, chargePointId, connectorId);
    if (tx) {
      const txName = tx.chargerTransactionId ?? tx.id;
      return p
        ? { reason: 'transactionStarted', detail: `${v.connectorWord} ${connectorId} has transaction ${txName} (id tag ${tx.idTag})` }
        : { reason: 'transactionRunning', detail: `${v.connectorWord} ${connectorId} already has transaction ${txName} (id tag ${tx.idTag})` };
    }
    const status = store.connectors.get(chargePointId, connectorId)?.status;
    if (status !== v.readyStatus)
      return { reason: 'statusChanged', detail: `${v.connectorWord} ${connectorId} is ${status ?? 'unknown'}, no longer ${v.readyStatus}` };
    const c0 = store.connectors.get(chargePointId, 0)?.status;
    if (c0 === 'Unavailable' || c0 === 'Faulted') return { reason: 'statusChanged', detail: `the charge point (${v.connectorWord} 0) is ${c0}` };
    return null;
  }

  private fire(chargePointId: string, p: PendingStart): void {
    p.timer = null;
    this.serialize(chargePointId, async () => {
      if (this.pending.get(chargePointId)?.get(p.connectorId) !== p) return; // cancelled meanwhile
      if (this.core.isStopped()) return;
      const blocker = this.blocker(chargePointId, p.connectorId, p, p.protocol);
      if (blocker) {
        this.remove(chargePointId, p);
        this.decide(chargePointId, p.connectorId, 'notSent', blocker);
        return;
      }
      const local = this.local.get(chargePointId)?.auths;
      if (local?.length) {
        // A card was accepted and its StartTransaction has not come: it may be for this connector. Wait for it.
        if (!p.held) {
          p.held = true;
          this.decide(chargePointId, p.connectorId, 'pending', {
            detail: `held: the charger authorized ${local.map((a) => a.idTag).join(', ')} (Authorize names no connector); decides once that StartTransaction says where it started`,
          });
        }
        return;
      }
      // The edge writes one CALL at a time: behind another CALL, "now" would be later. Decide when the queue is free.
      if (this.core.pending.forCharger(chargePointId).length > 0) {
        const now = this.core.clock.now();
        p.giveUpAt ??= now + this.core.settings.get().calls.timeoutMs;
        if (now >= p.giveUpAt) {
          this.remove(chargePointId, p);
          this.decide(chargePointId, p.connectorId, 'notSent', {
            reason: 'callQueueBusy',
            detail: 'other server CALLs to this charger stayed unanswered for a whole call timeout',
          });
          return;
        }
        p.timer = this.core.clock.setTimeout(() => this.fire(chargePointId, p), BUSY_RECHECK_MS);
        return;
      }
      this.remove(chargePointId, p);
      this.send(chargePointId, p.connectorId, p.protocol);
    }).catch((err: unknown) => this.core.log.error({ err, chargePointId, connectorId: p.connectorId }, 'AutoRemoteStart decision failed'));
  }

  private send(chargePointId: string, connectorId: number, protocol: ProtocolVersion): void {
    const v = AUTO_REMOTE_START_PROTOCOLS[protocol];
    const idTag = this.core.settings.get().autoRemoteStart.idTag;
    const reply = v.send(this.core, chargePointId, connectorId, idTag);
    this.decide(chargePointId, connectorId, 'sent', {
      detail: `${v.startAction} sent to ${v.connectorWord} ${connectorId} with the free-vend id tag ${idTag}`,
    });
    reply.then(
      (status) => this.decide(chargePointId, connectorId, 'answered', { detail: `the charger answered ${status}` }, status as RemoteStartStopStatus),
      (err: unknown) => this.decide(chargePointId, connectorId, 'failed', { detail: `${v.startAction} got no answer: ${(err as Error).message}` }),
    );
  }

  private decide(
    chargePointId: string,
    connectorId: number,
    outcome: AutoRemoteStartDecision['outcome'],
    why: { reason?: AutoRemoteStartReason; detail: string },
    status?: RemoteStartStopStatus,
  ): void {
    const d: AutoRemoteStartDecision = {
      chargePointId,
      connectorId,
      at: new Date(this.core.clock.now()).toISOString(),
      outcome,
      idTag: this.core.settings.get().autoRemoteStart.idTag,
      detail: why.detail,
    };
    if (why.reason) d.reason = why.reason;
    if (status) d.status = status;
    const fields = { chargePointId, connectorId, outcome, ...(d.reason ? { reason: d.reason } : {}), ...(status ? { status } : {}) };
    if (outcome === 'pending') this.core.log.debug(fields, `AutoRemoteStart: ${d.detail}`);
    else if (outcome === 'failed' || (outcome === 'answered' && status === 'Rejected')) this.core.log.warn(fields, `AutoRemoteStart: ${d.detail}`);
    else this.core.log.info(fields, `AutoRemoteStart: ${outcome === 'notSent' ? 'not sent: ' : ''}${d.detail}`);
    this.core.events.emit('autoRemoteStart', d);
  }
}
