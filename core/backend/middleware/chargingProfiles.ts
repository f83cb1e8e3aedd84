/**
 * Charging profiles the central system keeps per charger/connector (core/backend/chargingProfileRecords.ts, shared
 * with 2.0.1's v201/middleware/chargingProfiles.ts):
 * - SetChargingProfile reply: the profile sent and the answer (Accepted, Rejected, NotSupported, CALLERROR);
 *   an accepted one replaces the installed ones it supersedes (same chargingProfileId, or same connector, purpose
 *   and stack level: OCPP 1.6 §3.13.2);
 * - ClearChargingProfile reply Accepted: the installed profiles it matches are marked cleared.
 * Failures without a reply (timeouts) are recorded by core/backend/unansweredCalls.ts.
 */
import { replyMiddleware } from '../context.js';
import { recordClearChargingProfile, recordSetChargingProfile } from '../chargingProfileRecords.js';

export const trackChargingProfile = replyMiddleware({
  name: 'TrackChargingProfile',
  description: "Records each SetChargingProfile and the charger's answer; an accepted profile replaces the ones it supersedes.",
  action: 'SetChargingProfile',
  async handle(ctx, next) {
    const status = ctx.error ? `CALLERROR ${ctx.error.code}` : (ctx.result?.status ?? 'unknown');
    const row = recordSetChargingProfile(ctx, { protocol: 'ocpp1.6', request: ctx.request }, status);
    ctx.emit('chargingProfile', { chargePointId: ctx.chargePointId, record: row });
    await next();
  },
});

export const trackChargingProfileClear = replyMiddleware({
  name: 'TrackChargingProfileClear',
  description: 'When the charger accepts ClearChargingProfile, marks the installed profiles it matches as cleared.',
  action: 'ClearChargingProfile',
  async handle(ctx, next) {
    if (ctx.result?.status === 'Accepted') {
      recordClearChargingProfile(ctx, { protocol: 'ocpp1.6', request: ctx.request });
      ctx.emit('chargingProfile', { chargePointId: ctx.chargePointId, record: null });
    }
    await next();
  },
});
