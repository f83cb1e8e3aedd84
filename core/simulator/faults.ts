/**
 * Runtime fault injection, per charger: drop the connection, stop answering CALLs, answer late, send malformed
 * JSON, answer with CALLERRORs, go Faulted with an error code, power cut (no StopTransaction until reboot).
 */
import type { OcppErrorCode } from '../ocpp/index.js';
import type { Charger, FaultState } from './charger.js';
import type { ChargePointErrorCode } from './connectorStatus.js';

export type FaultSpec =
  /** Kill the TCP connection without a close frame; the charger reconnects with backoff. */
  | { kind: 'dropConnection' }
  /** Stop (or resume, enabled: false) answering the central system's CALLs. */
  | { kind: 'unresponsive'; enabled?: boolean }
  /** Answer every CALL `delayMs` late (0 restores). */
  | { kind: 'answerLate'; delayMs: number }
  /** Send one truncated, unparseable frame. */
  | { kind: 'malformedJson' }
  /** Answer the next `count` (default 1) CALLs with a CALLERROR `code` (default InternalError). */
  | { kind: 'callError'; code?: OcppErrorCode; count?: number }
  /** Put a connector (0 = whole charger) in Faulted with an error code; a running transaction stops. */
  | { kind: 'faulted'; connectorId?: number; errorCode?: ChargePointErrorCode; info?: string; vendorErrorCode?: string }
  | { kind: 'clearFault'; connectorId?: number }
  /** Power off abruptly: no close, no StopTransaction; `restoreAfterMs` powers on again (boot, then PowerLoss stops). */
  | { kind: 'powerCut'; restoreAfterMs?: number }
  | { kind: 'powerOn' }
  /** Remove unresponsive / late / CALLERROR faults. */
  | { kind: 'clear' };

export const FAULT_KINDS = ['dropConnection', 'unresponsive', 'answerLate', 'malformedJson', 'callError', 'faulted', 'clearFault', 'powerCut', 'powerOn', 'clear'] as const;

function state(cp: Charger): FaultState {
  return (cp.faults ??= { unresponsive: false, answerDelayMs: 0, callErrors: 0, callErrorCode: 'InternalError' });
}

export async function injectFault(cp: Charger, f: FaultSpec): Promise<void> {
  switch (f.kind) {
    case 'dropConnection':
      cp.dropConnection();
      return;
    case 'unresponsive':
      state(cp).unresponsive = f.enabled ?? true;
      return;
    case 'answerLate':
      state(cp).answerDelayMs = Math.max(0, f.delayMs);
      return;
    case 'malformedJson':
      if (!cp.sendMalformedJson()) throw new Error(`${cp.id} is not connected: cannot send malformed JSON`);
      return;
    case 'callError': {
      const s = state(cp);
      s.callErrors = f.count ?? 1;
      s.callErrorCode = f.code ?? 'InternalError';
      return;
    }
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
      cp.faults = null;
      return;
  }
}
