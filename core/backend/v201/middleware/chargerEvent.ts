/** Shared by the 2.0.1 notifications the central system keeps: one charger_events row, emitted after commit. */
import type { ChargerEventKind } from '../../../store/index.js';
import type { VersionedCallContext } from '../../context.js';

type AnyCtx = Pick<VersionedCallContext<'ocpp2.0.1', 'Heartbeat'>, 'store' | 'chargePointId' | 'frameId' | 'nowIso' | 'emit'>;

/** The charger's timestamp as ISO UTC, else server time. */
export function chargerTime(ctx: Pick<AnyCtx, 'nowIso'>, text: string | undefined): string {
  const ms = text === undefined ? NaN : Date.parse(text);
  return Number.isNaN(ms) ? ctx.nowIso : new Date(ms).toISOString();
}

export function recordChargerEvent(ctx: AnyCtx, kind: ChargerEventKind, type: string, at: string | undefined, detail: unknown): void {
  const row = ctx.store.chargerEvents.insert({
    chargePointId: ctx.chargePointId,
    kind,
    type,
    at: chargerTime(ctx, at),
    detail,
    frameId: ctx.frameId,
    receivedAt: ctx.nowIso,
  });
  ctx.emit('chargerEvent', row);
}
