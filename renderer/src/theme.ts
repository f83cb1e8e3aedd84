/**
 * Light or dark: the user's choice (saved in localStorage) or the system's (prefers-color-scheme), applied as
 * `data-theme` on <html>; styles/theme.css defines every colour per theme. Read with useSyncExternalStore.
 */
export type ThemeChoice = 'system' | 'light' | 'dark';
export type Theme = 'light' | 'dark';

export const THEME_KEY = 'chargebench.theme';
const listeners = new Set<() => void>();
const media = typeof window !== 'undefined' && window.matchMedia ? window.matchMedia('(prefers-color-scheme: dark)') : null;

function saved(): ThemeChoice {
  try {
    const v = localStorage.getItem(THEME_KEY);
    return v === 'light' || v === 'dark' ? v : 'system';
  } catch {
    return 'system';
  }
}

let choice: ThemeChoice = saved();

export function resolvedTheme(c: ThemeChoice = choice, systemDark = media?.matches ?? false): Theme {
  return c === 'system' ? (systemDark ? 'dark' : 'light') : c;
}

function apply(): void {
  document.documentElement.dataset.theme = resolvedTheme();
  for (const l of listeners) l();
}

export const theme = {
  choice: (): ThemeChoice => choice,
  set(c: ThemeChoice): void {
    choice = c;
    try {
      if (c === 'system') localStorage.removeItem(THEME_KEY);
      else localStorage.setItem(THEME_KEY, c);
    } catch {
      /* storage disabled: this tab only */
    }
    apply();
  },
  subscribe(l: () => void): () => void {
    listeners.add(l);
    return () => listeners.delete(l);
  },
  /** Sets data-theme now and follows the system while the choice is 'system'. */
  init(): void {
    apply();
    media?.addEventListener('change', () => choice === 'system' && apply());
  },
};
