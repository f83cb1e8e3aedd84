/**
 * Charging profiles the central system keeps, for 2.0.1 chargers as for 1.6 (core/backend/middleware/chargingProfiles.ts),
 * per EVSE (the connector column holds the evseId):
 * - SetChargingProfile reply: the profile sent and the answer; an accepted one replaces the installed ones it
 *   supersedes (same id, or same EVSE, purpose and stack level: K01.FR.05/06);
 * - ClearChargingProfile reply Accepted: the installed profiles it matches (by id, else by its criteria) are cleared.
 */
import { versionedReplyMiddleware } from '../../context.js';
import type { ChargingProfileSentRow } from '../../../store/index.js';
import { profileRecordOf } from '../chargingProfileRecord.js';

export const trackChargingProfile201 = versionedReplyMiddleware('ocpp2.0.1', {
  name: 'TrackChargingProfile201',
  description: "Records each SetChargingProfile and the charger's answer; an accepted profile replaces the ones it supersedes.",
  action: 'SetChargingProfile',
  async handle(ctx, next) {
    const { evseId, chargingProfile: p } = ctx.request;
    const status = ctx.error ? `CALLERROR ${ctx.error.code}` : (ctx.result?.status ?? 'unknown');
    if (status === 'Accepted') {
      for (const old of ctx.store.chargingProfiles.installed(ctx.chargePointId)) {
        const sameSlot = old.connectorId === evseId && old.purpose === p.chargingProfilePurpose && old.stackLevel === p.stackLevel;
        if (old.chargingProfileId === p.id || sameSlot)
          ctx.store.chargingProfiles.end(old.id, `replaced by chargingProfile id ${p.id} at ${ctx.nowIso}`, ctx.nowIso);
      }
    }
    const profile = profileRecordOf(ctx.store, ctx.chargePointId, p);
    const row = ctx.store.chargingProfiles.recordSent({
      chargePointId: ctx.chargePointId,
      connectorId: evseId,
      messageId: ctx.messageId,
      profile,
      status,
      at: ctx.nowIso,
    });
    ctx.emit('chargingProfile', { chargePointId: ctx.chargePointId, record: row });
    await next();
  },
});

function matches(
  req: { chargingProfileId?: number; chargingProfileCriteria?: { evseId?: number; chargingProfilePurpose?: string; stackLevel?: number } },
  p: ChargingProfileSentRow,
): boolean {
  if (req.chargingProfileId !== undefined) return p.chargingProfileId === req.chargingProfileId;
  const c = req.chargingProfileCriteria ?? {};
  if (c.evseId !== undefined && p.connectorId !== c.evseId) return false;
  if (c.chargingProfilePurpose !== undefined && p.purpose !== c.chargingProfilePurpose) return false;
  if (c.stackLevel !== undefined && p.stackLevel !== c.stackLevel) return false;
  return true;
}

export const trackChargingProfileClear201 = versionedReplyMiddleware('ocpp2.0.1', {
  name: 'TrackChargingProfileClear201',
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
