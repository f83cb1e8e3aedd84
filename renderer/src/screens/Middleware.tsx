import { useState } from 'react';
import { api } from '../api/client.js';
import { useLoad } from '../hooks.js';
import { Empty, ErrorState, Loading } from '../components/States.js';
import type { MiddlewareChainView } from '../../../core/api/types.js';

/** Each action's middleware chain in order: switch on/off, move up/down; changes apply at once and persist. */
export function Middleware() {
  const chains = useLoad(() => api.middleware(), []);
  const [error, setError] = useState<string | null>(null);

  async function save(chain: MiddlewareChainView, items: MiddlewareChainView['items']) {
    setError(null);
    const before = chains.data;
    chains.setData((cs) => cs?.map((c) => (c.action === chain.action ? { ...c, items } : c)) ?? cs);
    try {
      const updated = await api.setMiddleware(
        chain.action,
        items.map((i) => ({ name: i.name, enabled: i.enabled })),
      );
      chains.setData((cs) => cs?.map((c) => (c.action === chain.action ? updated : c)) ?? cs);
    } catch (err) {
      chains.setData(before);
      setError((err as Error).message);
    }
  }

  async function reset(action?: string) {
    setError(null);
    try {
      chains.setData(await api.resetMiddleware(action));
    } catch (err) {
      setError((err as Error).message);
    }
  }

  return (
    <div className="screen">
      <header className="screen-head">
        <h1>Middleware</h1>
        <span className="muted">Each incoming action runs through its chain, top to bottom. Changes apply immediately and are saved.</span>
        <div className="spacer" />
        <button className="btn" onClick={() => void reset()}>
          Reset all to default
        </button>
      </header>
      {error && <ErrorState error={error} />}
      {chains.loading && !chains.data && <Loading what="middleware" />}
      {chains.error && !chains.data && <ErrorState error={chains.error} retry={chains.reload} />}
      {chains.data?.length === 0 && <Empty title="No middleware chains" />}
      <div className="chain-grid">
        {chains.data?.map((chain) => (
          <section key={chain.action} className="panel chain" aria-label={`${chain.action} chain`} data-testid={`chain-${chain.action}`}>
            <div className="panel-head">
              <h2>{chain.action}</h2>
              {chain.customized && (
                <button className="btn small ghost" onClick={() => void reset(chain.action)}>
                  Reset
                </button>
              )}
            </div>
            <ol className="chain-items">
              {chain.items.map((m, i) => (
                <li key={m.name} className={m.enabled ? '' : 'disabled'}>
                  <span className="order">{i + 1}</span>
                  <div className="mw-text">
                    <div className="mono strong">{m.name}</div>
                    <div className="muted small">{m.description}</div>
                  </div>
                  <div className="mw-controls">
                    <button
                      className="btn small ghost"
                      aria-label={`Move ${m.name} up`}
                      disabled={i === 0}
                      onClick={() => void save(chain, move(chain.items, i, -1))}
                    >
                      ↑
                    </button>
                    <button
                      className="btn small ghost"
                      aria-label={`Move ${m.name} down`}
                      disabled={i === chain.items.length - 1}
                      onClick={() => void save(chain, move(chain.items, i, 1))}
                    >
                      ↓
                    </button>
                    <label className="switch">
                      <input
                        type="checkbox"
                        role="switch"
                        aria-label={`${m.name} in ${chain.action}`}
                        checked={m.enabled}
                        onChange={(e) =>
                          void save(
                            chain,
                            chain.items.map((x) => (x.name === m.name ? { ...x, enabled: e.target.checked } : x)),
                          )
                        }
                      />
                      <span className="slider" aria-hidden />
                    </label>
                  </div>
                </li>
              ))}
            </ol>
          </section>
        ))}
      </div>
    </div>
  );
}

function move<T>(items: T[], i: number, d: number): T[] {
  const next = [...items];
  const [it] = next.splice(i, 1);
  next.splice(i + d, 0, it as T);
  return next;
}
