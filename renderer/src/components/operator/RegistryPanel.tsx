/**
 * A charger's registry entry on its page: notes, expected vendor/model, Basic-auth password, its own boot answer;
 * Accept / Reject when its boot was answered Pending; removing it (with or without its history) when offline.
 */
import { useEffect, useState } from 'react';
import { ApiError, api, call, contracts } from '../../api/client.js';
import { navigate } from '../../router.js';
import type { ChargerDetail } from '../../../../core/api/types.js';
import { ErrorState } from '../States.js';
import { Modal } from './Modal.js';
import { useAction } from './useAction.js';
import './operator.css';

export function RegistryPanel({ charger, reload }: { charger: ChargerDetail; reload: () => Promise<void> }) {
  const reg = charger.registry;
  const [draft, setDraft] = useState({ notes: '', expectedVendor: '', expectedModel: '', bootPolicy: '', password: '' });
  const { busy, msg, error, run: act } = useAction();
  const [removing, setRemoving] = useState(false);
  useEffect(() => {
    setDraft({
      notes: reg?.notes ?? '',
      expectedVendor: reg?.expectedVendor ?? '',
      expectedModel: reg?.expectedModel ?? '',
      bootPolicy: reg?.bootPolicy ?? '',
      password: '',
    });
  }, [reg?.notes, reg?.expectedVendor, reg?.expectedModel, reg?.bootPolicy]);

  const run = (what: () => Promise<string>) =>
    act(async () => {
      const said = await what();
      await reload();
      return said;
    });

  const save = () =>
    run(async () => {
      const body = {
        notes: draft.notes || null,
        expectedVendor: draft.expectedVendor || null,
        expectedModel: draft.expectedModel || null,
        bootPolicy: (draft.bootPolicy || null) as 'Accepted' | 'Pending' | 'Rejected' | null,
        ...(draft.password ? { password: draft.password } : {}),
      };
      if (reg?.registered) await api.updateRegistry(charger.id, body);
      else {
        // a charger first seen on its own becomes registered (the edge then knows it when unknown ones are refused)
        try {
          await api.register({ id: charger.id });
        } catch (err) {
          if (!(err instanceof ApiError && err.status === 409)) throw err;
        }
        await api.updateRegistry(charger.id, body);
      }
      return 'Saved.';
    });

  const decide = (decision: 'Accepted' | 'Rejected') =>
    run(async () => (await call(contracts.registry.decide, { params: { id: charger.id }, body: { decision } })).note);

  const pending = charger.bootStatus === 'Pending' || charger.state === 'Pending';
  return (
    <section className="panel" aria-label="Registry" data-testid="registry-panel">
      <div className="panel-head">
        <h2>Registry</h2>
        <span className="muted small">
          {reg?.registered ? `registered ${reg.registeredAt ? new Date(reg.registeredAt).toLocaleString() : ''}` : 'first seen on its own (not registered)'}
        </span>
      </div>
      {pending && (
        <div className="op-banner" role="alert" data-testid="pending-banner">
          <b>Pending:</b> its BootNotification was answered Pending; decide whether it may join.
          <button type="button" className="btn primary small" disabled={busy} onClick={() => void decide('Accepted')}>
            Accept
          </button>
          <button type="button" className="btn danger small" disabled={busy} onClick={() => void decide('Rejected')}>
            Reject
          </button>
        </div>
      )}
      {reg?.identityMismatch && <div className="op-warn">{reg.identityMismatch}</div>}
      <div className="op-grid" style={{ marginTop: 8 }}>
        <label>
          Expected vendor
          <input value={draft.expectedVendor} maxLength={50} onChange={(e) => setDraft({ ...draft, expectedVendor: e.target.value })} />
        </label>
        <label>
          Expected model
          <input value={draft.expectedModel} maxLength={50} onChange={(e) => setDraft({ ...draft, expectedModel: e.target.value })} />
        </label>
        <label>
          Boot answer
          <select aria-label="Boot answer" value={draft.bootPolicy} onChange={(e) => setDraft({ ...draft, bootPolicy: e.target.value })}>
            <option value="">the bench's boot policy</option>
            <option>Accepted</option>
            <option>Pending</option>
            <option>Rejected</option>
          </select>
        </label>
        <label>
          Basic-auth password {reg?.hasPassword ? '(set)' : ''}
          <input
            type="password"
            autoComplete="new-password"
            value={draft.password}
            maxLength={40}
            placeholder={reg?.hasPassword ? 'unchanged' : 'none'}
            onChange={(e) => setDraft({ ...draft, password: e.target.value })}
          />
        </label>
      </div>
      <label className="field" style={{ marginTop: 8 }}>
        <span className="field-label">Notes</span>
        <textarea aria-label="Notes" rows={2} maxLength={2000} value={draft.notes} onChange={(e) => setDraft({ ...draft, notes: e.target.value })} />
      </label>
      <div className="btn-row">
        <button type="button" className="btn primary" disabled={busy} onClick={() => void save()}>
          {reg?.registered ? 'Save' : 'Register'}
        </button>
        {reg?.hasPassword && (
          <button
            type="button"
            className="btn"
            disabled={busy}
            onClick={() => void run(async () => (await api.updateRegistry(charger.id, { password: null }), 'Password removed.'))}
          >
            Remove password
          </button>
        )}
        <span className="spacer" />
        <button
          type="button"
          className="btn danger"
          disabled={busy || charger.connected || charger.simulated}
          title={charger.connected ? 'Disconnect it first' : undefined}
          onClick={() => setRemoving(true)}
        >
          Remove charger…
        </button>
      </div>
      {msg && (
        <p className="muted" role="status">
          {msg}
        </p>
      )}
      {error && <ErrorState error={error} />}
      {removing && <RemoveDialog ids={[charger.id]} onClose={() => setRemoving(false)} onDone={() => navigate(['chargers'])} />}
    </section>
  );
}

/** Removes offline chargers: keeping their history (they leave the lists) or deleting it too. */
export function RemoveDialog({
  ids,
  allOffline,
  onClose,
  onDone,
}: {
  ids: string[];
  allOffline?: boolean;
  onClose: () => void;
  onDone: (removed: string[]) => void;
}) {
  const [history, setHistory] = useState<'keep' | 'delete'>('keep');
  const { busy, error, run } = useAction();
  const [skipped, setSkipped] = useState<Array<{ id: string; reason: string }>>([]);
  const what = allOffline ? 'every offline charger' : ids.length === 1 ? ids[0] : `${ids.length} chargers`;
  const remove = () =>
    run(async () => {
      const r = await call(contracts.registry.removeMany, { body: allOffline ? { allOffline: true, history } : { ids, history } });
      setSkipped(r.skipped);
      if (r.skipped.length === 0) {
        onDone(r.removed);
        onClose();
      }
    });
  return (
    <Modal title={`Remove ${what}`} onClose={onClose}>
      <p className="hint">
        Only offline chargers are removed; connected ones are skipped. A removed charger that connects again while unknown chargers are accepted comes back.
      </p>
      <div className="form-grid" style={{ marginTop: 8 }}>
        <label htmlFor="rm-keep">Keep history</label>
        <span>
          <input id="rm-keep" type="radio" name="history" checked={history === 'keep'} onChange={() => setHistory('keep')} /> transactions, meter values and
          frames stay (searchable)
        </span>
        <label htmlFor="rm-delete">Delete history</label>
        <span>
          <input id="rm-delete" type="radio" name="history" checked={history === 'delete'} onChange={() => setHistory('delete')} /> its transactions, meter
          values and frames are deleted too
        </span>
      </div>
      {skipped.length > 0 && (
        <div className="op-warn" role="status">
          Not removed: {skipped.map((s) => `${s.id} (${s.reason})`).join('; ')}
        </div>
      )}
      {error && <ErrorState error={error} />}
      <div className="dialog-actions">
        <button type="button" className="btn" onClick={onClose}>
          {skipped.length ? 'Close' : 'Cancel'}
        </button>
        <button type="button" className="btn danger" disabled={busy} onClick={() => void remove()}>
          {busy ? 'Removing…' : history === 'delete' ? 'Remove and delete history' : 'Remove'}
        </button>
      </div>
    </Modal>
  );
}
