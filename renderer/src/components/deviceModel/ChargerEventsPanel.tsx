/**
 * What an OCPP 2.0.1 charger reported on its own (GET /api/chargers/:id/events, newest first): NotifyEvent's
 * eventData, security events, firmware / log / reservation status, EV charging needs; filterable by kind, each
 * linked to the charger's messages of that action in the message log.
 */
import { useState } from 'react';
import { call, contracts } from '../../api/client.js';
import { useLoad } from '../../hooks.js';
import { CHARGER_EVENT_KINDS } from '../../../../core/api/contracts/deviceModel.js';
import type { ChargerDetail } from '../../../../core/api/types.js';
import { href } from '../../router.js';
import { ErrorState, formatTime } from '../States.js';
import { useChargerChanges } from '../operator/useChargerChanges.js';
import './deviceModel.css';

type Kind = (typeof CHARGER_EVENT_KINDS)[number];

/** The OCPP 2.0.1 action that reports each kind. */
const ACTION_OF: Record<Kind, string> = {
  NotifyEvent: 'NotifyEvent',
  SecurityEvent: 'SecurityEventNotification',
  FirmwareStatus: 'FirmwareStatusNotification',
  LogStatus: 'LogStatusNotification',
  ReservationStatus: 'ReservationStatusUpdate',
  EVChargingNeeds: 'NotifyEVChargingNeeds',
};

export function ChargerEventsPanel({ charger }: { charger: ChargerDetail }) {
  const [kind, setKind] = useState<Kind | ''>('');
  const events = useLoad(
    () => call(contracts.deviceModel.events, { params: { id: charger.id }, query: { limit: 100, ...(kind ? { kind } : {}) } }),
    [charger.id, kind],
  );
  useChargerChanges(charger.id, events.reload, 2000);
  const rows = events.data ?? [];
  return (
    <section className="panel span2" aria-label="Charger events" data-testid="charger-events-panel">
      <div className="panel-head">
        <h2>Events</h2>
        <span className="row" style={{ margin: 0 }}>
          <span className="muted small">{rows.length === 100 ? 'newest 100' : `${rows.length} event${rows.length === 1 ? '' : 's'}`}</span>
          <select aria-label="Event kind" value={kind} onChange={(e) => setKind(e.target.value as Kind | '')}>
            <option value="">All kinds</option>
            {CHARGER_EVENT_KINDS.map((k) => (
              <option key={k}>{k}</option>
            ))}
          </select>
        </span>
      </div>
      {events.error && <ErrorState error={events.error} retry={events.reload} />}
      <div className="op-scroll">
        <table className="op-table dm-events" data-testid="charger-events">
          <thead>
            <tr>
              <th>At</th>
              <th>Kind</th>
              <th>Type / status</th>
              <th>Detail</th>
            </tr>
          </thead>
          <tbody>
            {rows.length === 0 && (
              <tr>
                <td colSpan={4} className="muted">
                  {events.loading ? 'Loading…' : `No ${kind || 'event'} reported by this charger yet.`}
                </td>
              </tr>
            )}
            {rows.map((e) => {
              const detail = JSON.stringify(e.detail);
              return (
                <tr key={e.id} data-testid="charger-event">
                  <td className="mono">{formatTime(e.at)}</td>
                  <td>{e.kind}</td>
                  <td>{e.type}</td>
                  <td className="detail" title={detail}>
                    <a href={href(['messages'], { chargePointId: charger.id, action: ACTION_OF[e.kind] })}>{detail}</a>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}
