/**
 * Charging profiles the central system keeps per charger/connector:
 * - SetChargingProfile reply: the profile sent and the answer (Accepted, Rejected, NotSupported, CALLERROR);
 *   an accepted one replaces the installed ones it supersedes (same chargingProfileId, or same connector, purpose
 *   and stack level: OCPP 1.6 §3.13.2);
 * - ClearChargingProfile reply Accepted: the installed profiles it matches are marked cleared.
 * Failures without a reply (timeouts) are recorded by core/backend/chargingProfileFailures.ts.
 */
import { replyMiddleware } from '../context.js';
import type { ChargingProfileSentRow } from '../../store/index.js';

export const trackChargingProfile = replyMiddleware({
  name: 'TrackChargingProfile',
  description: "Records each SetChargingProfile and the charger's answer; an accepted profile replaces the ones it supersedes.",
  action: 'SetChargingProfile',
  async handle(ctx, next) {
    const { connectorId, csChargingProfiles: p } = ctx.request;
    const status = ctx.error ? `CALLERROR ${ctx.error.code}` : (ctx.result?.status ?? 'unknown');
    if (status === 'Accepted') {
      for (const old of ctx.store.chargingProfiles.installed(ctx.chargePointId)) {
        const sameId = old.chargingProfileId === p.chargingProfileId;
        const sameSlot = old.connectorId === connectorId && old.purpose === p.chargingProfilePurpose && old.stackLevel === p.stackLevel;
        if (sameId || sameSlot) ctx.store.chargingProfiles.end(old.id, `replaced by chargingProfileId ${p.chargingProfileId} at ${ctx.nowIso}`, ctx.nowIso);
      }
    }
    const row = ctx.store.chargingProfiles.recordSent({
      chargePointId: ctx.chargePointId,
      connectorId,
      messageId: ctx.messageId,
      profile: p,
      status,
      at: ctx.nowIso,
    });
    ctx.emit('chargingProfile', { chargePointId: ctx.chargePointId, record: row });
    await next();
  },
});

/** Whether ClearChargingProfile's filter matches an installed profile (§5.5: by id, else by the criteria given). */
function matches(req: { id?: number; connectorId?: number; chargingProfilePurpose?: string; stackLevel?: number }, p: ChargingProfileSentRow): boolean {
  if (req.id !== undefined) return p.chargingProfileId === req.id;
  if (req.connectorId !== undefined && p.connectorId !== req.connectorId) return false;
  if (req.chargingProfilePurpose !== undefined && p.purpose !== req.chargingProfilePurpose) return false;
  if (req.stackLevel !== undefined && p.stackLevel !== req.stackLevel) return false;
  return true;
}

export const trackChargingProfileClear = replyMiddleware({
  name: 'TrackChargingProfileClear',
  description: 'When the charger accepts ClearChargingProfile, marks the installed profiles it matches as cleared.',
  action: 'ClearChargingProfile',
  async handle(ctx, next) {
    if (ctx.result?.status === 'Accepted') {
      for (const p of ctx.store.chargingProfiles.installed(ctx.chargePointId)) {
        if (matches(ctx.request, p)) ctx.store.chargingProfiles.end(p.id, `cleared by ClearChargingProfile at ${ctx.nowIso}`, ctx.nowIso);
      }
      ctx.emit('chargingProfile', { chargePointId: ctx.chargePointId, record: null });
    }
    await next();
  },
});
