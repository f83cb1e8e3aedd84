/**
 * AutoRemoteStart's pending starts: at most one per connector, decided when the delay expires (send time), not
 * when Preparing was seen. When it expires, RemoteStartTransaction goes out only if the connector is still
 * Preparing, has no active transaction, the charger is still on the same connection with its boot Accepted, no
 * Authorize came meanwhile and the middleware is still on (and conformance mode off); otherwise it is not sent
 * and the decision says why. A pending start is cancelled at once by another status on that connector, a
 * StartTransaction for it, an Authorize from the charger (OCPP 1.6 Authorize names no connector, so every
 * pending start of that charger), a new boot or a disconnect.
 *
 * Every decision is a structured log line and a backend event (`autoRemoteStart`) the bench API streams to the
 * GUI. Time is the injected clock, so tests advance it instead of sleeping. The id tag is always the free-vend
 * tag from the settings (`autoRemoteStart.idTag`), never one remembered from another connector or session.
 */
import type { TimerHandle } from '../util/clock.js';
import type { Payload } from '../ocpp/index.js';
import type { BackendCore } from './core.js';
import type { AutoRemoteStartDecision, AutoRemoteStartReason } from './autoRemoteStartDecision.js';

interface PendingStart {
  connectorId: number;
  /** The connection the Preparing came on: a start is never sent to a newer connection. */
  connectionId: string | null;
  timer: TimerHandle | null;
  /** While other server CALLs to the charger are outstanding the decision waits, until this time. */
  giveUpAt: number | null;
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
  /** Per charger: the last accepted Authorize not yet followed by a StartTransaction (a local start in progress). */
  private readonly localAuth = new Map<string, { idTag: string; atMs: number }>();

  constructor(
    private readonly core: BackendCore,
    /** Runs fn in the charger's serialized lane, after the frames already being handled. */
    private readonly serialize: (chargePointId: string, fn: () => Promise<void>) => Promise<void>,
  ) {}

  /** Pending starts (all chargers). */
  get size(): number {
    let n = 0;
    for (const m of this.pending.values()) n += m.size;
    return n;
  }

  /** AutoRemoteStart saw Preparing on a connector (after commit): a pending start, or "not sent" with the reason. */
  request(chargePointId: string, connectorId: number, connectionId: string | null): void {
    if (this.pending.get(chargePointId)?.has(connectorId)) return; // a repeated Preparing: the pending start stands
    const blocker = this.blocker(chargePointId, connectorId, null);
    if (blocker) {
      this.decide(chargePointId, connectorId, 'notSent', blocker);
      return;
    }
    const delayMs = this.core.settings.get().autoRemoteStart.delayMs;
    const p: PendingStart = { connectorId, connectionId, timer: null, giveUpAt: null };
    let byConnector = this.pending.get(chargePointId);
    if (!byConnector) this.pending.set(chargePointId, (byConnector = new Map()));
    byConnector.set(connectorId, p);
    p.timer = this.core.clock.setTimeout(() => this.fire(chargePointId, p), delayMs);
    this.decide(chargePointId, connectorId, 'pending', { detail: `decides in ${delayMs} ms: sends RemoteStartTransaction if connector ${connectorId} is still Preparing` });
  }

  /** A committed CALL from the charger: cancels the pending starts it makes moot and tracks local authorizations. */
  observe(chargePointId: string, action: string, request: Payload, response: Payload): void {
    switch (action) {
      case 'StatusNotification': {
        const connectorId = Number(request.connectorId);
        const status = String(request.status);
        if (connectorId === 0) {
          if (status === 'Unavailable' || status === 'Faulted') this.cancel(chargePointId, null, 'statusChanged', `the charge point (connector 0) reported ${status}`);
        } else if (status !== 'Preparing') {
          this.cancel(chargePointId, connectorId, 'statusChanged', `connector ${connectorId} reported ${status}`);
        }
        return;
      }
      case 'Authorize': {
        const idTag = String(request.idTag);
        this.cancel(chargePointId, null, 'authorized', `the charger sent Authorize for ${idTag} (a driver presented a card; Authorize names no connector, so no pending start of this charger is sent)`);
        const status = (response.idTagInfo as { status?: string } | undefined)?.status;
        if (status === 'Accepted') this.localAuth.set(chargePointId, { idTag, atMs: this.core.clock.now() });
        return;
      }
      case 'StartTransaction':
        this.cancel(chargePointId, Number(request.connectorId), 'transactionStarted', `StartTransaction arrived first (transaction ${String(response.transactionId)}, id tag ${String(request.idTag)})`);
        this.localAuth.delete(chargePointId);
        return;
      case 'StopTransaction':
        this.localAuth.delete(chargePointId);
        return;
      case 'BootNotification':
        this.cancel(chargePointId, null, 'rebooted', 'the charger sent BootNotification (it restarted)');
        this.localAuth.delete(chargePointId);
        return;
    }
  }

  /** The charger's connection is gone (disconnect, liveness timeout): nothing pending may reach a later connection. */
  forget(chargePointId: string, why: string): void {
    this.cancel(chargePointId, null, 'disconnected', why);
    this.localAuth.delete(chargePointId);
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
    this.localAuth.clear();
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
  private blocker(chargePointId: string, connectorId: number, p: PendingStart | null): Blocker | null {
    const { store, settings, chains } = this.core;
    const s = settings.get();
    if (s.conformance) return { reason: 'conformanceMode', detail: 'conformance mode is on: the central system sends no CALL the charger did not ask for' };
    if (!chains.resolve('StatusNotification').some((d) => d.name === 'AutoRemoteStart')) return { reason: 'disabled', detail: 'AutoRemoteStart was switched off' };
    const cp = store.chargePoints.get(chargePointId);
    if (!cp?.online || (p?.connectionId && cp.connectionId !== p.connectionId)) return { reason: 'disconnected', detail: 'the charger is no longer on the connection that reported Preparing' };
    // OCPP 1.6 §4.2.1: no RemoteStartTransaction while the charger's registration is Pending (or Rejected).
    if (cp.registrationStatus === 'Pending' || cp.registrationStatus === 'Rejected') {
      return { reason: 'notRegistered', detail: `the charger's BootNotification was answered ${cp.registrationStatus}` };
    }
    const tx = store.transactions.activeOnConnector(chargePointId, connectorId)[0];
    if (tx) {
      return p
        ? { reason: 'transactionStarted', detail: `connector ${connectorId} has transaction ${tx.id} (id tag ${tx.idTag})` }
        : { reason: 'transactionRunning', detail: `connector ${connectorId} already has transaction ${tx.id} (id tag ${tx.idTag})` };
    }
    const status = store.connectors.get(chargePointId, connectorId)?.status;
    if (status !== 'Preparing') return { reason: 'statusChanged', detail: `connector ${connectorId} is ${status ?? 'unknown'}, no longer Preparing` };
    const c0 = store.connectors.get(chargePointId, 0)?.status;
    if (c0 === 'Unavailable' || c0 === 'Faulted') return { reason: 'statusChanged', detail: `the charge point (connector 0) is ${c0}` };
    const auth = this.localAuth.get(chargePointId);
    if (auth) {
      const windowMs = connectionTimeoutS(cp.configuration) * 1000;
      if (this.core.clock.now() - auth.atMs < windowMs) {
        return { reason: 'authorized', detail: `the charger authorized ${auth.idTag} ${Math.round((this.core.clock.now() - auth.atMs) / 1000)} s ago and has not sent its StartTransaction yet (a local start in progress)` };
      }
      this.localAuth.delete(chargePointId);
    }
    return null;
  }

  private fire(chargePointId: string, p: PendingStart): void {
    p.timer = null;
    this.serialize(chargePointId, async () => {
      if (this.pending.get(chargePointId)?.get(p.connectorId) !== p) return; // cancelled meanwhile
      if (this.core.isStopped()) return;
      const blocker = this.blocker(chargePointId, p.connectorId, p);
      if (blocker) {
        this.remove(chargePointId, p);
        this.decide(chargePointId, p.connectorId, 'notSent', blocker);
        return;
      }
      // The edge writes one CALL at a time: behind another CALL, "now" would be later. Decide when the queue is free.
      if (this.core.pending.forCharger(chargePointId).length > 0) {
        const now = this.core.clock.now();
        p.giveUpAt ??= now + this.core.settings.get().calls.timeoutMs;
        if (now >= p.giveUpAt) {
          this.remove(chargePointId, p);
          this.decide(chargePointId, p.connectorId, 'notSent', { reason: 'callQueueBusy', detail: 'other server CALLs to this charger stayed unanswered for a whole call timeout' });
          return;
        }
        p.timer = this.core.clock.setTimeout(() => this.fire(chargePointId, p), BUSY_RECHECK_MS);
        return;
      }
      this.remove(chargePointId, p);
      this.send(chargePointId, p.connectorId);
    }).catch((err: unknown) => this.core.log.error({ err, chargePointId, connectorId: p.connectorId }, 'AutoRemoteStart decision failed'));
  }

  private send(chargePointId: string, connectorId: number): void {
    const idTag = this.core.settings.get().autoRemoteStart.idTag;
    const reply = this.core.sendCall(chargePointId, 'RemoteStartTransaction', { connectorId, idTag });
    this.decide(chargePointId, connectorId, 'sent', { detail: `RemoteStartTransaction sent to connector ${connectorId} with the free-vend id tag ${idTag}` });
    reply.then(
      (conf) => this.decide(chargePointId, connectorId, 'answered', { detail: `the charger answered ${conf.status}` }, conf.status),
      (err: unknown) => this.decide(chargePointId, connectorId, 'failed', { detail: `RemoteStartTransaction got no answer: ${(err as Error).message}` }),
    );
  }

  private decide(chargePointId: string, connectorId: number, outcome: AutoRemoteStartDecision['outcome'], why: { reason?: AutoRemoteStartReason; detail: string }, status?: 'Accepted' | 'Rejected'): void {
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

/** The charger's ConnectionTimeOut from its stored configuration (GetConfiguration), else a typical default. */
function connectionTimeoutS(configuration: Array<{ key: string; value?: string }> | null): number {
  const v = Number(configuration?.find((k) => k.key === 'ConnectionTimeOut')?.value);
  return Number.isFinite(v) && v > 0 ? v : DEFAULT_CONNECTION_TIMEOUT_S;
}
