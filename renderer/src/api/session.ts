/**
 * The per-launch token: handed over in the URL fragment (`#token=…`, never sent to a server), then kept in
 * memory (and sessionStorage so a reload of the same tab keeps working) and removed from the address bar.
 * `api=` in the fragment points the UI at another bench API (Vite dev server, Electron file:// load).
 */
const KEY = 'chargebench.session';

interface Session {
  token: string | null;
  apiBase: string;
}

function load(): Session {
  const hash = window.location.hash.startsWith('#') ? window.location.hash.slice(1) : '';
  const params = new URLSearchParams(hash.includes('token=') ? hash.replace(/^\/?\??/, '') : '');
  const fromUrl = params.get('token');
  const apiFromUrl = params.get('api');
  if (fromUrl) {
    const s: Session = { token: fromUrl, apiBase: apiFromUrl ?? window.location.origin };
    try {
      sessionStorage.setItem(KEY, JSON.stringify(s));
    } catch {
      /* storage disabled: keep it in memory only */
    }
    window.history.replaceState(null, '', `${window.location.pathname}${window.location.search}#/overview`);
    return s;
  }
  try {
    const saved = sessionStorage.getItem(KEY);
    if (saved) return JSON.parse(saved) as Session;
  } catch {
    /* ignore */
  }
  return { token: null, apiBase: window.location.origin };
}

export const session: Session = load();

// A token pasted into the same tab later (only the fragment changes, so no reload happens): take it and reload.
window.addEventListener('hashchange', () => {
  if (!window.location.hash.includes('token=')) return;
  const token = new URLSearchParams(window.location.hash.slice(1).replace(/^\/?\??/, '')).get('token');
  if (!token || token === session.token) return;
  try {
    sessionStorage.setItem(KEY, JSON.stringify({ token, apiBase: session.apiBase }));
  } catch {
    /* ignore */
  }
  window.history.replaceState(null, '', `${window.location.pathname}${window.location.search}#/overview`);
  window.location.reload();
});
