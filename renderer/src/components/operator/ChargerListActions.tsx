/** The Chargers list's operator actions: register a charger, one command to many, remove offline chargers. */
import { useState } from 'react';
import type { ChargerFilter, ChargerSummary } from '../../../../core/api/types.js';
import { BulkCommandDialog } from './BulkCommandDialog.js';
import { RegisterDialog } from './RegisterDialog.js';
import { RemoveDialog } from './RegistryPanel.js';
import type { ProtocolVersion } from '../../../../core/ocpp/protocol.js';

/** The one OCPP version all these chargers speak, or null (mixed, or one not connected yet). */
export function commonProtocol(chargers: ChargerSummary[]): ProtocolVersion | null {
  const versions = new Set(chargers.map((c) => c.protocol));
  const [only] = versions;
  return versions.size === 1 && only ? only : null;
}

/** The selection's one version; null when some selected charger is not shown (its version is not at hand). */
function selectedProtocol(ids: string[], shown: ChargerSummary[]): ProtocolVersion | null {
  const sel = shown.filter((c) => ids.includes(c.id));
  return sel.length === ids.length ? commonProtocol(sel) : null;
}

type Open =
  | { kind: 'register' }
  | { kind: 'command'; ids?: string[]; filter?: ChargerFilter; count: number }
  | { kind: 'remove'; ids: string[]; allOffline?: boolean }
  | null;

export function ChargerListActions({
  selected,
  shown,
  filter,
  onDone,
}: {
  selected: string[];
  shown: ChargerSummary[];
  filter: ChargerFilter;
  onDone: () => void;
}) {
  const [open, setOpen] = useState<Open>(null);
  const offlineSelected = selected.filter((id) => shown.some((c) => c.id === id && !c.connected && !c.simulated));
  return (
    <>
      {selected.length > 0 && (
        <button type="button" className="btn" onClick={() => setOpen({ kind: 'command', ids: selected, count: selected.length })}>
          Command to {selected.length} selected…
        </button>
      )}
      {offlineSelected.length > 0 && (
        <button
          type="button"
          className="btn danger"
          title="The offline chargers among the selected"
          onClick={() => setOpen({ kind: 'remove', ids: offlineSelected })}
        >
          Remove {offlineSelected.length} offline…
        </button>
      )}
      <button
        type="button"
        className="btn"
        disabled={shown.length === 0}
        title="One command to every charger the filter shows"
        onClick={() => setOpen({ kind: 'command', filter, count: shown.length })}
      >
        Command to all {shown.length} shown…
      </button>
      <button type="button" className="btn" onClick={() => setOpen({ kind: 'register' })}>
        Register charger…
      </button>
      <button
        type="button"
        className="btn danger"
        title="Remove every offline charger (not simulated ones)"
        onClick={() => setOpen({ kind: 'remove', ids: [], allOffline: true })}
      >
        Remove all offline…
      </button>
      {open?.kind === 'register' && <RegisterDialog onClose={() => setOpen(null)} />}
      {open?.kind === 'command' && (
        <BulkCommandDialog
          ids={open.ids}
          filter={open.filter}
          count={open.count}
          protocol={open.ids ? selectedProtocol(open.ids, shown) : (filter.protocol ?? commonProtocol(shown))}
          onClose={() => setOpen(null)}
        />
      )}
      {open?.kind === 'remove' && <RemoveDialog ids={open.ids} allOffline={open.allOffline} onClose={() => setOpen(null)} onDone={onDone} />}
    </>
  );
}
