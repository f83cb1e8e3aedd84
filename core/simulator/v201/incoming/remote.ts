/**
 * Remote control (F01–F06): RequestStartTransaction (authorized first when AuthCtrlr.AuthorizeRemoteStart, the
 * transaction starting once the EV is plugged, with the remoteStartId in Started), RequestStopTransaction,
 * GetTransactionStatus and TriggerMessage.
 */
import type { Evse201 } from '../evse.js';
import type { StationPort } from '../stationPort.js';
import type { Handler } from './types.js';

function pickEvse(cp: StationPort, evseId: number | undefined): Evse201 | undefined {
  if (evseId !== undefined) return cp.evse(evseId);
  return cp.evses.find((e) => e.ev && !e.tx) ?? cp.evses.find((e) => !e.tx && !e.reservation && e.availability === 'Operative');
}

export const requestStartTransaction: Handler<'RequestStartTransaction'> = (cp, req) => {
  const e = pickEvse(cp, req.evseId);
  if (!e)
    return {
      conf: {
        status: 'Rejected',
        statusInfo: {
          reasonCode: req.evseId !== undefined ? 'UnknownEvse' : 'NoFreeEvse',
        },
      },
    };
  if (e.tx)
    return {
      conf: {
        status: 'Rejected',
        transactionId: e.tx.id,
        statusInfo: { reasonCode: 'TxInProgress' },
      },
    };
  if (e.availability === 'Inoperative' || !cp.operative || e.connectors.every((c) => c.faulted) || e.authorizing)
    return {
      conf: { status: 'Rejected', statusInfo: { reasonCode: 'Unavailable' } },
    };
  const r = e.reservation;
  if (r && r.idToken.idToken !== req.idToken.idToken && r.groupIdToken?.idToken !== req.groupIdToken?.idToken)
    return {
      conf: { status: 'Rejected', statusInfo: { reasonCode: 'Reserved' } },
    };
  if (req.chargingProfile && req.chargingProfile.chargingProfilePurpose !== 'TxProfile')
    return {
      conf: { status: 'Rejected', statusInfo: { reasonCode: 'NotTxProfile' } },
    };
  return {
    conf: { status: 'Accepted' },
    after: () => {
      const go = (): void => {
        if (e.tx) return;
        if (req.chargingProfile) cp.state.profiles.install(e.id, req.chargingProfile);
        if (e.ev) cp.sessions.begin(e, req.idToken, 'RemoteStart', req.remoteStartId);
        else cp.sessions.awaitPlug(e, req.idToken, req.remoteStartId);
      };
      if (!cp.dm.bool('AuthCtrlr', 'AuthorizeRemoteStart')) return go();
      e.authorizing = true;
      cp.sessions
        .authorize(req.idToken)
        .then((info) => {
          e.authorizing = false;
          if (info.status === 'Accepted') go();
        })
        .catch((err: Error) => {
          e.authorizing = false;
          cp.error(`remote start not authorized: ${err.message}`);
        });
    },
  };
};

export const requestStopTransaction: Handler<'RequestStopTransaction'> = (cp, req) => {
  const e = cp.evses.find((x) => x.tx?.id === req.transactionId);
  if (!e || !e.tx || e.tx.interruptedAt !== null)
    return {
      conf: {
        status: 'Rejected',
        statusInfo: { reasonCode: 'UnknownTransaction' },
      },
    };
  return {
    conf: { status: 'Accepted' },
    after: () => {
      if (e.tx?.id === req.transactionId) cp.sessions.stop(e.id, 'Remote', 'RemoteStop');
    },
  };
};

export const getTransactionStatus: Handler<'GetTransactionStatus'> = (cp, req) => {
  const ongoing = req.transactionId !== undefined ? cp.evses.some((e) => e.tx?.id === req.transactionId) : undefined;
  return {
    conf: {
      messagesInQueue: cp.outbox.queued > 0,
      ...(ongoing !== undefined ? { ongoingIndicator: ongoing } : {}),
    },
  };
};

export const triggerMessage: Handler<'TriggerMessage'> = (cp, req) => {
  const evseId = req.evse?.id;
  const e = evseId !== undefined && evseId > 0 ? cp.evse(evseId) : undefined;
  if (evseId !== undefined && evseId > 0 && !e)
    return {
      conf: { status: 'Rejected', statusInfo: { reasonCode: 'UnknownEvse' } },
    };
  const targets = e ? [e] : cp.evses;
  switch (req.requestedMessage) {
    case 'BootNotification':
      // F06.FR.17: not once the boot was accepted.
      if (cp.registration === 'Accepted')
        return {
          conf: {
            status: 'Rejected',
            statusInfo: { reasonCode: 'AlreadyAccepted' },
          },
        };
      return {
        conf: { status: 'Accepted' },
        after: () => {
          cp.bootReason = 'Triggered';
          cp.sendBoot();
        },
      };
    case 'Heartbeat':
      return {
        conf: { status: 'Accepted' },
        after: () => cp.send('Heartbeat', {}, { beforeAccepted: true }),
      };
    case 'StatusNotification': {
      const connectorId = req.evse?.connectorId;
      if (e && connectorId !== undefined && !e.connectors[connectorId - 1])
        return {
          conf: {
            status: 'Rejected',
            statusInfo: { reasonCode: 'UnknownConnector' },
          },
        };
      return {
        conf: { status: 'Accepted' },
        after: () => {
          for (const x of targets) for (const c of x.connectors) if (connectorId === undefined || c.id === connectorId) cp.notifyStatus(x, c.id, true);
        },
      };
    }
    case 'MeterValues':
      return {
        conf: { status: 'Accepted' },
        after: () => {
          for (const x of targets) {
            const mv = cp.sessions.meterValues(x, cp.dm.list('AlignedDataCtrlr', 'Measurands'), 'Trigger');
            if (mv.length) cp.send('MeterValues', { evseId: x.id, meterValue: mv }, { beforeAccepted: true });
          }
        },
      };
    case 'TransactionEvent': {
      const running = targets.filter((x) => x.tx && x.tx.interruptedAt === null);
      if (!running.length)
        return {
          conf: {
            status: 'Rejected',
            statusInfo: { reasonCode: 'NoTransaction' },
          },
        };
      return {
        conf: { status: 'Accepted' },
        after: () => {
          for (const x of running) {
            if (!x.tx) continue;
            const mv = cp.sessions.meterValues(x, cp.dm.list('SampledDataCtrlr', 'TxUpdatedMeasurands'), 'Trigger');
            void cp.sessions.event(x, x.tx, 'Updated', 'Trigger', mv.length ? { meterValue: mv } : {});
          }
        },
      };
    }
    case 'FirmwareStatusNotification':
      return {
        conf: { status: 'Accepted' },
        after: () => cp.state.setFirmwareStatus(cp, cp.state.firmwareStatus),
      };
    case 'LogStatusNotification':
      return {
        conf: { status: 'Accepted' },
        after: () => cp.state.setLogStatus(cp, cp.state.logStatus),
      };
    default:
      return { conf: { status: 'NotImplemented' } };
  }
};
