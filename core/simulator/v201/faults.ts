/** The 1.6 fault kinds (../faults.ts) on a 2.0.1 station; connectorId there means the EVSE here (0 = all). */
import type { FaultSpec } from '../faults.js';
import type { ChargingStation, FaultState201 } from './station.js';

function state(cp: ChargingStation): FaultState201 {
  return (cp.faults ??= {
    unresponsive: false,
    answerDelayMs: 0,
    callErrors: 0,
    callErrorCode: 'InternalError',
  });
}

export async function injectFault201(cp: ChargingStation, f: FaultSpec): Promise<void> {
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
      faultEvse(cp, f.connectorId ?? 1, undefined, f.errorCode ?? 'OtherError');
      return;
    case 'clearFault':
      clearEvseFault(cp, f.connectorId ?? 1);
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

/** Faults one connector (or every connector of every EVSE for evseId 0): Faulted, a running transaction ends. */
export function faultEvse(cp: ChargingStation, evseId = 1, connectorId?: number, techCode = 'OtherError'): void {
  const targets = evseId === 0 ? cp.evses : [cp.mustEvse(evseId)];
  for (const e of targets) {
    const cs = connectorId === undefined || evseId === 0 ? e.connectors : e.connectors.filter((c) => c.id === connectorId);
    if (!cs.length) throw new Error(`${cp.id}: EVSE ${e.id} has no connector ${connectorId}`);
    for (const c of cs) c.faulted = true;
    if (e.tx && e.tx.interruptedAt === null && cs.some((c) => c.id === e.tx?.connectorId)) cp.sessions.stop(e.id, 'Other', 'AbnormalCondition');
    cp.refresh(e);
    for (const c of cs) cp.sessions.notifyProblem(e, c.id, true, techCode);
  }
}

export function clearEvseFault(cp: ChargingStation, evseId = 1, connectorId?: number): void {
  const targets = evseId === 0 ? cp.evses : [cp.mustEvse(evseId)];
  for (const e of targets) {
    for (const c of e.connectors) {
      if (!c.faulted || (connectorId !== undefined && evseId !== 0 && c.id !== connectorId)) continue;
      c.faulted = false;
      cp.sessions.notifyProblem(e, c.id, false, 'NoError');
    }
    cp.refresh(e);
  }
}
