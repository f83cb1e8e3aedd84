/** Connections the edge refused lately, with the reason; an unknown id can be registered from here. */
import { useEffect, useState } from 'react';
import { api, call, contracts } from '../../api/client.js';
import type { Refusal } from '../../../../core/api/types.js';
import { formatTime } from '../States.js';
import './operator.css';

export function RefusedConnections() {
  const [rows, setRows] = useState<Refusal[]>([]);
  const [open, setOpen] = useState(true);
  const [msg, setMsg] = useState<string | null>(null);
  useEffect(() => {
    let alive = true;
    const load = () =>
      call(contracts.registry.refusals).then(
        (r) => alive && setRows(r),
        () => undefined,
      );
    void load();
    const t = setInterval(load, 3000);
    return () => {
      alive = false;
      clearInterval(t);
    };
  }, []);
  if (rows.length === 0) return null;
  async function register(id: string) {
    setMsg(null);
    try {
      await api.register({ id });
      setRows((rs) => rs.filter((r) => r.chargePointId !== id));
      setMsg(`${id} registered: it gets in at its next connection attempt.`);
    } catch (err) {
      setMsg((err as Error).message);
    }
  }
  return (
    <section className="panel" aria-label="Refused connections" data-testid="refusals">
      <div className="panel-head">
        <h2>
          Refused connections <span className="badge red">{rows.reduce((n, r) => n + r.count, 0)}</span>
        </h2>
        <button type="button" className="btn small ghost" aria-expanded={open} onClick={() => setOpen(!open)}>
          {open ? 'Hide' : 'Show'}
        </button>
      </div>
      {open && (
        <div className="op-scroll" style={{ maxHeight: 200 }}>
          <table className="op-table">
            <thead>
              <tr>
                <th>Charger</th>
                <th>Why</th>
                <th className="num">Times</th>
                <th>Last</th>
                <th>From</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={`${r.chargePointId ?? r.path}-${r.status}`} data-testid={`refusal-${r.chargePointId ?? 'path'}`}>
                  <td className="mono">{r.chargePointId ?? r.path}</td>
                  <td>
                    <span className="badge red">{r.status}</span> {r.reason}
                  </td>
                  <td className="num">{r.count}</td>
                  <td className="mono">{formatTime(r.at)}</td>
                  <td className="mono">{r.remoteAddress}</td>
                  <td>
                    {r.canRegister && r.chargePointId && (
                      <button type="button" className="btn small" onClick={() => void register(r.chargePointId as string)}>
                        Register
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {msg && (
        <p className="muted" role="status">
          {msg}
        </p>
      )}
    </section>
  );
}
