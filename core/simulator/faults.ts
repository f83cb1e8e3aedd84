/**
 * Runtime fault injection, per charger: drop the connection, stop answering CALLs, answer late, send malformed
 * JSON, answer with CALLERRORs, go Faulted with an error code, power cut (no StopTransaction until reboot).
 * `Faults` owns the state of the faults that change how the charger answers; the rest act on the charger once.
 * The kinds, their parameters and descriptions are in actions/catalog.ts.
 */
import { callError, type OcppErrorCode } from '../ocpp/index.js';
import type { FaultSpec } from './actions/catalog.js';
import type { ChargePointErrorCode } from './connectorStatus.js';
import type { Scheduler } from './scheduler.js';

export type { FaultSpec } from './actions/catalog.js';
export { FAULT_KINDS } from './actions/catalog.js';

/** The faults that change how a charger answers the central system's CALLs. */
export class Faults {
  /** Ignore every incoming CALL. */
  unresponsive = false;
  /** Delay every answer by this many ms. */
  answerDelayMs = 0;
  /** Answer the next N incoming CALLs with a CALLERROR of this code. */
  callErrors = 0;
  callErrorCode: OcppErrorCode = 'InternalError';

  /** The next incoming CALL meets an injected CALLERROR: its frame, or null. */
  takeCallError(messageId: string): string | null {
    if (this.callErrors <= 0) return null;
    this.callErrors--;
    return JSON.stringify(callError(messageId, this.callErrorCode, `Simulated fault: ${this.callErrorCode}`));
  }

  clear(): void {
    this.unresponsive = false;
    this.answerDelayMs = 0;
    this.callErrors = 0;
    this.callErrorCode = 'InternalError';
  }

  /** The answering faults in force, for people: "unresponsive", "answerLate 500 ms", "callError ×2". */
  describe(): string[] {
    const out: string[] = [];
    if (this.unresponsive) out.push('unresponsive');
    if (this.answerDelayMs > 0) out.push(`answerLate ${this.answerDelayMs} ms`);
    if (this.callErrors > 0) out.push(`callError ×${this.callErrors}`);
    return out;
  }
}

/** What fault injection needs of a charger. */
export interface FaultTarget {
  readonly id: string;
  readonly faults: Faults;
  readonly scheduler: Scheduler;
  dropConnection(): void;
  sendMalformedJson(): boolean;
  fault(connectorId: number, errorCode: ChargePointErrorCode, info?: string, vendorErrorCode?: string): void;
  clearFault(connectorId: number): void;
  powerCut(): void;
  powerOn(): Promise<void>;
}

export async function injectFault(cp: FaultTarget, f: FaultSpec): Promise<void> {
  switch (f.kind) {
    case 'dropConnection':
      cp.dropConnection();
      return;
    case 'unresponsive':
      cp.faults.unresponsive = f.enabled ?? true;
      return;
    case 'answerLate':
      cp.faults.answerDelayMs = Math.max(0, f.delayMs);
      return;
    case 'malformedJson':
      if (!cp.sendMalformedJson()) throw new Error(`${cp.id} is not connected: cannot send malformed JSON`);
      return;
    case 'callError':
      cp.faults.callErrors = f.count ?? 1;
      cp.faults.callErrorCode = f.code ?? 'InternalError';
      return;
    case 'faulted':
      cp.fault(f.connectorId ?? 1, f.errorCode ?? 'OtherError', f.info, f.vendorErrorCode);
      return;
    case 'clearFault':
      cp.clearFault(f.connectorId ?? 1);
      return;
    case 'powerCut':
      cp.powerCut();
      if (f.restoreAfterMs !== undefined) cp.scheduler.after(f.restoreAfterMs, () => void cp.powerOn().catch(() => {}));
      return;
    case 'powerOn':
      await cp.powerOn();
      return;
    case 'clear':
      cp.faults.clear();
      return;
  }
}
