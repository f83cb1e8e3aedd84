/** Adds a charge point to the registry: id, Basic-auth password, notes, expected vendor/model, boot answer. */
import { useState } from 'react';
import { api } from '../../api/client.js';
import { chargePointIdProblem } from '../../../../core/ocpp/chargePointId.js';
import { ErrorState } from '../States.js';
import { Modal } from './Modal.js';
import { useAction } from './useAction.js';

export function RegisterDialog({ initialId = '', onClose }: { initialId?: string; onClose: () => void }) {
  const [f, setF] = useState({ id: initialId, password: '', notes: '', expectedVendor: '', expectedModel: '', bootPolicy: '' });
  const { busy, error, run } = useAction();
  const idProblem = f.id ? chargePointIdProblem(f.id) : 'Enter the charge point id';
  function submit(e: React.FormEvent) {
    e.preventDefault();
    void run(async () => {
      await api.register({
        id: f.id,
        ...(f.password ? { password: f.password } : {}),
        ...(f.notes ? { notes: f.notes } : {}),
        ...(f.expectedVendor ? { expectedVendor: f.expectedVendor } : {}),
        ...(f.expectedModel ? { expectedModel: f.expectedModel } : {}),
        ...(f.bootPolicy ? { bootPolicy: f.bootPolicy as 'Accepted' | 'Pending' | 'Rejected' } : {}),
      });
      onClose();
    });
  }
  const field = (k: keyof typeof f) => ({ value: f[k], onChange: (e: { target: { value: string } }) => setF({ ...f, [k]: e.target.value }) });
  return (
    <Modal title="Register a charger" onClose={onClose}>
      <form onSubmit={submit}>
        <div className="form-grid">
          <label htmlFor="reg-id">Charge point id</label>
          <input id="reg-id" maxLength={48} required aria-invalid={f.id !== '' && idProblem !== null} {...field('id')} />
          {f.id && idProblem && (
            <>
              <span />
              <span className="field-error">{idProblem}</span>
            </>
          )}
          <label htmlFor="reg-password">Basic-auth password</label>
          <input id="reg-password" type="password" autoComplete="new-password" maxLength={40} placeholder="none (security profile 0)" {...field('password')} />
          <label htmlFor="reg-vendor">Expected vendor</label>
          <input id="reg-vendor" maxLength={50} {...field('expectedVendor')} />
          <label htmlFor="reg-model">Expected model</label>
          <input id="reg-model" maxLength={50} {...field('expectedModel')} />
          <label htmlFor="reg-boot">Boot answer</label>
          <select id="reg-boot" {...field('bootPolicy')}>
            <option value="">the bench's boot policy</option>
            <option>Accepted</option>
            <option>Pending</option>
            <option>Rejected</option>
          </select>
          <label htmlFor="reg-notes">Notes</label>
          <textarea id="reg-notes" rows={2} maxLength={2000} {...field('notes')} />
        </div>
        <p className="hint" style={{ marginTop: 8 }}>
          A registered charger may connect when unknown chargers are refused; with a password it must authenticate with HTTP Basic auth (user = its id).
        </p>
        {error && <ErrorState error={error} />}
        <div className="dialog-actions">
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="btn primary" disabled={busy || idProblem !== null}>
            {busy ? 'Registering…' : 'Register'}
          </button>
        </div>
      </form>
    </Modal>
  );
}
