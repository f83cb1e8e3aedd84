/** Hash routing (`#/chargers/CP-1?connector=1`): works when served over http and when loaded from a file. */
import { useEffect, useSyncExternalStore } from 'react';
import { chargePointIdProblem } from '../../core/ocpp/chargePointId.js';

export interface RouteState {
  /** Path segments after `#/`, URL-decoded: ['chargers', 'CP-1']. */
  parts: string[];
  query: URLSearchParams;
}

/** A segment as typed: bad %-encoding is kept as it is rather than breaking the whole UI. */
function decodeSegment(p: string): string {
  try {
    return decodeURIComponent(p);
  } catch {
    return p;
  }
}

function parse(): RouteState {
  const raw = window.location.hash.replace(/^#\/?/, '');
  const [path = '', search = ''] = raw.split('?');
  return { parts: path.split('/').filter(Boolean).map(decodeSegment), query: new URLSearchParams(search) };
}

/** The charger id in a route segment, checked by the one id rule the edge and the API apply. */
export function routeChargerId(route: RouteState, index = 1): { id: string; problem: string | null } {
  const id = route.parts[index] ?? '';
  return { id, problem: chargePointIdProblem(id) };
}

let current = parse();
const listeners = new Set<() => void>();
/** A screen with unsaved changes asks before the route changes (or the tab closes). */
let leaveGuard: (() => string | null) | null = null;
let lastHash = window.location.hash;
let reverting = false;
window.addEventListener('hashchange', () => {
  if (reverting) {
    reverting = false;
    return;
  }
  const message = leaveGuard?.() ?? null;
  if (message && !window.confirm(message)) {
    reverting = true;
    window.location.hash = lastHash;
    return;
  }
  lastHash = window.location.hash;
  current = parse();
  for (const l of listeners) l();
});
window.addEventListener('beforeunload', (e) => {
  if (leaveGuard?.()) e.preventDefault();
});

/** While `message` is set, leaving the screen asks for confirmation with it. */
export function useLeaveGuard(message: string | null): void {
  useEffect(() => {
    if (!message) return;
    const guard = () => message;
    leaveGuard = guard;
    return () => {
      if (leaveGuard === guard) leaveGuard = null;
    };
  }, [message]);
}

export function useRoute(): RouteState {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => current,
  );
}

export function href(parts: string[], query?: Record<string, string | number | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined && v !== '') q.set(k, String(v));
  const s = q.toString();
  return `#/${parts.map(encodeURIComponent).join('/')}${s ? `?${s}` : ''}`;
}

export function navigate(parts: string[], query?: Record<string, string | number | undefined>): void {
  window.location.hash = href(parts, query);
}
