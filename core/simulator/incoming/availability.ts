/** ChangeAvailability (OCPP 1.6 §5.2) and UnlockConnector (§5.18). */
import type { Connector } from '../connector.js';
import type { Handler } from './types.js';

export const changeAvailability: Handler<'ChangeAvailability'> = (cp, req) => {
  const target = cp.connectors[req.connectorId];
  if (!target) return { conf: { status: 'Rejected' } };
  const list: readonly Connector[] = req.connectorId === 0 ? cp.connectors : [target];
  // A connector in a session (transaction running, or EV plugged and preparing) changes after it ends: Scheduled.
  const busy = (c: Connector): boolean => c.id > 0 && (c.tx !== null || c.status === 'Preparing' || c.status === 'Finishing');
  let scheduled = false;
  for (const c of list) {
    if (req.type === 'Inoperative' && busy(c)) {
      scheduled = true;
    }
  }
  return {
    conf: { status: scheduled ? 'Scheduled' : 'Accepted' },
    after: () => {
      for (const c of list) {
        if (req.type === 'Inoperative' && busy(c)) {
          c.scheduledAvailability = 'Inoperative';
          continue;
        }
        c.scheduledAvailability = null;
        cp.statuses.setAvailability(c, req.type);
      }
    },
  };
};

export const unlockConnector: Handler<'UnlockConnector'> = (cp, req) => {
  const c = cp.connectors[req.connectorId];
  if (!c || req.connectorId === 0) return { conf: { status: 'NotSupported' } };
  return {
    conf: { status: 'Unlocked' },
    after: () => {
      if (c.tx && c.tx.interruptedAt === null) cp.sessions.stopTransaction(c.id, 'UnlockCommand');
    },
  };
};
