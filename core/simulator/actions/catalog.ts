/**
 * One vocabulary for acting on a simulated charger: every fault kind and every charger action with its
 * parameters (a JSON schema) and a description. Used by the fleet (Fleet.act, injectFault), the bench API
 * (core/api/contracts/simulator.ts builds its request schema and lists from it), the GUI's fault panel and charger
 * buttons (through the contract), scenario steps (core/scenario: fault kinds) and the CLI's help.
 * Node-free and import-free of the simulator's runtime: the renderer reads it through the API contract.
 */
import type { OcppErrorCode } from '../../ocpp/errors.js';
import type { ChargePointErrorCode } from '../connectorStatus.js';

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

export type FaultKind = FaultSpec['kind'];

export const FAULT_KINDS = ['dropConnection', 'unresponsive', 'answerLate', 'malformedJson', 'callError', 'faulted', 'clearFault', 'powerCut', 'powerOn', 'clear'] as const satisfies readonly FaultKind[];
