/** The Chargers list's operator actions: register a charger, one command to many, remove offline chargers. */
import { useState } from 'react';
import type { ChargerFilter, ChargerSummary } from '../../../../core/api/types.js';
import { BulkCommandDialog } from './BulkCommandDialog.js';
import { RegisterDialog } from './RegisterDialog.js';
import { RemoveDialog } from './RegistryPanel.js';

type Open = { kind: 'register' } | { kind: 'command'; ids?: string[]; filter?: ChargerFilter; count: number } | { kind: 'remove'; ids: string[]; allOffline?: boolean } | null;

export function ChargerListActions({ selected, shown, filter, onDone }: { selected: string[]; shown: ChargerSummary[]; filter: ChargerFilter; onDone: () => void }) {
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
        <button type="button" className="btn danger" title="The offline chargers among the selected" onClick={() => setOpen({ kind: 'remove', ids: offlineSelected })}>
          Remove {offlineSelected.length} offline…
        </button>
      )}
      <button type="button" className="btn" disabled={shown.length === 0} title="One command to every charger the filter shows" onClick={() => setOpen({ kind: 'command', filter, count: shown.length })}>
        Command to all {shown.length} shown…
      </button>
      <button type="button" className="btn" onClick={() => setOpen({ kind: 'register' })}>
        Register charger…
      </button>
      <button type="button" className="btn danger" title="Remove every offline charger (not simulated ones)" onClick={() => setOpen({ kind: 'remove', ids: [], allOffline: true })}>
        Remove all offline…
      </button>
      {open?.kind === 'register' && <RegisterDialog onClose={() => setOpen(null)} />}
      {open?.kind === 'command' && <BulkCommandDialog ids={open.ids} filter={open.filter} count={open.count} onClose={() => setOpen(null)} />}
      {open?.kind === 'remove' && <RemoveDialog ids={open.ids} allOffline={open.allOffline} onClose={() => setOpen(null)} onDone={onDone} />}
    </>
  );
}
