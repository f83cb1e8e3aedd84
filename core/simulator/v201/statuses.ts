/**
 * StatusNotification per EVSE connector (G01): a connector's status follows its EVSE's state (evse.ts); each
 * change is reported once registered, remembered while offline or not accepted, and sent after a reconnect if it
 * changed meanwhile (after a boot: every connector).
 */
import { connectorStatus, type Evse201 } from './evse.js';
import type { StationCore } from './stationCore.js';

export class StatusReporter {
  constructor(private readonly cp: StationCore) {}

  refresh(e: Evse201): void {
    const cp = this.cp;
    for (const c of e.connectors) {
      const to = connectorStatus(e, c, cp.operative);
      if (to === c.status) continue;
      const from = c.status;
      c.status = to;
      c.changedAt = cp.now();
      if (cp.bus.wants('status'))
        cp.emit({
          kind: 'status',
          chargerId: cp.id,
          at: c.changedAt,
          evseId: e.id,
          connectorId: c.id,
          status: to,
          errorCode: c.faulted ? 'OtherError' : 'NoError',
          previous: from,
        });
      this.notify(e, c.id, false);
    }
  }

  /** Sends one connector's status now (triggered: also while Pending), or remembers to. */
  notify(e: Evse201, connectorId: number, triggered: boolean): void {
    const cp = this.cp;
    const c = e.connectors[connectorId - 1];
    if (!c) return;
    if (!cp.isOnline || (cp.registration !== 'Accepted' && !triggered)) {
      c.reported = null;
      return;
    }
    c.reported = c.status;
    cp.send(
      'StatusNotification',
      {
        timestamp: cp.timestamp(c.changedAt),
        connectorStatus: c.status,
        evseId: e.id,
        connectorId: c.id,
      },
      { beforeAccepted: triggered },
    );
  }

  /** all: every connector (after a boot); else those whose status changed since last reported. */
  reportAll(all: boolean): void {
    for (const e of this.cp.evses) for (const c of e.connectors) if (all || c.reported !== c.status) this.notify(e, c.id, false);
  }
}
