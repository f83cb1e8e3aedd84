/**
 * EV sessions (OCPP 1.6): plug / unplug, a local start (Authorize, then StartTransaction once plugged, waiting up to
 * ConnectionTimeOut), StartTransaction / StopTransaction with transactionData, a second transaction on one
 * connector (doubleStartOnRemoteStart quirk), reservations consumed by the transaction that uses them.
 */
import type { IdTagInfo, Reason, RequestOf, ResponseOf } from '../../ocpp/index.js';
import type { Connector, Transaction } from '../connector.js';
import type { ChargePointErrorCode, ConnectorStatus } from '../connectorStatus.js';
import { arrivingEv, type Ev } from '../ev.js';
import type { MeterValue } from '../meterSamples.js';
import type { Calls } from './calls.js';
import type { LocalAuth } from './localAuth.js';
import type { Metering } from './metering.js';
import type { ChargerState } from './state.js';
import type { Statuses } from './statuses.js';

export type StopReason = Reason;

export interface StopTransactionOptions {
  at?: number;
  idTag?: string;
  nextStatus?: ConnectorStatus;
  nextErrorCode?: ChargePointErrorCode;
}

export class Sessions {
  constructor(
    private readonly s: ChargerState,
    private readonly calls: Calls,
    private readonly statuses: Statuses,
    private readonly metering: Metering,
    private readonly auth: LocalAuth,
  ) {}

  /** Plugs an EV into the connector (Available/Reserved → Preparing); starts a waiting authorized session. */
  plug(connectorId: number, ev?: Partial<Ev>): Ev {
    const s = this.s;
    const c = s.connector(connectorId);
    if (connectorId === 0) throw new Error(`${s.id}: connector 0 is the charge point itself; plug into 1..${s.profile.connectors}`);
    if (c.ev) throw new Error(`${s.id}: connector ${connectorId} already has an EV plugged in`);
    c.ev = arrivingEv(s.profile.ev, s.random, ev);
    this.metering.advance(c);
    if (c.status === 'Available' || c.status === 'Reserved' || c.status === 'Finishing') this.statuses.setStatus(connectorId, 'Preparing');
    if (c.pendingIdTag !== null && c.status === 'Preparing') {
      const idTag = c.pendingIdTag;
      this.clearPending(c);
      this.beginTransaction(connectorId, idTag);
    }
    return c.ev;
  }

  /** Unplugs the EV: stops a running transaction (StopTransactionOnEVSideDisconnect) and frees the connector. */
  unplug(connectorId: number): void {
    const c = this.s.connector(connectorId);
    if (!c.ev) throw new Error(`${this.s.id}: nothing is plugged into connector ${connectorId}`);
    if (c.tx && c.tx.interruptedAt === null) {
      if (this.s.config.bool('StopTransactionOnEVSideDisconnect')) {
        c.ev = null;
        this.stopTransaction(connectorId, 'EVDisconnected');
      } else {
        this.metering.advance(c);
        c.ev = null;
        this.statuses.setStatus(connectorId, 'SuspendedEV');
        return;
      }
    }
    c.ev = null;
    if (c.status === 'Preparing' || c.status === 'Finishing' || c.status === 'SuspendedEV' || c.status === 'Charging' || c.status === 'SuspendedEVSE') {
      this.statuses.setStatus(connectorId, this.statuses.restingStatus(c));
    }
    this.statuses.applyScheduledAvailability(c);
  }

  /**
   * A local session start: authorize the idTag, then start the transaction when an EV is plugged in (or wait for
   * the plug, up to ConnectionTimeOut). Returns the authorization result.
   */
  async start(connectorId: number, idTag: string): Promise<IdTagInfo> {
    const s = this.s;
    const c = s.connector(connectorId);
    if (connectorId === 0) throw new Error(`${s.id}: transactions run on connectors 1..${s.profile.connectors}`);
    if (c.tx) throw new Error(`${s.id}: connector ${connectorId} already has transaction ${c.tx.id ?? '(unconfirmed)'}`);
    if (c.faulted || c.availability === 'Inoperative') throw new Error(`${s.id}: connector ${connectorId} is ${c.status}`);
    const r = c.reservation;
    if (r && r.idTag !== idTag && r.parentIdTag !== idTag) throw new Error(`${s.id}: connector ${connectorId} is reserved for another idTag`);
    let info: IdTagInfo;
    c.authorizingIdTag = idTag;
    try {
      info = await this.auth.authorize(idTag);
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
    if (c.status === 'Available' || c.status === 'Reserved') this.statuses.setStatus(c.id, 'Preparing');
    const timeout = this.s.config.int('ConnectionTimeOut', 60);
    if (timeout > 0) {
      c.pendingTimeout = this.s.scheduler.after(timeout * 1000, () => {
        c.pendingTimeout = null;
        c.pendingIdTag = null;
        if (!c.ev && c.status === 'Preparing') this.statuses.setStatus(c.id, this.statuses.restingStatus(c));
      });
    }
  }

  clearPending(c: Connector): void {
    c.pendingIdTag = null;
    c.pendingTimeout = this.s.scheduler.cancel(c.pendingTimeout);
  }

  /** Starts a transaction on a connector with an EV: StartTransaction, Charging, periodic meter values. */
  beginTransaction(connectorId: number, idTag: string): Transaction {
    const s = this.s;
    const c = s.connector(connectorId);
    if (c.tx) throw new Error(`${s.id}: connector ${connectorId} already has a transaction`);
    this.metering.advance(c);
    const now = s.now();
    const tx: Transaction = { connectorId, idTag, id: null, startedAt: now, meterStart: Math.floor(c.meter.energyWh), beginSample: null, interruptedAt: null };
    if (c.reservation && (c.reservation.idTag === idTag || c.reservation.parentIdTag === idTag)) {
      tx.reservationId = c.reservation.id;
      c.reservation.expiry = s.scheduler.cancel(c.reservation.expiry);
      c.reservation = null;
    }
    c.tx = tx;
    const stopMeasurands = s.config.list('StopTxnSampledData');
    if (stopMeasurands.length) tx.beginSample = { timestamp: now, sampledValue: this.metering.sample(c, stopMeasurands, 'Transaction.Begin') };
    const req: RequestOf<'StartTransaction'> = { connectorId, idTag, meterStart: tx.meterStart, timestamp: s.timestamp(now) };
    if (tx.reservationId !== undefined) req.reservationId = tx.reservationId;
    const onAnswer = (conf: ResponseOf<'StartTransaction'>): void => {
      tx.id = conf.transactionId;
    };
    void this.calls.send('StartTransaction', req, { transactional: true, onAnswer }).then((conf) => {
      if (!conf) return;
      if (s.bus.wants('transaction'))
        s.emit({ kind: 'transaction', chargerId: s.id, at: s.now(), phase: 'started', connectorId, transactionId: tx.id, idTag, meterWh: tx.meterStart });
      if (conf.idTagInfo.status !== 'Accepted' && c.tx === tx && s.config.bool('StopTransactionOnInvalidId')) {
        this.stopTransaction(connectorId, 'DeAuthorized');
      }
    });
    this.statuses.setStatus(connectorId, 'Charging');
    this.metering.updateChargingStatus(c);
    this.metering.scheduleSampling(c);
    return tx;
  }

  /**
   * Quirk doubleStartOnRemoteStart: a second transaction on a connector that already has one. The first keeps
   * running unseen (no more MeterValues for it) and is stopped together with the second when the session ends.
   */
  beginSecondTransaction(connectorId: number, idTag: string): Transaction {
    const c = this.s.connector(connectorId);
    if (!c.tx || c.shadowTx) throw new Error(`${this.s.id}: connector ${connectorId} cannot take a second transaction now`);
    this.metering.advance(c);
    c.sampleTask = this.s.scheduler.cancel(c.sampleTask);
    c.shadowTx = c.tx;
    c.tx = null;
    return this.beginTransaction(connectorId, idTag);
  }

  /** Stops the connector's transaction: StopTransaction with reason and transactionData; Finishing (or Available once unplugged). */
  stopTransaction(connectorId: number, reason: StopReason = 'Local', opts: StopTransactionOptions = {}): Transaction {
    const s = this.s;
    const m = this.metering;
    const c = s.connector(connectorId);
    const tx = c.tx;
    if (!tx) throw new Error(`${s.id}: no transaction on connector ${connectorId}`);
    const at = opts.at ?? s.now();
    if (tx.interruptedAt === null) m.advance(c);
    c.sampleTask = s.scheduler.cancel(c.sampleTask);
    const meterStop = Math.floor(c.meter.energyWh);
    const stopMeasurands = s.config.list('StopTxnSampledData');
    const transactionData: MeterValue[] = [];
    if (tx.beginSample) transactionData.push({ timestamp: s.timestamp(tx.beginSample.timestamp), sampledValue: tx.beginSample.sampledValue });
    if (stopMeasurands.length) transactionData.push({ timestamp: s.timestamp(at), sampledValue: m.sample(c, stopMeasurands, 'Transaction.End') });
    c.tx = null;
    m.emitMeter(c, 'Transaction.End');
    const idTag = opts.idTag ?? tx.idTag;
    this.sendStop(tx, { idTag, meterStop, at, reason, transactionData });
    if (s.bus.wants('transaction'))
      s.emit({ kind: 'transaction', chargerId: s.id, at, phase: 'stopped', connectorId, transactionId: tx.id, idTag, meterWh: meterStop, reason });
    const shadow = c.shadowTx;
    if (shadow) {
      // doubleStartOnRemoteStart: the first transaction ends with the session too, with the same final reading.
      c.shadowTx = null;
      const data: MeterValue[] = [];
      if (shadow.beginSample) data.push({ timestamp: s.timestamp(shadow.beginSample.timestamp), sampledValue: shadow.beginSample.sampledValue });
      const end = transactionData.find((mv) => mv.sampledValue.some((v) => v.context === 'Transaction.End'));
      if (end) data.push(end);
      this.sendStop(shadow, { idTag: shadow.idTag, meterStop, at, reason, transactionData: data });
    }
    // TxProfiles end with their transaction.
    if (m.chargingProfiles)
      m.chargingProfiles = m.chargingProfiles.filter((ip) => !(ip.connectorId === connectorId && ip.profile.chargingProfilePurpose === 'TxProfile'));
    if (opts.nextStatus) this.statuses.setStatus(connectorId, opts.nextStatus, opts.nextErrorCode);
    else if (c.faulted) {
      // stays Faulted
    } else if (c.ev) this.statuses.setStatus(connectorId, 'Finishing');
    else this.statuses.setStatus(connectorId, c.availability === 'Inoperative' && c.scheduledAvailability === null ? 'Unavailable' : 'Available');
    this.statuses.applyScheduledAvailability(c);
    return tx;
  }

  /** Every running (not power-cut) transaction stopped with `reason`. */
  stopAll(reason: StopReason): void {
    for (const c of this.s.connectors) if (c.tx && c.tx.interruptedAt === null) this.stopTransaction(c.id, reason);
  }

  /** Queues a StopTransaction (built at send time: the transactionId may arrive meanwhile). */
  private sendStop(tx: Transaction, p: { idTag: string; meterStop: number; at: number; reason: StopReason; transactionData: MeterValue[] }): void {
    void this.calls.send(
      'StopTransaction',
      () => {
        if (tx.id === null) return null;
        const req: RequestOf<'StopTransaction'> = {
          transactionId: this.metering.wireTxId(tx.id),
          idTag: p.idTag,
          meterStop: p.meterStop,
          timestamp: this.s.timestamp(p.at),
          reason: p.reason,
        };
        if (p.transactionData.length) req.transactionData = p.transactionData;
        return req;
      },
      { transactional: true },
    );
  }
}
