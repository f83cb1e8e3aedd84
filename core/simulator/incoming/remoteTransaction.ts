/** RemoteStartTransaction and RemoteStopTransaction (OCPP 1.6 §5.11, §5.12). */
import type { Connector } from '../connector.js';
import { quirkHook } from '../quirks/catalog.js';
import type { Handler } from './types.js';

export const remoteStartTransaction: Handler<'RemoteStartTransaction'> = (cp, req) => {
  const rejected = { conf: { status: 'Rejected' as const } };
  const quirks = cp.profile.quirks;
  if (quirkHook(quirks, 'remoteStartTiming', false, { msSinceStatusChange: cp.now() - cp.lastStatusChangeAt })) return rejected;
  let c: Connector | undefined;
  if (req.connectorId !== undefined) {
    if (req.connectorId === 0) return rejected;
    c = cp.connectors[req.connectorId];
  } else {
    c = cp.connectors.find((x) => x.id > 0 && !x.tx && x.ev && x.status === 'Preparing') ?? cp.connectors.find((x) => x.id > 0 && x.status === 'Available');
  }
  // A connector with a local start in progress (card presented, or authorized and waiting for the cable) refuses.
  if (!c || c.pendingIdTag !== null || c.authorizingIdTag !== null) return rejected;
  // Some firmware starts a second transaction on a busy connector instead of refusing (remoteStartOnBusy).
  const doubleStart = c.tx !== null && c.tx.interruptedAt === null && c.shadowTx === null && quirkHook(quirks, 'remoteStartOnBusy', false, null);
  if (c.tx && !doubleStart) return rejected;
  if (c.faulted || c.availability === 'Inoperative' || c.status === 'Finishing') return rejected;
  if (c.reservation && c.reservation.idTag !== req.idTag && c.reservation.parentIdTag !== req.idTag) return rejected;
  const profile = req.chargingProfile;
  if (profile && (profile.chargingProfilePurpose !== 'TxProfile' || !cp.profile.features.includes('SmartCharging'))) return rejected;
  const target = c;
  return {
    conf: { status: 'Accepted' },
    after: () => {
      const begin = (): void => {
        if (target.faulted) return;
        if (target.tx) {
          if (doubleStart && target.shadowTx === null) cp.sessions.beginSecondTransaction(target.id, req.idTag);
          return;
        }
        if (profile) {
          const list = (cp.metering.chargingProfiles ??= []).filter((ip) => ip.profile.chargingProfileId !== profile.chargingProfileId);
          list.push({ connectorId: target.id, profile });
          cp.metering.chargingProfiles = list;
        }
        if (target.ev) cp.sessions.beginTransaction(target.id, req.idTag);
        else cp.sessions.awaitPlug(target, req.idTag);
      };
      if (!cp.config.bool('AuthorizeRemoteTxRequests')) {
        begin();
        return;
      }
      cp.auth
        .authorize(req.idTag)
        .then((info) => {
          if (info.status === 'Accepted') begin();
        })
        .catch(() => {});
    },
  };
};

export const remoteStopTransaction: Handler<'RemoteStopTransaction'> = (cp, req) => {
  const c = cp.connectors.find((x) => x.tx && x.tx.id === req.transactionId && x.tx.interruptedAt === null);
  if (!c) return { conf: { status: 'Rejected' } };
  return {
    conf: { status: 'Accepted' },
    after: () => {
      if (c.tx) cp.sessions.stopTransaction(c.id, 'Remote');
    },
  };
};
