/**
 * A charger's configuration as an editable table: read it (GetConfiguration), change a value (ChangeConfiguration,
 * read-only keys not editable), the charger's answer per key.
 */
import { useState } from 'react';
import { call, contracts } from '../../api/client.js';
import { useLoad } from '../../hooks.js';
import type { ChargerDetail, ConfigKeyView } from '../../../../core/api/types.js';
import { ErrorState, formatTime } from '../States.js';
import { AnswerBadge } from './badges.js';
import { useChargerChanges } from './useChargerChanges.js';
import './operator.css';

export function ConfigurationPanel({ charger }: { charger: ChargerDetail }) {
  const table = useLoad(() => call(contracts.configuration.get, { params: { id: charger.id } }), [charger.id]);
  useChargerChanges(charger.id, table.reload, 2000);
  const [edits, setEdits] = useState<Record<string, string>>({});
  const [filter, setFilter] = useState('');
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function read() {
    setBusy('read');
    setError(null);
    try {
      const r = await call(contracts.configuration.read, { params: { id: charger.id }, body: {} });
      if (!r.result.ok) setError(`GetConfiguration failed: ${r.result.error?.code} ${r.result.error?.description ?? ''}`);
      table.setData(r.configuration);
      setEdits({});
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(null);
    }
  }

  async function change(k: ConfigKeyView) {
    const value = edits[k.key];
    if (value === undefined) return;
    setBusy(k.key);
    setError(null);
    try {
      await call(contracts.configuration.change, { params: { id: charger.id, key: k.key }, body: { value } });
      setEdits(({ [k.key]: _done, ...rest }) => rest);
      await table.reload();
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(null);
    }
  }

  const data = table.data;
  const rows = (data?.keys ?? []).filter((k) => !filter || k.key.toLowerCase().includes(filter.toLowerCase()));
  return (
    <section className="panel span2" aria-label="Configuration" data-testid="configuration-panel">
      <div className="panel-head">
        <h2>Configuration</h2>
        <span className="row" style={{ margin: 0 }}>
          <span className="muted small">{data?.readAt ? `read ${formatTime(data.readAt)}` : 'not read yet'}</span>
          <input type="search" aria-label="Filter keys" placeholder="Filter keys" value={filter} onChange={(e) => setFilter(e.target.value)} />
          <button type="button" className="btn" disabled={busy !== null || !charger.connected} onClick={() => void read()}>
            {busy === 'read' ? 'Reading…' : 'Read configuration'}
          </button>
        </span>
      </div>
      {error && <ErrorState error={error} />}
      {data && data.unknownKeys.length > 0 && <p className="muted small">Keys the charger does not know: {data.unknownKeys.join(', ')}</p>}
      <div className="op-scroll">
        <table className="op-table" data-testid="configuration-table">
          <thead>
            <tr>
              <th>Key</th>
              <th style={{ width: '38%' }}>Value</th>
              <th />
              <th>Last change</th>
            </tr>
          </thead>
          <tbody>
            {rows.length === 0 && (
              <tr>
                <td colSpan={4} className="muted">
                  {data?.readAt ? 'No key matches.' : 'Press "Read configuration" to ask the charger (GetConfiguration).'}
                </td>
              </tr>
            )}
            {rows.map((k) => {
              const edited = edits[k.key];
              return (
                <tr key={k.key} data-testid={`config-${k.key}`}>
                  <td className="mono">{k.key}</td>
                  <td>
                    {k.readonly ? (
                      <span className="mono">
                        {k.value ?? '—'} <span className="tag">read-only</span>
                      </span>
                    ) : (
                      <input
                        aria-label={`Value of ${k.key}`}
                        className="mono"
                        value={edited ?? k.value ?? ''}
                        maxLength={500}
                        onChange={(e) => setEdits({ ...edits, [k.key]: e.target.value })}
                        onKeyDown={(e) => {
                          if (e.key === 'Enter') void change(k);
                        }}
                      />
                    )}
                  </td>
                  <td>
                    {!k.readonly && (
                      <button
                        type="button"
                        className="btn small"
                        disabled={edited === undefined || edited === (k.value ?? '') || busy !== null}
                        onClick={() => void change(k)}
                      >
                        {busy === k.key ? 'Sending…' : 'Save'}
                      </button>
                    )}
                  </td>
                  <td title={k.lastChange ? `sent "${k.lastChange.value}" at ${k.lastChange.at}` : undefined}>
                    {k.lastChange ? (
                      <>
                        <AnswerBadge value={k.lastChange.status} testId="config-answer" /> <span className="muted small">{formatTime(k.lastChange.at)}</span>
                      </>
                    ) : (
                      <span className="muted">—</span>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}
