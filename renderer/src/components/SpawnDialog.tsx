import { useEffect, useRef, useState } from 'react';
import { api } from '../api/client.js';
import { PROTOCOL_LABELS, PROTOCOL_VERSIONS, type ProtocolVersion } from '../../../core/ocpp/protocol.js';
import { useLoad } from '../hooks.js';
import { ErrorState, Loading } from './States.js';

/** Spawn simulated chargers from a profile: count, ramp rate, id prefix, auto-sessions. Progress shows in SpawnProgress. */
export function SpawnDialog({ onClose }: { onClose: () => void }) {
  const profiles = useLoad(() => api.profiles(), []);
  const settings = useLoad(() => api.settings(), []);
  const [count, setCount] = useState(10);
  const [profile, setProfile] = useState('');
  const [ocpp, setOcpp] = useState<ProtocolVersion>('ocpp1.6');
  const [ramp, setRamp] = useState(50);
  const [prefix, setPrefix] = useState('SIM-');
  const [autoSessions, setAutoSessions] = useState(false);
  const [meterInterval, setMeterInterval] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const dialogRef = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    const d = dialogRef.current;
    if (d && !d.open) d.showModal();
  }, []);
  const offered = profiles.data?.filter((p) => (p.protocols ?? ['ocpp1.6']).includes(ocpp));
  useEffect(() => {
    if ((!profile || !offered?.some((p) => p.name === profile)) && offered?.[0]) setProfile(offered[0].name);
  }, [offered, profile]);

  const chosen = offered?.find((p) => p.name === profile);

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api.spawn({
        count,
        profile,
        ocpp,
        rampPerSec: ramp,
        idPrefix: prefix,
        autoSessions,
        ...(meterInterval ? { meterIntervalS: Number(meterInterval) } : {}),
      });
      onClose();
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <dialog ref={dialogRef} className="dialog" aria-labelledby="spawn-title" onClose={onClose} onCancel={onClose}>
      <form onSubmit={(e) => void submit(e)}>
        <h2 id="spawn-title">Spawn simulated chargers</h2>
        {profiles.loading && <Loading what="profiles" />}
        {profiles.error && <ErrorState error={profiles.error} retry={profiles.reload} />}
        <div className="form-grid">
          <label htmlFor="spawn-count">Count</label>
          <input id="spawn-count" type="number" min={1} max={20000} required value={count} onChange={(e) => setCount(Number(e.target.value))} />
          <label htmlFor="spawn-ocpp">OCPP version</label>
          <select id="spawn-ocpp" value={ocpp} onChange={(e) => setOcpp(e.target.value as ProtocolVersion)}>
            {PROTOCOL_VERSIONS.map((v) => (
              <option key={v} value={v}>
                {PROTOCOL_LABELS[v]}
              </option>
            ))}
          </select>
          <label htmlFor="spawn-profile">Profile</label>
          <select id="spawn-profile" value={profile} onChange={(e) => setProfile(e.target.value)} required>
            {offered?.map((p) => (
              <option key={p.name} value={p.name}>
                {p.name} — {p.vendor} {p.model}
              </option>
            ))}
          </select>
          {chosen && (
            <>
              <span />
              <p className="hint">
                {chosen.description} · {chosen.connectors} {ocpp === 'ocpp2.0.1' ? 'EVSE' : 'connector'}
                {chosen.connectors === 1 ? '' : 's'}
                {chosen.maxPowerW ? ` · ${(chosen.maxPowerW / 1000).toFixed(0)} kW` : ''}
                {chosen.quirks.length > 0 ? ` · quirks: ${chosen.quirks.join(', ')}` : ''}
              </p>
            </>
          )}
          <label htmlFor="spawn-ramp">Ramp (chargers/s)</label>
          <input id="spawn-ramp" type="number" min={0.1} max={10000} step="any" required value={ramp} onChange={(e) => setRamp(Number(e.target.value))} />
          <label htmlFor="spawn-prefix">Id prefix</label>
          <input id="spawn-prefix" type="text" maxLength={40} pattern="[A-Za-z0-9._:\-#@*+]*" value={prefix} onChange={(e) => setPrefix(e.target.value)} />
          <label htmlFor="spawn-meter">Meter interval (s)</label>
          <input
            id="spawn-meter"
            type="number"
            min={1}
            max={86400}
            placeholder="profile default"
            value={meterInterval}
            onChange={(e) => setMeterInterval(e.target.value)}
          />
          <label htmlFor="spawn-auto">Auto sessions</label>
          <span>
            <input id="spawn-auto" type="checkbox" checked={autoSessions} onChange={(e) => setAutoSessions(e.target.checked)} /> EVs arrive, charge and leave on
            their own
          </span>
        </div>
        {settings.data?.['edge.unknownChargers'] === 'refuse' && (
          <p className="hint" role="note" data-testid="spawn-registers">
            Unknown chargers are refused (Settings): these {count} chargers are added to the registry first, so they can connect.
          </p>
        )}
        {error && <ErrorState error={error} />}
        <div className="dialog-actions">
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="btn primary" disabled={busy || !profile}>
            {busy ? 'Starting…' : `Spawn ${count}`}
          </button>
        </div>
      </form>
    </dialog>
  );
}
