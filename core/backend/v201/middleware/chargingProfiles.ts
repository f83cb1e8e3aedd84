/**
 * Charging profiles the central system keeps, for 2.0.1 chargers as for 1.6 (one implementation:
 * core/backend/chargingProfileRecords.ts), per EVSE (the connector column holds the evseId):
 * - SetChargingProfile reply: the profile sent and the answer; an accepted one replaces the installed ones it
 *   supersedes (same id, or same EVSE, purpose and stack level: K01.FR.05/06);
 * - ClearChargingProfile reply Accepted: the installed profiles it matches (by id, else by its criteria) are cleared.
 */
import { versionedReplyMiddleware } from '../../context.js';
import { recordClearChargingProfile, recordSetChargingProfile } from '../../chargingProfileRecords.js';

export const trackChargingProfile201 = versionedReplyMiddleware('ocpp2.0.1', {
  name: 'TrackChargingProfile201',
  description: "Records each SetChargingProfile and the charger's answer; an accepted profile replaces the ones it supersedes.",
  action: 'SetChargingProfile',
  async handle(ctx, next) {
    const status = ctx.error ? `CALLERROR ${ctx.error.code}` : (ctx.result?.status ?? 'unknown');
    const row = recordSetChargingProfile(ctx, { protocol: 'ocpp2.0.1', request: ctx.request }, status);
    ctx.emit('chargingProfile', { chargePointId: ctx.chargePointId, record: row });
    await next();
  },
});

export const trackChargingProfileClear201 = versionedReplyMiddleware('ocpp2.0.1', {
  name: 'TrackChargingProfileClear201',
  description: 'When the charger accepts ClearChargingProfile, marks the installed profiles it matches as cleared.',
  action: 'ClearChargingProfile',
  async handle(ctx, next) {
    if (ctx.result?.status === 'Accepted') {
      recordClearChargingProfile(ctx, { protocol: 'ocpp2.0.1', request: ctx.request });
      ctx.emit('chargingProfile', { chargePointId: ctx.chargePointId, record: null });
    }
    await next();
  },
});
