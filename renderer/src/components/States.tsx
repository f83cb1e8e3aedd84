import type { ReactNode } from 'react';

export function Loading({ what }: { what: string }) {
  return (
    <div className="state-box" role="status" aria-live="polite">
      <span className="spinner" aria-hidden /> Loading {what}…
    </div>
  );
}

export function ErrorState({ error, retry }: { error: string; retry?: () => void }) {
  return (
    <div className="state-box error" role="alert">
      <b>Something went wrong.</b> {error}
      {retry && (
        <button className="btn small" onClick={retry}>
          Retry
        </button>
      )}
    </div>
  );
}

export function Empty({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="state-box empty">
      <b>{title}</b>
      {children && <div>{children}</div>}
    </div>
  );
}

const STATE_CLASS: Record<string, string> = {
  Available: 'green',
  Preparing: 'blue',
  Charging: 'teal',
  SuspendedEV: 'amber',
  SuspendedEVSE: 'amber',
  Finishing: 'blue',
  Reserved: 'purple',
  Unavailable: 'grey',
  Faulted: 'red',
  Offline: 'grey',
  Unresponsive: 'rose',
  Pending: 'amber',
  Rejected: 'red',
  Booting: 'amber',
  Unknown: 'grey',
};

export function StateBadge({ state }: { state: string }) {
  return <span className={`badge ${STATE_CLASS[state] ?? 'grey'}`}>{state}</span>;
}

export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return `${d.toLocaleTimeString(undefined, { hour12: false })}.${String(d.getMilliseconds()).padStart(3, '0')}`;
}

/** HH:MM:SS today, else the local date and time to the minute. */
export function formatSince(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (d.toDateString() === new Date().toDateString()) return d.toLocaleTimeString(undefined, { hour12: false });
  return `${d.toLocaleDateString()} ${d.toLocaleTimeString(undefined, { hour12: false, hour: '2-digit', minute: '2-digit' })}`;
}

/** HH:MM:SS in local time. */
export function formatClock(iso: string | null | undefined): string {
  if (!iso) return '—';
  return new Date(iso).toLocaleTimeString(undefined, { hour12: false });
}

export function formatPower(w: number | null | undefined): string {
  if (w === null || w === undefined) return '—';
  return w >= 1000 ? `${(w / 1000).toFixed(1)} kW` : `${Math.round(w)} W`;
}

export function formatEnergy(wh: number | null | undefined): string {
  if (wh === null || wh === undefined) return '—';
  return wh >= 1000 ? `${(wh / 1000).toFixed(2)} kWh` : `${Math.round(wh)} Wh`;
}

/**
 * An open transaction's state: "live" while its charger is online, "open, charger offline since T" when it is not
 * (no StopTransaction yet, and nobody knows what happens there). Nothing for a stopped one.
 */
export function TxState({ tx }: { tx: { stoppedAt: string | null; chargerOnline: boolean; chargerOfflineSince: string | null } }) {
  if (tx.stoppedAt) return null;
  if (tx.chargerOnline) return <span className="badge teal">live</span>;
  return (
    <span className="badge amber" data-testid="tx-offline" title="No StopTransaction yet; the charger is offline, so its state is unknown">
      open, charger offline{tx.chargerOfflineSince ? ` since ${formatSince(tx.chargerOfflineSince)}` : ''}
    </span>
  );
}
