/**
 * Transactions reconstructed from the frame log, for both versions: OCPP 1.6 StartTransaction + its reply +
 * StopTransaction; OCPP 2.0.1 TransactionEvent Started / Updated / Ended (the station picks the transaction id,
 * energy comes from Energy.Active.Import.Register readings, the EVSE id stands for the connector).
 */
import type { FrameLog, RecordedFrame } from './frameLog.js';

export interface ObservedTransaction {
  charger: string;
  /** The connector (1.6) or EVSE (2.0.1). */
  connectorId: number;
  idTag: string;
  /** 1.6: from the CSMS's StartTransaction.conf (undefined until answered); 2.0.1: the station's own id (a string). */
  transactionId?: number | string;
  authorizationStatus?: string;
  meterStartWh: number;
  meterStopWh?: number;
  stopReason?: string;
  startedAt: number;
  stoppedAt?: number;
  /** meterStop − meterStart, once stopped. */
  energyWh?: number;
  evidence: RecordedFrame[];
}

interface SampledValue201 {
  value?: unknown;
  measurand?: unknown;
  unitOfMeasure?: { unit?: unknown; multiplier?: unknown };
}

/** The Energy.Active.Import.Register reading (Wh) in a 2.0.1 meterValue list (the measurand's default), if any. */
export function energyRegisterWh(meterValue: unknown): number | undefined {
  if (!Array.isArray(meterValue)) return undefined;
  let wh: number | undefined;
  for (const mv of meterValue as Array<{ sampledValue?: SampledValue201[] }>) {
    for (const s of mv.sampledValue ?? []) {
      if ((s.measurand ?? 'Energy.Active.Import.Register') !== 'Energy.Active.Import.Register') continue;
      const scale = (String(s.unitOfMeasure?.unit ?? 'Wh') === 'kWh' ? 1000 : 1) * 10 ** Number(s.unitOfMeasure?.multiplier ?? 0);
      const v = Number(s.value) * scale;
      if (Number.isFinite(v)) wh = v;
    }
  }
  return wh;
}

function onTransactionEvent201(log: FrameLog, rec: RecordedFrame, txs: ObservedTransaction[], lastWh: Map<ObservedTransaction, number>): void {
  const p = (rec.frame as [2, string, string, Record<string, unknown>])[3];
  const info = (p.transactionInfo ?? {}) as { transactionId?: unknown; stoppedReason?: unknown };
  if (info.transactionId === undefined) return;
  const id = String(info.transactionId);
  const reading = energyRegisterWh(p.meterValue);
  const reply = log.replyTo(rec);
  const replyInfo = reply?.frame?.[0] === 3 ? (reply.frame[2] as { idTokenInfo?: { status?: unknown } }).idTokenInfo : undefined;
  let tx = txs.find((t) => t.charger === rec.charger && t.transactionId === id);
  if (!tx) {
    // The first event seen opens it (Started, or an Updated whose Started came before the log did).
    const evse = p.evse as { id?: unknown } | undefined;
    const token = p.idToken as { idToken?: unknown } | undefined;
    tx = {
      charger: rec.charger,
      connectorId: Number(evse?.id ?? 1),
      idTag: String(token?.idToken ?? ''),
      transactionId: id,
      meterStartWh: reading ?? NaN,
      startedAt: rec.at,
      evidence: [],
    };
    txs.push(tx);
  }
  if (Number.isNaN(tx.meterStartWh) && reading !== undefined) tx.meterStartWh = reading;
  if (tx.idTag === '' && typeof (p.idToken as { idToken?: unknown } | undefined)?.idToken === 'string') tx.idTag = (p.idToken as { idToken: string }).idToken;
  if (replyInfo?.status !== undefined) tx.authorizationStatus = String(replyInfo.status);
  // Started, Ended and the replies prove the transaction; Updated events only move the reading.
  if (p.eventType !== 'Updated') tx.evidence.push(rec, ...(reply ? [reply] : []));
  if (reading !== undefined) lastWh.set(tx, reading);
  if (p.eventType === 'Ended') {
    tx.meterStopWh = lastWh.get(tx) ?? tx.meterStartWh;
    tx.energyWh = tx.meterStopWh - tx.meterStartWh;
    // 2.0.1: an absent stoppedReason means Local.
    tx.stopReason = typeof info.stoppedReason === 'string' ? info.stoppedReason : 'Local';
    tx.stoppedAt = rec.at;
  }
}

export function observedTransactions(log: FrameLog): ObservedTransaction[] {
  const txs: ObservedTransaction[] = [];
  const lastWh = new Map<ObservedTransaction, number>();
  for (const rec of log.all()) {
    const f = rec.frame;
    if (!f || f[0] !== 2 || rec.from !== 'charger') continue;
    if (f[2] === 'TransactionEvent') onTransactionEvent201(log, rec, txs, lastWh);
    else if (f[2] === 'StartTransaction') {
      const p = f[3];
      const tx: ObservedTransaction = {
        charger: rec.charger,
        connectorId: Number(p.connectorId),
        idTag: String(p.idTag),
        meterStartWh: Number(p.meterStart),
        startedAt: rec.at,
        evidence: [rec],
      };
      const reply = log.replyTo(rec);
      if (reply?.frame?.[0] === 3) {
        const r = reply.frame[2] as { transactionId?: unknown; idTagInfo?: { status?: unknown } };
        if (r.transactionId !== undefined) tx.transactionId = Number(r.transactionId);
        if (r.idTagInfo?.status !== undefined) tx.authorizationStatus = String(r.idTagInfo.status);
        tx.evidence.push(reply);
      }
      txs.push(tx);
    } else if (f[2] === 'StopTransaction') {
      const p = f[3];
      const id = Number(p.transactionId);
      const tx = [...txs].reverse().find((t) => t.charger === rec.charger && t.transactionId === id && t.meterStopWh === undefined);
      if (!tx) continue;
      tx.meterStopWh = Number(p.meterStop);
      tx.energyWh = tx.meterStopWh - tx.meterStartWh;
      if (typeof p.reason === 'string') tx.stopReason = p.reason;
      else tx.stopReason = 'Local';
      tx.stoppedAt = rec.at;
      tx.evidence.push(rec);
    }
  }
  return txs;
}

/** The latest transaction of a charger (on a connector, when given). */
export function latestTransaction(log: FrameLog, charger: string, connectorId?: number): ObservedTransaction | undefined {
  const txs = observedTransactions(log).filter((t) => t.charger === charger && (connectorId === undefined || t.connectorId === connectorId));
  return txs[txs.length - 1];
}
