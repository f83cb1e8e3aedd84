/** Why a server-initiated CALL did not get a CALLRESULT. (A CALLERROR reply rejects with an OcppError carrying its code.) */
export type CallFailureReason = 'timeout' | 'disconnected' | 'overflow' | 'replaced' | 'noRoute' | 'stopped';

export class CallFailedError extends Error {
  readonly reason: CallFailureReason;
  readonly chargePointId: string;
  readonly messageId: string;
  readonly action: string;
  constructor(p: { reason: CallFailureReason; chargePointId: string; messageId: string; action: string; description: string }) {
    super(`${p.action} to ${p.chargePointId} failed (${p.reason}): ${p.description}`);
    this.name = 'CallFailedError';
    this.reason = p.reason;
    this.chargePointId = p.chargePointId;
    this.messageId = p.messageId;
    this.action = p.action;
  }
}
