/**
 * How `npm start` runs ChargeBench on this machine: the Electron window when the Electron binary is
 * installed (npm drops it where its download fails) and there is a display to show it on; otherwise browser
 * mode (the same core and UI, served on 127.0.0.1). Plain Node: no Electron import.
 */
export type StartMode = { mode: 'electron'; electronPath: string; reason: string } | { mode: 'browser'; reason: string };

export interface ModeEnvironment {
  env: Record<string, string | undefined>;
  platform: string;
  /** `require('electron')` from the project: the binary's path, or throws when the package is absent. */
  resolveElectron(): unknown;
  exists(file: string): boolean;
}

export function chooseStartMode(e: ModeEnvironment): StartMode {
  const requested = e.env.CHARGEBENCH_MODE?.trim().toLowerCase();
  if (requested && requested !== 'browser' && requested !== 'electron') {
    return { mode: 'browser', reason: `CHARGEBENCH_MODE="${e.env.CHARGEBENCH_MODE}" is not "browser" or "electron"; using browser mode` };
  }
  if (requested === 'browser') return { mode: 'browser', reason: 'CHARGEBENCH_MODE=browser' };

  let electronPath: unknown;
  try {
    electronPath = e.resolveElectron();
  } catch (err) {
    const why = (err as Error)?.message?.split('\n')[0] ?? String(err);
    return { mode: 'browser', reason: `the Electron binary is not installed (${why})` };
  }
  if (typeof electronPath !== 'string' || electronPath.length === 0 || !e.exists(electronPath)) {
    return { mode: 'browser', reason: 'the Electron binary is not installed (its download failed or was skipped during npm install)' };
  }
  if (e.platform === 'linux' && !e.env.DISPLAY && !e.env.WAYLAND_DISPLAY) {
    return { mode: 'browser', reason: 'no display (DISPLAY/WAYLAND_DISPLAY unset) to open the Electron window on' };
  }
  return { mode: 'electron', electronPath, reason: requested === 'electron' ? 'CHARGEBENCH_MODE=electron' : 'the Electron binary is installed' };
}

/** Whether to open a browser for the user in browser mode. */
export function shouldOpenBrowser(env: Record<string, string | undefined>, platform: string): { open: boolean; reason?: string } {
  if (env.CHARGEBENCH_NO_BROWSER === '1' || env.CHARGEBENCH_NO_BROWSER === 'true') return { open: false, reason: 'CHARGEBENCH_NO_BROWSER is set' };
  if (env.CI && env.CI !== 'false' && env.CI !== '0') return { open: false, reason: 'running under CI' };
  if (platform === 'linux' && !env.DISPLAY && !env.WAYLAND_DISPLAY) return { open: false, reason: 'no display' };
  return { open: true };
}

/** The platform's "open this URL" command. */
export function browserOpener(platform: string, url: string): { command: string; args: string[] } {
  if (platform === 'darwin') return { command: 'open', args: [url] };
  // `start` is a cmd builtin; the empty "" is its window-title argument so the URL is not taken as the title.
  if (platform === 'win32') return { command: 'cmd', args: ['/c', 'start', '""', url.replace(/&/g, '^&')] };
  return { command: 'xdg-open', args: [url] };
}

/** The UI address a `chargebench serve` prints on a line of its own. */
export function findUiUrl(line: string): string | null {
  const m = /^\s*(?:[A-Za-z ]*:\s*)?(http:\/\/(?:127\.0\.0\.1|localhost|\[::1\]):\d+\/\S*)\s*$/.exec(line);
  return m ? m[1]! : null;
}
