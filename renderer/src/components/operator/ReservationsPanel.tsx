/** A charger's reservations on its page: reserve a connector for an id tag (ReserveNow), see each state, cancel. */
import { useState } from 'react';
import { call, contracts } from '../../api/client.js';
import { useLoad } from '../../hooks.js';
import type { ChargerDetail, ReservationView } from '../../../../core/api/types.js';
import { ErrorState, formatTime } from '../States.js';
import { AnswerBadge } from './badges.js';
import { useAction } from './useAction.js';
import { useChargerChanges } from './useChargerChanges.js';
import './operator.css';

export function ReservationsTable({
  rows,
  onCancel,
  busy,
  showCharger,
}: {
  rows: ReservationView[];
  onCancel: (r: ReservationView) => void;
  busy: boolean;
  showCharger?: boolean;
}) {
  return (
    <div className="op-scroll">
      <table className="op-table" data-testid="reservations">
        <thead>
          <tr>
            <th className="num">Id</th>
            {showCharger && <th>Charger</th>}
            <th>Conn.</th>
            <th>Id tag</th>
            <th>Expires</th>
            <th>State</th>
            <th>What happened</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 && (
            <tr>
              <td colSpan={showCharger ? 8 : 7} className="muted">
                No reservations.
              </td>
            </tr>
          )}
          {rows.map((r) => (
            <tr key={r.id} data-testid={`reservation-${r.id}`}>
              <td className="num mono">{r.id}</td>
              {showCharger && <td className="mono">{r.chargePointId}</td>}
              <td>{r.connectorId}</td>
              <td className="mono">{r.idTag}</td>
              <td className="mono">{new Date(r.expiryDate).toLocaleString()}</td>
              <td>
                <AnswerBadge value={r.state} testId="reservation-state" />
              </td>
              <td className="small" title={`updated ${formatTime(r.updatedAt)}`}>
                {r.note ?? ''}
                {r.transactionId !== null ? ` (transaction #${r.transactionId})` : ''}
              </td>
              <td>
                {r.state === 'Reserved' && (
                  <button type="button" className="btn small" disabled={busy} onClick={() => onCancel(r)}>
                    Cancel
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function ReservationsPanel({ charger }: { charger: ChargerDetail }) {
  const list = useLoad(() => call(contracts.reservations.list, { query: { chargePointId: charger.id, limit: 20 } }), [charger.id]);
  useChargerChanges(charger.id, list.reload);
  const connectors = [...new Set([0, ...charger.connectors.map((c) => c.connectorId)])].sort((a, b) => a - b);
  const [connectorId, setConnectorId] = useState(connectors.includes(1) ? 1 : 0);
  const [idTag, setIdTag] = useState('TAG-0001');
  const [minutes, setMinutes] = useState(15);
  const { busy, msg, error, run: act } = useAction();
  const run = (fn: () => Promise<{ reservation: ReservationView; result: { ok: boolean; response?: unknown; error?: { code: string } } }>) =>
    act(async () => {
      const { reservation, result } = await fn();
      await list.reload();
      return `Reservation ${reservation.id}: ${reservation.state}${result.ok ? ` (the charger answered ${String((result.response as { status?: string }).status)})` : ` (${result.error?.code})`}`;
    });
  const reserve = () =>
    run(() =>
      call(contracts.reservations.reserve, {
        params: { id: charger.id },
        body: { connectorId, idTag, expiryDate: new Date(Date.now() + minutes * 60_000).toISOString() },
      }),
    );
  return (
    <section className="panel" aria-label="Reservations" data-testid="reservations-panel">
      <div className="panel-head">
        <h2>Reservations</h2>
      </div>
      <div className="op-grid">
        <label>
          Connector
          <select aria-label="Reservation connector" value={connectorId} onChange={(e) => setConnectorId(Number(e.target.value))}>
            {connectors.map((c) => (
              <option key={c} value={c}>
                {c === 0 ? '0 (any)' : c}
              </option>
            ))}
          </select>
        </label>
        <label>
          Id tag
          <input aria-label="Reservation id tag" value={idTag} maxLength={20} onChange={(e) => setIdTag(e.target.value)} />
        </label>
        <label>
          Expires in (min)
          <input aria-label="Expires in (min)" type="number" min={1} max={10080} value={minutes} onChange={(e) => setMinutes(Number(e.target.value))} />
        </label>
        <button type="button" className="btn primary" disabled={busy || !idTag || minutes < 1} onClick={() => void reserve()}>
          Reserve
        </button>
      </div>
      {msg && (
        <p className="muted" role="status" data-testid="reservation-msg">
          {msg}
        </p>
      )}
      {error && <ErrorState error={error} />}
      <div style={{ marginTop: 8 }}>
        <ReservationsTable
          rows={list.data?.items ?? []}
          busy={busy}
          onCancel={(r) => void run(() => call(contracts.reservations.cancel, { params: { id: r.id } }))}
        />
      </div>
    </section>
  );
}
