/** The library of saved charging profiles: write one (checked against the OCA schema), save, delete, send it to a charger. */
import { useState } from 'react';
import { call, contracts } from '../api/client.js';
import { useLoad } from '../hooks.js';
import { ErrorState, Loading, formatSince } from '../components/States.js';
import { EXAMPLE_PROFILE, profileProblem } from '../components/operator/ChargingProfilesPanel.js';
import { useAction } from '../components/operator/useAction.js';
import type { ScreenProps } from './registry.js';
import '../components/operator/operator.css';

export function ChargingProfiles(_props: ScreenProps) {
  const library = useLoad(() => call(contracts.chargingProfiles.library), []);
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [text, setText] = useState(JSON.stringify(EXAMPLE_PROFILE, null, 2));
  const [target, setTarget] = useState({ chargePointId: '', connectorId: 1 });
  const { msg, error, run: act } = useAction();
  const problem = profileProblem(text);
  const run = (fn: () => Promise<string>) =>
    act(async () => {
      const said = await fn();
      await library.reload();
      return said;
    });
  const save = () =>
    run(
      async () => (
        await call(contracts.chargingProfiles.save, { params: { name }, body: { description, profile: JSON.parse(text) as Record<string, unknown> } }),
        `Saved "${name}".`
      ),
    );
  const send = (profile: string) =>
    run(async () => {
      const r = await call(contracts.chargingProfiles.send, {
        params: { id: target.chargePointId },
        body: { connectorId: target.connectorId, library: profile },
      });
      return `"${profile}" to ${target.chargePointId} connector ${target.connectorId}: ${r.result.ok ? String((r.result.response as { status?: string }).status) : r.result.error?.code}`;
    });

  return (
    <div className="screen">
      <header className="screen-head">
        <h1>Charging profiles</h1>
        <span className="muted">Saved profiles to send to chargers (SetChargingProfile)</span>
      </header>
      <div className="detail-grid">
        <section className="panel" aria-label="Edit a profile">
          <h2>Save a profile</h2>
          <div className="op-grid">
            <label>
              Name
              <input aria-label="Profile name" value={name} maxLength={60} onChange={(e) => setName(e.target.value)} />
            </label>
            <label>
              Description
              <input aria-label="Profile description" value={description} maxLength={500} onChange={(e) => setDescription(e.target.value)} />
            </label>
          </div>
          <textarea
            aria-label="Profile JSON"
            className="mono"
            spellCheck={false}
            style={{ width: '100%', minHeight: 220, marginTop: 8 }}
            value={text}
            onChange={(e) => setText(e.target.value)}
          />
          {problem && <div className="op-block">{problem}</div>}
          <div className="btn-row">
            <button type="button" className="btn primary" disabled={!name || problem !== null} onClick={() => void save()}>
              Save to library
            </button>
          </div>
        </section>
        <section className="panel" aria-label="Saved profiles">
          <div className="panel-head">
            <h2>Saved profiles</h2>
            <span className="row" style={{ margin: 0 }}>
              <input
                aria-label="Send to charger"
                placeholder="charger id"
                value={target.chargePointId}
                onChange={(e) => setTarget({ ...target, chargePointId: e.target.value.trim() })}
                className="w-m"
              />
              <input
                aria-label="Send to connector"
                type="number"
                min={0}
                value={target.connectorId}
                onChange={(e) => setTarget({ ...target, connectorId: Number(e.target.value) })}
                className="w-s"
              />
            </span>
          </div>
          {library.loading && !library.data && <Loading what="saved profiles" />}
          <table className="op-table" data-testid="profile-library">
            <thead>
              <tr>
                <th>Name</th>
                <th>Profile</th>
                <th>Saved</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {(library.data ?? []).length === 0 && (
                <tr>
                  <td colSpan={4} className="muted">
                    No saved profile yet.
                  </td>
                </tr>
              )}
              {(library.data ?? []).map((p) => {
                const pr = p.profile as {
                  chargingProfilePurpose?: string;
                  chargingProfileId?: number;
                  chargingSchedule?: { chargingRateUnit?: string; chargingSchedulePeriod?: Array<{ limit: number }> };
                };
                return (
                  <tr key={p.name} data-testid={`saved-${p.name}`}>
                    <td>
                      <b>{p.name}</b>
                      {p.description && <div className="muted small">{p.description}</div>}
                    </td>
                    <td className="small">
                      #{pr.chargingProfileId} {pr.chargingProfilePurpose}, {pr.chargingSchedule?.chargingSchedulePeriod?.[0]?.limit}{' '}
                      {pr.chargingSchedule?.chargingRateUnit}
                    </td>
                    <td className="mono small">{formatSince(p.updatedAt)}</td>
                    <td className="btn-row" style={{ margin: 0 }}>
                      <button
                        type="button"
                        className="btn small"
                        onClick={() => {
                          setName(p.name);
                          setDescription(p.description);
                          setText(JSON.stringify(p.profile, null, 2));
                        }}
                      >
                        Edit
                      </button>
                      <button type="button" className="btn small" disabled={!target.chargePointId} onClick={() => void send(p.name)}>
                        Send
                      </button>
                      <button
                        type="button"
                        className="btn small danger"
                        onClick={() =>
                          void run(async () => (await call(contracts.chargingProfiles.remove, { params: { name: p.name } }), `Deleted "${p.name}".`))
                        }
                      >
                        Delete
                      </button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          {msg && (
            <p className="muted" role="status" data-testid="library-msg">
              {msg}
            </p>
          )}
          {error && <ErrorState error={error} />}
        </section>
      </div>
    </div>
  );
}
