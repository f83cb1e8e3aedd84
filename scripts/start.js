#!/usr/bin/env node
// `npm start`: runs ChargeBench the best way this machine allows (see electron/modeChoice.ts).
//   Electron mode: the Electron binary is installed and there is a display → builds the main/preload bundle
//                  and opens the desktop window (the core runs inside Electron's main process).
//   Browser mode:  otherwise (e.g. where npm could not download Electron) → runs `chargebench serve`, prints
//                  the UI address with its access token on a line of its own, and opens a browser when one
//                  can be shown (never when CI or CHARGEBENCH_NO_BROWSER=1).
// Arguments after `--` go to the core: `npm start -- --ocpp-port 9100 --data-dir ./bench-data`.
// Ctrl-C stops the core cleanly (chargers, store, broker connection), then this process exits.
/* global setTimeout */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
register();
const { chooseStartMode, shouldOpenBrowser, browserOpener, findUiUrl } = await import('../electron/modeChoice.ts');

const say = (msg) => console.log(`[chargebench] ${msg}`);
const args = process.argv.slice(2);

function ensureRenderer() {
  if (existsSync(path.join(root, 'renderer', 'dist', 'index.html')) || !existsSync(path.join(root, 'renderer', 'index.html'))) return;
  say('building the renderer (renderer/dist is missing)');
  const r = spawnSync(process.execPath, [path.join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) {
    console.error('[chargebench] the renderer build failed: run `npm run build:renderer` to see why');
    process.exit(r.status ?? 1);
  }
}

function openBrowser(url) {
  const decision = shouldOpenBrowser(process.env, process.platform);
  if (!decision.open) {
    say(`not opening a browser (${decision.reason}): open the address above yourself`);
    return;
  }
  const { command, args: openArgs } = browserOpener(process.platform, url);
  try {
    const p = spawn(command, openArgs, { stdio: 'ignore', detached: true });
    p.on('error', () => say(`no browser opener (${command}) found: open the address above yourself`));
    p.unref();
  } catch {
    say('could not open a browser: open the address above yourself');
  }
}

/** Runs the child, forwards Ctrl-C/SIGTERM once, exits with its code. */
function supervise(child, what) {
  let stopping = false;
  const forward = (signal) => {
    if (stopping) {
      say('still stopping... (press Ctrl-C again in a few seconds to force)');
      setTimeout(() => child.kill('SIGKILL'), 5_000).unref();
      return;
    }
    stopping = true;
    say(`stopping ${what}...`);
    child.kill(signal);
    setTimeout(() => {
      say(`${what} did not stop within 30 s: killing it`);
      child.kill('SIGKILL');
    }, 30_000).unref();
  };
  process.on('SIGINT', () => forward('SIGINT'));
  process.on('SIGTERM', () => forward('SIGTERM'));
  child.on('error', (err) => {
    console.error(`[chargebench] could not start ${what}: ${err.message}`);
    process.exit(1);
  });
  child.on('exit', (code, signal) => {
    if (stopping) say(`${what} stopped`);
    process.exit(code ?? (signal && stopping ? 0 : 1));
  });
}

const require = createRequire(path.join(root, 'package.json'));
const mode = chooseStartMode({
  env: process.env,
  platform: process.platform,
  resolveElectron: () => require('electron'),
  exists: existsSync,
});

ensureRenderer();

// Our own process group handles Ctrl-C and forwards it once, so the core does not get it twice.
const ownGroup = process.platform !== 'win32';

if (mode.mode === 'electron') {
  say(`starting in Electron mode (${mode.reason})`);
  const { buildElectron } = await import('./build-electron.js');
  await buildElectron();
  const env = { ...process.env };
  delete env.ELECTRON_RUN_AS_NODE;
  supervise(spawn(mode.electronPath, [root, ...args], { cwd: root, stdio: 'inherit', env, detached: ownGroup }), 'the Electron app');
} else {
  say(`starting in browser mode (${mode.reason})`);
  const child = spawn(process.execPath, [path.join(root, 'bin', 'chargebench.js'), 'serve', ...args], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
    detached: ownGroup,
  });
  let announced = false;
  readline.createInterface({ input: child.stdout }).on('line', (line) => {
    process.stdout.write(line + '\n');
    const url = announced ? null : findUiUrl(line);
    if (!url) return;
    announced = true;
    say('ChargeBench is running in browser mode. Open this address (it carries the access token):');
    console.log(url);
    openBrowser(url);
  });
  child.on('exit', (code) => {
    if (!announced) console.error(`[chargebench] the core exited (code ${code}) before it served the UI: see the messages above`);
  });
  supervise(child, 'the core');
}
