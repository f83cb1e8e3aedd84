/**
 * Which Chromium the browser tests drive, found on this machine: CHROME_PATH, else Debian's /usr/bin/chromium (or
 * another usual place), else the one in Playwright's own cache. None: the browser tests are skipped with one loud
 * line naming the install command (e2e/globalSetup.ts), and under CI=true that is a failure.
 */
import { existsSync } from 'node:fs';
import { chromium, test } from '@playwright/test';

export interface BrowserChoice {
  /** The executable, or null when none was found. */
  path: string | null;
  /** Where it came from (or why none). */
  source: string;
}

const SYSTEM_PATHS = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable', '/snap/bin/chromium'];

export function findChromium(
  env: NodeJS.ProcessEnv = process.env,
  exists: (p: string) => boolean = existsSync,
  playwrightPath: () => string = () => chromium.executablePath(),
): BrowserChoice {
  if (env.CHROME_PATH) {
    return exists(env.CHROME_PATH) ? { path: env.CHROME_PATH, source: 'CHROME_PATH' } : { path: null, source: `CHROME_PATH=${env.CHROME_PATH} does not exist` };
  }
  for (const p of SYSTEM_PATHS) if (exists(p)) return { path: p, source: p };
  let cached: string;
  try {
    cached = playwrightPath();
  } catch {
    cached = '';
  }
  if (cached && exists(cached)) return { path: cached, source: "Playwright's browser cache" };
  return { path: null, source: `no Chromium at ${SYSTEM_PATHS.join(', ')} nor in Playwright's cache` };
}

/** The one line said when no browser is found (also the CI failure's message). */
export function missingBrowserLine(choice: BrowserChoice, ci = false): string {
  return `[e2e] BROWSER TESTS ${ci ? 'CANNOT RUN (CI=true: a missing browser is a failure)' : 'SKIPPED'}: ${choice.source}. Install Chromium with \`apt-get install chromium\` (Debian/Ubuntu), or point CHROME_PATH at a Chrome/Chromium executable.`;
}

/** Set by globalSetup when no browser was found: the specs that need one skip (it already said why, once). */
export const BROWSER_MISSING_ENV = 'CB_BROWSER_MISSING';

/** Call at the top of a spec that drives Chromium. */
export function skipWithoutBrowser(): void {
  test.skip(Boolean(process.env[BROWSER_MISSING_ENV]), process.env[BROWSER_MISSING_ENV] ?? '');
}
