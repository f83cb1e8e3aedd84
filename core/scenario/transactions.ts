/** Transactions reconstructed from the frame log (StartTransaction + its reply + StopTransaction). */
import type { FrameLog, RecordedFrame } from './frameLog.js';

export interface ObservedTransaction {
  charger: string;
  connectorId: number;
  idTag: string;
  /** From the CSMS's StartTransaction.conf; undefined until answered. */
  transactionId?: number;
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

export function observedTransactions(log: FrameLog): ObservedTransaction[] {
  const txs: ObservedTransaction[] = [];
  for (const rec of log.all()) {
    const f = rec.frame;
    if (!f || f[0] !== 2 || rec.from !== 'charger') continue;
    if (f[2] === 'StartTransaction') {
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
