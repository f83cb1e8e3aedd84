/** After a handler's DB transaction commits: reply to the charger, publish events, settle promises, send side-effect CALLs. */
import type { BackendCore, Outcome, SendCallOptions } from './core.js';

export async function finish(core: BackendCore, out: Outcome): Promise<void> {
  if (out.reply) {
    const { text, connection } = out.reply;
    try {
      await core.transport.send({ kind: 'send', chargePointId: connection.chargePointId, connectionId: connection.connectionId, text });
    } catch (err) {
      core.log.warn({ err, chargePointId: connection.chargePointId }, 'reply not delivered (charger gone); it is stored');
    }
  }
  for (const f of out.frames) core.events.emit('frame', f);
  for (const e of out.events) core.events.emit(e.name, e.payload as never);
  out.settle?.();
  for (const fn of out.afterCommit) {
    try {
      fn();
    } catch (err) {
      core.log.error({ err }, 'after-commit step failed');
    }
  }
  for (const se of out.sideEffects) {
    const chargePointId = out.frames[0]?.chargePointId;
    if (!chargePointId) continue;
    const o: SendCallOptions = {};
    if (se.delayMs !== undefined) o.delayMs = se.delayMs;
    if (se.timeoutMs !== undefined) o.timeoutMs = se.timeoutMs;
    core.sendCall(chargePointId, se.action, se.payload as never, o).catch((err: unknown) => {
      core.log.warn({ err: (err as Error).message, chargePointId, action: se.action }, 'side-effect CALL failed');
    });
  }
}
