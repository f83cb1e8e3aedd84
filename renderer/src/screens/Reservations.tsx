/** Every reservation the central system keeps (newest first), filtered by charger and state; Reserved ones can be cancelled. */
import { useState } from 'react';
import { call, contracts } from '../api/client.js';
import { useLoad } from '../hooks.js';
import { ErrorState, Loading } from '../components/States.js';
import { ReservationsTable } from '../components/operator/ReservationsPanel.js';
import { RESERVATION_STATES } from '../../../core/api/contracts/reservations.js';
import type { ReservationState } from '../../../core/api/types.js';
import type { ScreenProps } from './registry.js';

export function Reservations(_props: ScreenProps) {
  const [chargePointId, setChargePointId] = useState('');
  const [state, setState] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const page = useLoad(
    () =>
      call(contracts.reservations.list, {
        query: { ...(chargePointId ? { chargePointId } : {}), ...(state ? { state: state as ReservationState } : {}), limit: 200 },
      }),
    [chargePointId, state],
    3000,
  );
  return (
    <div className="screen">
      <header className="screen-head">
        <h1>Reservations</h1>
        <span className="muted">{page.data ? `${page.data.total} reservation${page.data.total === 1 ? '' : 's'}` : ''}</span>
        <div className="spacer" />
        <span className="muted small">Reserve a connector from the charger's page.</span>
      </header>
      <div className="toolbar">
        <input aria-label="Charger" placeholder="Charger id" value={chargePointId} maxLength={48} onChange={(e) => setChargePointId(e.target.value.trim())} />
        <select aria-label="State" value={state} onChange={(e) => setState(e.target.value)}>
          <option value="">any state</option>
          {RESERVATION_STATES.map((s) => (
            <option key={s}>{s}</option>
          ))}
        </select>
      </div>
      {(page.error || error) && <ErrorState error={(page.error ?? error) as string} retry={page.reload} />}
      {page.loading && !page.data ? (
        <Loading what="reservations" />
      ) : (
        <ReservationsTable
          rows={page.data?.items ?? []}
          busy={busy}
          showCharger
          onCancel={(r) => {
            setBusy(true);
            setError(null);
            call(contracts.reservations.cancel, { params: { id: r.id } })
              .then(
                () => page.reload(),
                (err: Error) => setError(err.message),
              )
              .finally(() => setBusy(false));
          }}
        />
      )}
    </div>
  );
}
