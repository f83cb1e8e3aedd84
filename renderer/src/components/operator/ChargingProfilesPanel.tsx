/**
 * A charger's charging profiles on its page: send a saved profile from the library (or one written here), see
 * what was sent per connector with the charger's answer and which are installed, clear one.
 */
import { useState } from 'react';
import { call, contracts } from '../../api/client.js';
import { useLoad } from '../../hooks.js';
import { href } from '../../router.js';
import { validateCommand } from '../../ocpp/schemaValidate.js';
import type { ChargerDetail, CommandResult } from '../../../../core/api/types.js';
import { ErrorState, formatTime } from '../States.js';
import { AnswerBadge } from './badges.js';
import { parsePayload } from './PayloadEditor.js';
import { useAction } from './useAction.js';
import { useChargerChanges } from './useChargerChanges.js';
import './operator.css';

export const EXAMPLE_PROFILE = {
  chargingProfileId: 1,
  stackLevel: 0,
  chargingProfilePurpose: 'TxDefaultProfile',
  chargingProfileKind: 'Relative',
  chargingSchedule: { chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 0, limit: 16 }] },
};

/** Why a profile text cannot be used (not JSON, or fails the schema), or null. */
export function profileProblem(text: string): string | null {
  const parsed = parsePayload(text);
  if ('problem' in parsed) return parsed.problem;
  // checked as the SetChargingProfile it goes out in (the backend's validation), errors named within the profile
  const errs = validateCommand('ocpp1.6', 'SetChargingProfile', { connectorId: 0, csChargingProfiles: parsed.payload })
    .filter((e) => e.path.startsWith('/csChargingProfiles'))
    .map((e) => ({ ...e, path: e.path.slice('/csChargingProfiles'.length) || '(payload)' }));
  return errs.length ? `Not a valid csChargingProfiles: ${errs.map((e) => `${e.path} ${e.message}`).join('; ')}` : null;
}

function answer(r: CommandResult): string {
  return r.ok ? String((r.response as { status?: string } | undefined)?.status) : (r.error?.code ?? 'failed');
}

export function ChargingProfilesPanel({ charger }: { charger: ChargerDetail }) {
  const records = useLoad(() => call(contracts.chargingProfiles.list, { params: { id: charger.id } }), [charger.id]);
  const library = useLoad(() => call(contracts.chargingProfiles.library), []);
  useChargerChanges(charger.id, records.reload);
  const connectors = [...new Set([0, ...charger.connectors.map((c) => c.connectorId)])].sort((a, b) => a - b);
  const [source, setSource] = useState('');
  const [text, setText] = useState(JSON.stringify(EXAMPLE_PROFILE, null, 2));
  const [connectorId, setConnectorId] = useState(connectors.includes(1) ? 1 : 0);
  const { busy, msg, error, run: act } = useAction();
  const custom = source === '';
  const problem = custom ? profileProblem(text) : null;

  const run = (fn: () => Promise<string>) =>
    act(async () => {
      const said = await fn();
      await records.reload();
      return said;
    });
  const send = () =>
    run(async () => {
      const body = custom ? { connectorId, profile: JSON.parse(text) as Record<string, unknown> } : { connectorId, library: source };
      const r = await call(contracts.chargingProfiles.send, { params: { id: charger.id }, body });
      return `SetChargingProfile: ${answer(r.result)}`;
    });
  const clear = (id: number) =>
    run(async () => `ClearChargingProfile: ${answer((await call(contracts.chargingProfiles.clear, { params: { id: charger.id }, body: { id } })).result)}`);

  return (
    <section className="panel" aria-label="Charging profiles" data-testid="profiles-panel">
      <div className="panel-head">
        <h2>Charging profiles</h2>
        <a href={href(['profiles'])} className="small">
          Saved profiles library
        </a>
      </div>
      <div className="op-grid">
        <label>
          Profile
          <select aria-label="Profile to send" value={source} onChange={(e) => setSource(e.target.value)}>
            <option value="">written here (JSON)</option>
            {(library.data ?? []).map((p) => (
              <option key={p.name} value={p.name}>
                {p.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Connector
          <select aria-label="Profile connector" value={connectorId} onChange={(e) => setConnectorId(Number(e.target.value))}>
            {connectors.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        </label>
        <button type="button" className="btn primary" disabled={busy || problem !== null} onClick={() => void send()}>
          Send profile
        </button>
      </div>
      {custom && (
        <>
          <textarea
            aria-label="Charging profile JSON"
            className="mono"
            spellCheck={false}
            style={{ width: '100%', minHeight: 120, marginTop: 8 }}
            value={text}
            onChange={(e) => setText(e.target.value)}
          />
          {problem && <div className="op-block">{problem}</div>}
        </>
      )}
      {msg && (
        <p className="muted" role="status" data-testid="profile-msg">
          {msg}
        </p>
      )}
      {error && <ErrorState error={error} />}
      <div className="op-scroll" style={{ marginTop: 8 }}>
        <table className="op-table" data-testid="profile-records">
          <thead>
            <tr>
              <th>Sent</th>
              <th>Conn.</th>
              <th>Profile</th>
              <th>Purpose / stack</th>
              <th>Answer</th>
              <th>Installed</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {(records.data ?? []).length === 0 && (
              <tr>
                <td colSpan={7} className="muted">
                  No charging profile sent to this charger yet.
                </td>
              </tr>
            )}
            {(records.data ?? []).map((r) => (
              <tr key={r.id}>
                <td className="mono">{formatTime(r.sentAt)}</td>
                <td>{r.connectorId}</td>
                <td className="mono" title={JSON.stringify(r.profile)}>
                  #{r.chargingProfileId}
                  {r.libraryName ? ` (${r.libraryName})` : ''}
                </td>
                <td>
                  {r.purpose} / {r.stackLevel}
                </td>
                <td>
                  <AnswerBadge value={r.status} />
                </td>
                <td title={r.endedBy ?? undefined}>
                  {r.installed ? <span className="ok-text">installed</span> : <span className="muted">{r.endedBy ?? 'no'}</span>}
                </td>
                <td>
                  {r.installed && (
                    <button type="button" className="btn small" disabled={busy} onClick={() => void clear(r.chargingProfileId)}>
                      Clear
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
