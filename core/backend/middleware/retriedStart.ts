/**
 * A retried StartTransaction (its reply was lost, so the charger sends it again): same charger, connector, id tag,
 * meterStart and timestamp as a transaction we already have. It is that transaction, never a second one.
 */
import type { CallContext } from '../context.js';
import type { TransactionRow } from '../../store/index.js';

/** The charger's start time as stored (ISO UTC), or server time when its timestamp is unreadable. */
export function startTimeOf(ctx: CallContext<'StartTransaction'>): string {
  const ms = Date.parse(ctx.request.timestamp);
  return Number.isNaN(ms) ? ctx.nowIso : new Date(ms).toISOString();
}

/** The transaction this StartTransaction repeats, if it is a retry. */
export function retriedStart(ctx: CallContext<'StartTransaction'>): TransactionRow | undefined {
  // Looked up once per chain run (OrphanedTransaction and StartTransaction both ask), before anything is written.
  if (!('retriedStart' in ctx.state)) {
    const r = ctx.request;
    ctx.state.retriedStart = ctx.store.transactions.findStart({
      chargePointId: ctx.chargePointId,
      connectorId: r.connectorId,
      idTag: r.idTag,
      meterStart: r.meterStart,
      startedAt: startTimeOf(ctx),
    });
  }
  return ctx.state.retriedStart as TransactionRow | undefined;
}
