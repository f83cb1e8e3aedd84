/**
 * Sessions on a 2.0.1 station (OCPP 2.0.1 E, TxStartPoint PowerPathClosed): plug in, authorize (Authorize with the
 * idToken, or the local list / cache, offline per AuthCtrlr), the transaction starts once both hold —
 * TransactionEvent Started — then Updated on every TxUpdatedInterval (MeterValuePeriodic), on clock-aligned
 * intervals (MeterValueClock) and on charging-state changes, and Ended with the stop's reason. Every event carries
 * its transaction's seqNo (0, 1, 2 …, fixed when it happened), and offline: true when it happened offline.
 * Meter values come from the same EV and meter model as 1.6 (../meter.ts, ../ev.ts).
 */
import type {
  ChargingStateEnumType,
  IdTokenInfoType,
  IdTokenType,
  MeterValueType,
  ReadingContextEnumType,
  ReasonEnumType,
  RequestOf,
  TriggerReasonEnumType,
} from '../../ocpp/v201/index.js';
import { arrivingEv, isFull, type Ev } from '../ev.js';
import type { Task } from '../scheduler.js';
import type { Evse201, Transaction201 } from './evse.js';
import { EvseMeter } from './evseMeter.js';
import type { StationCore } from './stationCore.js';
import type { StationState } from './stationState.js';

export class Sessions {
  private txCounter = 0;
  private eventIds = 0;
  private alignedTask: Task | null = null;
  private lastAlignedWh = new Map<number, number>();

  private readonly meter: EvseMeter;

  constructor(private readonly cp: StationCore & { readonly state: StationState }) {
    this.meter = new EvseMeter(cp);
  }

  // ── meter (evseMeter.ts) ──
  limitAt(e: Evse201, t: number): number | null {
    return this.meter.limitAt(e, t);
  }

  advance(e: Evse201, until = this.cp.now()): number {
    return this.meter.advance(e, until);
  }

  meterValues(e: Evse201, measurands: readonly string[], context: ReadingContextEnumType, intervalWh = 0): MeterValueType[] {
    return this.meter.meterValues(e, measurands, context, intervalWh);
  }

  // ── TransactionEvent ──
  /** Queues one TransactionEvent for the transaction (transactional: kept offline, retried). */
  event(
    e: Evse201,
    tx: Transaction201,
    eventType: 'Started' | 'Updated' | 'Ended',
    triggerReason: TriggerReasonEnumType,
    extra: Partial<RequestOf<'TransactionEvent'>> = {},
    at = this.cp.now(),
  ): Promise<IdTokenInfoType | undefined> {
    const req: RequestOf<'TransactionEvent'> = {
      eventType,
      timestamp: this.cp.timestamp(at),
      triggerReason,
      seqNo: tx.seqNo++,
      transactionInfo: {
        transactionId: tx.id,
        chargingState: tx.chargingState,
        ...(tx.remoteStartId !== undefined && eventType === 'Started' ? { remoteStartId: tx.remoteStartId } : {}),
      },
      ...extra,
    };
    if (!this.cp.isOnline || this.cp.registration !== 'Accepted') req.offline = true;
    return this.cp.send('TransactionEvent', req, { transactional: true }).then((conf) => conf?.idTokenInfo);
  }

  private chargingState(e: Evse201): ChargingStateEnumType {
    if (!e.ev) return 'Idle';
    if (!e.tx) return 'EVConnected';
    const limit = this.limitAt(e, this.cp.now());
    if (limit !== null && limit <= 0) return 'SuspendedEVSE';
    return isFull(e.ev) ? 'SuspendedEV' : 'Charging';
  }

  /** A charging-state change (EV full, limit 0 …) is an Updated event of its own. */
  updateChargingState(e: Evse201, trigger: TriggerReasonEnumType = 'ChargingStateChanged'): void {
    const tx = e.tx;
    if (!tx || tx.interruptedAt !== null) return;
    this.advance(e);
    const next = this.chargingState(e);
    if (next === tx.chargingState) return;
    const was = tx.chargingState;
    tx.chargingState = next;
    if ((was === 'Charging') !== (next === 'Charging')) this.cp.observer?.chargingChanged(this.cp.id, next === 'Charging' ? 1 : -1);
    void this.event(e, tx, 'Updated', trigger);
  }

  private scheduleSampling(e: Evse201): void {
    e.sampleTask = this.cp.scheduler.cancel(e.sampleTask);
    if (!e.tx) return;
    const interval = this.cp.dm.int('SampledDataCtrlr', 'TxUpdatedInterval');
    e.sampleTask = this.cp.scheduler.after((interval > 0 ? interval : 60) * 1000, () => {
      e.sampleTask = null;
      const tx = e.tx;
      if (!tx || !this.cp.powered || tx.interruptedAt !== null) return;
      this.updateChargingState(e);
      if (interval > 0)
        void this.event(e, tx, 'Updated', 'MeterValuePeriodic', {
          meterValue: this.meterValues(e, this.cp.dm.list('SampledDataCtrlr', 'TxUpdatedMeasurands'), 'Sample.Periodic'),
        });
      this.scheduleSampling(e);
    });
  }

  rescheduleSampling(): void {
    for (const e of this.cp.evses) if (e.tx && e.tx.interruptedAt === null) this.scheduleSampling(e);
  }

  /** Clock-aligned readings (AlignedDataCtrlr.Interval from midnight UTC): in the transaction, else MeterValues. */
  scheduleAligned(): void {
    this.alignedTask = this.cp.scheduler.cancel(this.alignedTask);
    const s = this.cp.dm.int('AlignedDataCtrlr', 'Interval');
    if (s <= 0 || !this.cp.powered) return;
    const step = s * 1000;
    this.alignedTask = this.cp.scheduler.at(Math.floor(this.cp.now() / step) * step + step, () => {
      this.alignedTask = null;
      const measurands = this.cp.dm.list('AlignedDataCtrlr', 'Measurands');
      if (measurands.length && this.cp.registration === 'Accepted') {
        for (const e of this.cp.evses) {
          this.advance(e);
          const last = this.lastAlignedWh.get(e.id);
          this.lastAlignedWh.set(e.id, e.meter.energyWh);
          const mv = this.meterValues(e, measurands, 'Sample.Clock', last === undefined ? 0 : e.meter.energyWh - last);
          if (!mv.length) continue;
          if (e.tx && e.tx.interruptedAt === null)
            void this.event(e, e.tx, 'Updated', 'MeterValueClock', {
              meterValue: mv,
            });
          else if (this.cp.isOnline) this.cp.send('MeterValues', { evseId: e.id, meterValue: mv });
        }
      }
      this.scheduleAligned();
    });
  }

  // ── sessions ──
  plug(evseId = 1, connectorId = 1, ev?: Partial<Ev>): Ev {
    const e = this.cp.mustEvse(evseId);
    const c = e.connectors[connectorId - 1];
    if (!c) throw new Error(`${this.cp.id}: EVSE ${evseId} has no connector ${connectorId}`);
    if (e.ev) throw new Error(`${this.cp.id}: EVSE ${evseId} already has an EV plugged in`);
    if (c.faulted || c.status === 'Unavailable') throw new Error(`${this.cp.id}: EVSE ${evseId} connector ${connectorId} is ${c.status}`);
    e.ev = arrivingEv(this.cp.profile.hardware.ev, this.cp.random, ev);
    e.pluggedConnector = connectorId;
    this.advance(e);
    this.cp.refresh(e);
    const p = e.pending;
    if (p) {
      this.clearPending(e);
      this.begin(e, p.idToken, p.remoteStartId !== undefined ? 'RemoteStart' : 'CablePluggedIn', p.remoteStartId);
    }
    return e.ev;
  }

  unplug(evseId = 1): void {
    const e = this.cp.mustEvse(evseId);
    if (!e.ev) throw new Error(`${this.cp.id}: nothing is plugged into EVSE ${evseId}`);
    const tx = e.tx;
    if (tx && tx.interruptedAt === null) {
      if (this.cp.dm.bool('TxCtrlr', 'StopTxOnEVSideDisconnect', true)) {
        e.ev = null;
        this.stop(evseId, 'EVDisconnected', 'EVCommunicationLost');
      } else {
        this.advance(e);
        e.ev = null;
        this.updateChargingState(e, 'EVCommunicationLost');
      }
    }
    e.ev = null;
    e.pluggedConnector = e.tx ? e.pluggedConnector : null;
    this.cp.refresh(e);
    this.applyScheduledAvailability(e);
  }

  /** Local list / cache first when allowed, else Authorize; offline per LocalAuthorizeOffline / OfflineTxForUnknownIdEnabled. */
  async authorize(idToken: IdTokenType): Promise<IdTokenInfoType> {
    const dm = this.cp.dm;
    const st = this.cp.state;
    const local = st.localList.get(idToken.idToken) ?? (dm.bool('AuthCacheCtrlr', 'Enabled') ? st.authCache.get(idToken.idToken) : undefined);
    if (local?.status === 'Accepted' && dm.bool('AuthCtrlr', 'LocalPreAuthorize')) return local;
    if (!this.cp.isOnline || this.cp.registration !== 'Accepted') {
      if (local && dm.bool('AuthCtrlr', 'LocalAuthorizeOffline')) return local;
      return {
        status: dm.bool('AuthCtrlr', 'OfflineTxForUnknownIdEnabled') ? 'Accepted' : 'Unknown',
      };
    }
    const conf = await this.cp.call('Authorize', { idToken });
    if (dm.bool('AuthCacheCtrlr', 'Enabled')) st.authCache.set(idToken.idToken, conf.idTokenInfo);
    return conf.idTokenInfo;
  }

  /** A local start: authorize, then start when the EV is plugged (or wait for it, EVConnectionTimeOut). */
  async start(evseId = 1, idToken: IdTokenType | string = 'SIM-TAG'): Promise<IdTokenInfoType> {
    const token: IdTokenType = typeof idToken === 'string' ? { idToken, type: 'ISO14443' } : idToken;
    const e = this.cp.mustEvse(evseId);
    if (e.tx) throw new Error(`${this.cp.id}: EVSE ${evseId} already has transaction ${e.tx.id}`);
    if (e.availability === 'Inoperative' || e.connectors.every((c) => c.faulted)) throw new Error(`${this.cp.id}: EVSE ${evseId} is not available`);
    const r = e.reservation;
    if (r && r.idToken.idToken !== token.idToken && r.groupIdToken?.idToken !== token.idToken)
      throw new Error(`${this.cp.id}: EVSE ${evseId} is reserved for another idToken`);
    e.authorizing = true;
    let info: IdTokenInfoType;
    try {
      info = await this.authorize(token);
    } finally {
      e.authorizing = false;
    }
    if (info.status !== 'Accepted' || e.tx) return info;
    if (e.ev) this.begin(e, token, 'Authorized');
    else this.awaitPlug(e, token);
    return info;
  }

  awaitPlug(e: Evse201, idToken: IdTokenType, remoteStartId?: number): void {
    this.clearPending(e);
    const timeoutS = this.cp.dm.int('TxCtrlr', 'EVConnectionTimeOut', 60);
    const timeout = timeoutS > 0 ? this.cp.scheduler.after(timeoutS * 1000, () => this.clearPending(e)) : null;
    e.pending = {
      idToken,
      ...(remoteStartId !== undefined ? { remoteStartId } : {}),
      timeout,
    };
  }

  clearPending(e: Evse201): void {
    if (e.pending) this.cp.scheduler.cancel(e.pending.timeout);
    e.pending = null;
  }

  /** The transaction starts: Started with the idToken, the EVSE and the start reading; sampling begins. */
  begin(e: Evse201, idToken: IdTokenType, trigger: TriggerReasonEnumType, remoteStartId?: number): Transaction201 {
    if (e.tx) throw new Error(`${this.cp.id}: EVSE ${e.id} already has a transaction`);
    this.advance(e);
    const now = this.cp.now();
    const id = `${this.cp.id.slice(0, 20)}-${(++this.txCounter).toString(36)}-${Math.floor(this.cp.random() * 36 ** 4).toString(36)}`;
    const tx: Transaction201 = {
      id,
      evseId: e.id,
      connectorId: e.pluggedConnector ?? 1,
      idToken,
      startedAt: now,
      seqNo: 0,
      chargingState: 'EVConnected',
      interruptedAt: null,
      ...(remoteStartId !== undefined ? { remoteStartId } : {}),
    };
    const r = e.reservation;
    if (r && (r.idToken.idToken === idToken.idToken || r.groupIdToken?.idToken === idToken.idToken)) {
      tx.reservationId = r.id;
      this.cp.scheduler.cancel(r.expiry);
      e.reservation = null;
    }
    e.tx = tx;
    tx.chargingState = this.chargingState(e);
    if (tx.chargingState === 'Charging') this.cp.observer?.chargingChanged(this.cp.id, 1);
    const h = this.cp.profile.hardware;
    const mv = this.meterValues(e, this.cp.dm.list('SampledDataCtrlr', 'TxStartedMeasurands'), 'Transaction.Begin');
    void this.event(e, tx, 'Started', trigger, {
      evse: { id: e.id, connectorId: tx.connectorId },
      idToken,
      numberOfPhasesUsed: h.phases,
      ...(mv.length ? { meterValue: mv } : {}),
      ...(tx.reservationId !== undefined ? { reservationId: tx.reservationId } : {}),
    }).then((info) => {
      if (info && info.status !== 'Accepted' && e.tx === tx && this.cp.dm.bool('TxCtrlr', 'StopTxOnInvalidId', true))
        this.stop(e.id, 'DeAuthorized', 'Deauthorized');
    });
    if (this.cp.bus.wants('transaction'))
      this.cp.emit({
        kind: 'transaction',
        chargerId: this.cp.id,
        at: now,
        phase: 'started',
        connectorId: e.id,
        transactionId: id,
        idTag: idToken.idToken,
        meterWh: Math.floor(e.meter.energyWh),
      });
    this.cp.refresh(e);
    this.scheduleSampling(e);
    return tx;
  }

  /** Ends the EVSE's transaction: Ended with stoppedReason and the end reading. */
  stop(evseId: number, reason: ReasonEnumType = 'Local', trigger: TriggerReasonEnumType = 'StopAuthorized', at?: number): Transaction201 {
    const e = this.cp.mustEvse(evseId);
    const tx = e.tx;
    if (!tx) throw new Error(`${this.cp.id}: no transaction on EVSE ${evseId}`);
    const interrupted = tx.interruptedAt !== null;
    if (!interrupted) this.advance(e);
    e.sampleTask = this.cp.scheduler.cancel(e.sampleTask);
    if (tx.chargingState === 'Charging' && !interrupted) this.cp.observer?.chargingChanged(this.cp.id, -1);
    tx.chargingState = e.ev ? 'EVConnected' : 'Idle';
    const mv = interrupted ? [] : this.meterValues(e, this.cp.dm.list('SampledDataCtrlr', 'TxEndedMeasurands'), 'Transaction.End');
    const when = at ?? tx.interruptedAt ?? this.cp.now();
    e.tx = null;
    void this.event(
      e,
      tx,
      'Ended',
      trigger,
      {
        ...(mv.length ? { meterValue: mv } : {}),
        transactionInfo: {
          transactionId: tx.id,
          chargingState: tx.chargingState,
          stoppedReason: reason,
          timeSpentCharging: Math.round((when - tx.startedAt) / 1000),
        },
        ...(interrupted ? { offline: true } : {}),
      },
      when,
    );
    if (this.cp.bus.wants('transaction'))
      this.cp.emit({
        kind: 'transaction',
        chargerId: this.cp.id,
        at: when,
        phase: 'stopped',
        connectorId: e.id,
        transactionId: tx.id,
        idTag: tx.idToken?.idToken ?? '',
        meterWh: Math.floor(e.meter.energyWh),
        reason,
      });
    this.cp.state.profiles.remove((ip) => ip.evseId === e.id && ip.profile.chargingProfilePurpose === 'TxProfile');
    if (!e.ev) e.pluggedConnector = null;
    this.cp.refresh(e);
    this.applyScheduledAvailability(e);
    return tx;
  }

  applyScheduledAvailability(e: Evse201): void {
    if (!e.scheduledAvailability || e.tx) return;
    e.availability = e.scheduledAvailability;
    e.scheduledAvailability = null;
    this.cp.refresh(e);
  }

  /** NotifyEvent: a connector's Problem variable changed (fault / fault cleared). */
  notifyProblem(e: Evse201, connectorId: number, problem: boolean, techCode: string): void {
    if (!this.cp.isOnline || this.cp.registration !== 'Accepted') return;
    const now = this.cp.timestamp();
    this.cp.send('NotifyEvent', {
      generatedAt: now,
      seqNo: 0,
      eventData: [
        {
          eventId: ++this.eventIds,
          timestamp: now,
          trigger: 'Delta',
          actualValue: String(problem),
          ...(problem ? { techCode: techCode.slice(0, 50) } : { cleared: true }),
          component: { name: 'Connector', evse: { id: e.id, connectorId } },
          variable: { name: 'Problem' },
          eventNotificationType: 'HardWiredNotification',
        },
      ],
    });
  }

  // ── power ──
  interruptAll(): void {
    const now = this.cp.now();
    for (const e of this.cp.evses) {
      if (!e.tx || e.tx.interruptedAt !== null) continue;
      this.advance(e, now);
      if (e.tx.chargingState === 'Charging') this.cp.observer?.chargingChanged(this.cp.id, -1);
      e.tx.interruptedAt = now;
    }
  }

  /** After an accepted boot: transactions a power cut interrupted end with PowerLoss, at the time of the cut. */
  afterBoot(): void {
    for (const e of this.cp.evses) if (e.tx && e.tx.interruptedAt !== null) this.stop(e.id, 'PowerLoss', 'AbnormalCondition');
  }

  shutdown(): void {
    this.alignedTask = this.cp.scheduler.cancel(this.alignedTask);
    for (const e of this.cp.evses) {
      e.sampleTask = this.cp.scheduler.cancel(e.sampleTask);
      this.clearPending(e);
    }
  }
}
