/** RemoteStartTransaction and RemoteStopTransaction (OCPP 1.6 §5.11, §5.12). */
import type { Connector } from '../connector.js';
import type { Handler } from './types.js';

export const remoteStartTransaction: Handler<'RemoteStartTransaction'> = (cp, req) => {
  const rejected = { conf: { status: 'Rejected' as const } };
  const minDelay = cp.profile.quirks.remoteStartMinDelayMs ?? 0;
  // Grizzl-E firmware rejects a RemoteStart that comes too soon after its last status change.
  if (minDelay > 0 && cp.now() - cp.lastStatusChangeAt < minDelay) return rejected;
  let c: Connector | undefined;
  if (req.connectorId !== undefined) {
    if (req.connectorId === 0) return rejected;
    c = cp.connectors[req.connectorId];
  } else {
    c = cp.connectors.find((x) => x.id > 0 && !x.tx && x.ev && x.status === 'Preparing') ?? cp.connectors.find((x) => x.id > 0 && x.status === 'Available');
  }
  // A connector with a local start in progress (card presented, or authorized and waiting for the cable) refuses.
  if (!c || c.pendingIdTag !== null || c.authorizingIdTag !== null) return rejected;
  // doubleStartOnRemoteStart firmware starts a second transaction on a busy connector instead of refusing.
  const doubleStart = c.tx !== null && cp.profile.quirks.doubleStartOnRemoteStart === true && c.tx.interruptedAt === null && c.shadowTx === null;
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
          if (doubleStart && target.shadowTx === null) cp.beginSecondTransaction(target.id, req.idTag);
          return;
        }
        if (profile) {
          const list = (cp.chargingProfiles ??= []).filter((ip) => ip.profile.chargingProfileId !== profile.chargingProfileId);
          list.push({ connectorId: target.id, profile });
          cp.chargingProfiles = list;
        }
        if (target.ev) cp.beginTransaction(target.id, req.idTag);
        else cp.awaitPlug(target, req.idTag);
      };
      if (!cp.config.bool('AuthorizeRemoteTxRequests')) {
        begin();
        return;
      }
      cp.authorize(req.idTag)
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
      if (c.tx) cp.stopTransaction(c.id, 'Remote');
    },
  };
};
