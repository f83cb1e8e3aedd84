import { useEffect, useState, useSyncExternalStore } from 'react';
import { session } from './api/session.js';
import { chargerStore, live } from './api/live.js';
import { api } from './api/client.js';
import { href, useRoute } from './router.js';
import { screens } from './screens/index.js';
import { ErrorBoundary } from './components/ErrorBoundary.js';
import type { TransportView } from '../../core/api/types.js';
import { EdgeStatusLine } from './components/EdgeStatusLine.js';
import { ServerBanner } from './components/ServerBanner.js';
import { serverWatch } from './api/serverWatch.js';
import { theme, type ThemeChoice } from './theme.js';

function ThemeToggle() {
  const choice = useSyncExternalStore(theme.subscribe, theme.choice);
  return (
    <label className="theme-toggle">
      <span>Theme</span>
      <select aria-label="Theme" value={choice} onChange={(e) => theme.set(e.target.value as ThemeChoice)} data-testid="theme-toggle">
        <option value="system">System</option>
        <option value="light">Light</option>
        <option value="dark">Dark</option>
      </select>
    </label>
  );
}

function useLiveState() {
  return useSyncExternalStore(
    (l) => live.onState(l),
    () => live.state,
  );
}

function StatusBar() {
  const state = useLiveState();
  const [transport, setTransport] = useState<TransportView | null>(null);
  useEffect(() => {
    let alive = true;
    const load = () =>
      api
        .transport()
        .then((t) => alive && setTransport(t))
        .catch(() => alive && setTransport(null));
    void load();
    const t = setInterval(load, 5000);
    return () => {
      alive = false;
      clearInterval(t);
    };
  }, []);
  return (
    <footer className="statusbar" aria-label="Status">
      <span className={`dot ${state === 'open' ? 'ok' : state === 'connecting' ? 'warn' : 'bad'}`} aria-hidden />
      <span>Live stream: {state === 'open' ? 'connected' : state}</span>
      {transport && (
        <>
          <span className="sep" />
          <EdgeStatusLine transport={transport} />
        </>
      )}
    </footer>
  );
}

function NoToken() {
  return (
    <div className="center-message">
      <h1>ChargeBench</h1>
      <p>
        This page needs the bench token. Open the address that <code>chargebench serve</code> (or <code>npm start</code>) printed — it ends in{' '}
        <code>#token=…</code>.
      </p>
    </div>
  );
}

export function App() {
  const route = useRoute();
  useEffect(() => {
    if (!session.token) return;
    live.start();
    serverWatch.start();
    void chargerStore.load();
  }, []);
  if (!session.token) return <NoToken />;
  const current = screens.find((s) => s.path === route.parts[0]) ?? screens[0];
  if (!current) return null;
  const Screen = current.component;
  const activeNav = current.nav ? current.path : current.path === 'charger' ? 'chargers' : '';
  return (
    <div className="app">
      <a
        className="skip-link"
        href="#main"
        onClick={(e) => {
          e.preventDefault();
          document.getElementById('main')?.focus();
        }}
      >
        Skip to content
      </a>
      <nav className="sidebar" aria-label="Screens">
        <div className="brand">
          <span className="brand-mark" aria-hidden>
            ⚡
          </span>{' '}
          ChargeBench
        </div>
        <ul>
          {screens
            .filter((s) => s.nav)
            .map((s) => (
              <li key={s.path}>
                <a href={href([s.path])} className={s.path === activeNav ? 'active' : ''} aria-current={s.path === activeNav ? 'page' : undefined}>
                  <span className="nav-icon" aria-hidden>
                    {s.icon}
                  </span>
                  {s.title}
                </a>
              </li>
            ))}
        </ul>
        <div className="sidebar-foot">
          <ThemeToggle />
          <div>OCPP test bench</div>
        </div>
      </nav>
      <main className="content" id="main" tabIndex={-1}>
        <ServerBanner />
        <ErrorBoundary key={current.path}>
          <Screen route={route} />
        </ErrorBoundary>
      </main>
      <StatusBar />
    </div>
  );
}
