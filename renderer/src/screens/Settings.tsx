import { Fragment, useEffect, useState } from 'react';
import { api } from '../api/client.js';
import { useLoad } from '../hooks.js';
import { useLeaveGuard } from '../router.js';
import { CopyButton } from '../components/Copy.js';
import { BrokerPanel } from '../components/BrokerPanel.js';
import { OpenDataFolderButton } from '../components/OpenDataFolder.js';
import { ErrorState, Loading } from '../components/States.js';
import type { IdTagView, SettingsView } from '../../../core/api/types.js';
import { SETTING_DEFS, type SettingDef } from '../../../core/api/contracts/settings.js';
import { AuthorizationStatusValues } from '../../../core/ocpp/v16/types.generated.js';

/** The central system's fields: every setting of the one settings schema, in its order, with its label and help. */
const FIELDS: readonly SettingDef[] = SETTING_DEFS;

export function Settings() {
  const settings = useLoad(() => api.settings(), []);
  const transport = useLoad(() => api.transport(), [], 5000);
  const [draft, setDraft] = useState<Record<string, unknown>>({});
  const [saved, setSaved] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => setDraft({}), [settings.data]);
  useLeaveGuard(Object.keys(draft).length > 0 ? 'Settings has unsaved changes. Leave without saving them?' : null);

  if (settings.loading && !settings.data) return <Loading what="settings" />;
  if (settings.error && !settings.data) return <ErrorState error={settings.error} retry={settings.reload} />;
  const s = settings.data as SettingsView;
  const byName = s as Record<string, unknown>;
  const value = (k: string) => (k in draft ? draft[k] : byName[k]);
  const known = FIELDS.filter((f) => byName[f.name] !== undefined);
  const problems = Object.fromEntries(known.map((f) => [f.name, fieldProblem(f, value(f.name))]).filter(([, p]) => p !== null)) as Record<string, string>;

  async function save(e: React.FormEvent) {
    e.preventDefault();
    setError(null);
    setSaved(null);
    try {
      settings.setData(await api.updateSettings(draft));
      setSaved('Saved. New values apply to the next messages.');
    } catch (err) {
      setError((err as Error).message);
    }
  }

  const t = transport.data;
  return (
    <div className="screen">
      <header className="screen-head">
        <h1>Settings</h1>
      </header>
      <div className="detail-grid">
        <form className="panel" onSubmit={(e) => void save(e)} aria-label="Backend settings">
          <h2>Central system</h2>
          <div className="form-grid">
            {known.map((f) => (
              <FieldRow
                key={f.name}
                def={f}
                value={value(f.name)}
                problem={problems[f.name] ?? null}
                onChange={(v) => setDraft((d) => ({ ...d, [f.name]: v }))}
              />
            ))}
          </div>
          {error && <ErrorState error={error} />}
          <div className="row">
            <button className="btn primary" type="submit" disabled={Object.keys(draft).length === 0 || Object.keys(problems).length > 0}>
              Save changes
            </button>
            <button className="btn" type="button" disabled={Object.keys(draft).length === 0} onClick={() => setDraft({})}>
              Discard
            </button>
            {saved && (
              <span className="ok-text" role="status">
                {saved}
              </span>
            )}
            {Object.keys(draft).length > 0 && (
              <span className="muted" data-testid="unsaved">
                Unsaved changes
              </span>
            )}
          </div>
        </form>
        <section className="panel" aria-label="Transport">
          <h2>Transport</h2>
          {transport.error && <ErrorState error={transport.error} retry={transport.reload} />}
          {t && (
            <dl className="kv">
              <dt>Mode</dt>
              <dd>{t.kind === 'amqp' ? 'RabbitMQ' : 'Embedded (in-process)'}</dd>
              <dt>Status</dt>
              <dd>
                {t.connected ? <span className="ok-text">connected</span> : <span className="bad-text">disconnected</span>}{' '}
                {t.detail && <span className="muted">{t.detail}</span>}
              </dd>
              {t.url && (
                <>
                  <dt>Broker</dt>
                  <dd className="mono">{t.url}</dd>
                </>
              )}
              {t.queueDepth !== null && (
                <>
                  <dt>Queue depth</dt>
                  <dd className="mono">{t.queueDepth}</dd>
                </>
              )}
              <dt>OCPP URL</dt>
              <dd className="mono">
                {t.ocppUrl} <CopyButton text={t.ocppUrl} />
              </dd>
              {t.lanOcppUrls.map((u) => (
                <Fragment key={u}>
                  <dt>On the LAN</dt>
                  <dd className="mono">
                    {u} <CopyButton text={u} />
                  </dd>
                </Fragment>
              ))}
              <dt>Data folder</dt>
              <dd className="mono">
                {s.dataDir} <CopyButton text={s.dataDir} /> <OpenDataFolderButton />
              </dd>
            </dl>
          )}
          <p className="muted small">
            To use RabbitMQ, start the bench with <code>--amqp amqp://user:pass@host:5672</code> (or <code>AMQP_URL</code>), or start a broker with{' '}
            <code>chargebench broker start</code>.
          </p>
        </section>
        <BrokerPanel transportKind={t?.kind} />
        <IdTags />
      </div>
    </div>
  );
}

/** A number outside its range, named with the limits (the server says the same, this says it before saving). */
export function fieldProblem(def: SettingDef, value: unknown): string | null {
  if (def.kind !== 'integer') return null;
  const n = typeof value === 'number' ? value : Number.NaN;
  const range = `${(def.minimum ?? 0).toLocaleString('en')} to ${(def.maximum ?? Number.MAX_SAFE_INTEGER).toLocaleString('en')}`;
  if (!Number.isInteger(n) || (def.minimum !== undefined && n < def.minimum) || (def.maximum !== undefined && n > def.maximum))
    return `${def.field.label} must be a whole number from ${range}${Number.isNaN(n) ? '' : `, got ${n.toLocaleString('en')}`}.`;
  return null;
}

function FieldRow({ def, value, problem, onChange }: { def: SettingDef; value: unknown; problem: string | null; onChange: (v: unknown) => void }) {
  const id = `set-${def.name}`;
  let control;
  if (def.kind === 'enum') {
    control = (
      <select id={id} value={String(value ?? '')} onChange={(e) => onChange(e.target.value)}>
        {def.options?.map((o) => (
          <option key={o}>{o}</option>
        ))}
      </select>
    );
  } else if (def.kind === 'boolean') {
    control = <input id={id} type="checkbox" checked={value === true} onChange={(e) => onChange(e.target.checked)} />;
  } else if (def.kind === 'integer') {
    control = (
      <input
        id={id}
        type="number"
        min={def.minimum}
        max={def.maximum}
        step={1}
        aria-invalid={problem ? true : undefined}
        aria-describedby={problem ? `${id}-err` : undefined}
        value={value === undefined || value === null || Number.isNaN(value) ? '' : String(value)}
        onChange={(e) => onChange(e.target.value === '' ? Number.NaN : Number(e.target.value))}
      />
    );
  } else {
    control = <input id={id} type="text" value={String(value ?? '')} onChange={(e) => onChange(e.target.value)} />;
  }
  return (
    <>
      <label htmlFor={id} title={def.field.help}>
        {def.field.label}
      </label>
      <span className="field-with-help">
        {control}
        {problem && (
          <span className="field-error" id={`${id}-err`} role="alert">
            {problem}
          </span>
        )}
        <span className="muted small">{def.field.help}</span>
      </span>
    </>
  );
}

function IdTags() {
  const tags = useLoad(() => api.idTags(), []);
  const [draft, setDraft] = useState<IdTagView>({ idTag: '', status: 'Accepted', expiryDate: null, parentIdTag: null });
  const [error, setError] = useState<string | null>(null);
  async function add(e: React.FormEvent) {
    e.preventDefault();
    setError(null);
    try {
      await api.putIdTag(draft);
      setDraft({ idTag: '', status: 'Accepted', expiryDate: null, parentIdTag: null });
      await tags.reload();
    } catch (err) {
      setError((err as Error).message);
    }
  }
  return (
    <section className="panel span2" aria-label="Id tags">
      <h2>Id tags</h2>
      {tags.error && <ErrorState error={tags.error} retry={tags.reload} />}
      <form className="toolbar" onSubmit={(e) => void add(e)}>
        <input
          aria-label="New id tag"
          placeholder="Id tag"
          maxLength={20}
          required
          value={draft.idTag}
          onChange={(e) => setDraft({ ...draft, idTag: e.target.value })}
        />
        <select aria-label="Status" value={draft.status} onChange={(e) => setDraft({ ...draft, status: e.target.value })}>
          {AuthorizationStatusValues.map((s) => (
            <option key={s}>{s}</option>
          ))}
        </select>
        <input
          aria-label="Parent id tag"
          placeholder="Parent (optional)"
          maxLength={20}
          value={draft.parentIdTag ?? ''}
          onChange={(e) => setDraft({ ...draft, parentIdTag: e.target.value || null })}
        />
        <input
          aria-label="Expiry"
          type="datetime-local"
          value={draft.expiryDate ? draft.expiryDate.slice(0, 16) : ''}
          onChange={(e) => setDraft({ ...draft, expiryDate: e.target.value ? new Date(e.target.value).toISOString() : null })}
        />
        <button className="btn primary" type="submit">
          Add / update
        </button>
      </form>
      {error && <ErrorState error={error} />}
      {tags.data && tags.data.length === 0 ? (
        <p className="muted">No id tags. Unknown tags are {`handled by the "Accept unknown id tags" setting`}.</p>
      ) : (
        <table className="simple">
          <thead>
            <tr>
              <th>Id tag</th>
              <th>Status</th>
              <th>Expiry</th>
              <th>Parent</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {tags.data?.map((t) => (
              <tr key={t.idTag}>
                <td className="mono">{t.idTag}</td>
                <td>{t.status}</td>
                <td className="mono">{t.expiryDate ?? '—'}</td>
                <td className="mono">{t.parentIdTag ?? '—'}</td>
                <td>
                  <button className="btn small ghost" onClick={() => void api.deleteIdTag(t.idTag).then(tags.reload, (err: Error) => setError(err.message))}>
                    Remove
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
