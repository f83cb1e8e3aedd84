#!/usr/bin/env node
// `npm start`: runs ChargeBench the best way this machine allows (see electron/modeChoice.ts).
//   Electron mode: the Electron binary is installed and there is a display → builds the main/preload bundle
//                  and opens the desktop window (the core runs inside Electron's main process).
//   Browser mode:  otherwise (e.g. where npm could not download Electron) → starts the same core as
//                  `chargebench serve` (core/app/bench.ts) in this process, prints the UI address with its
//                  access token on a line of its own, and opens a browser when one can be shown (never when
//                  CI or CHARGEBENCH_NO_BROWSER=1).
// Arguments after `--` go to the core: `npm start -- --ocpp-port 9100 --data-dir ./bench-data`.
// Ctrl-C stops the core cleanly (chargers, store, broker connection), then this process exits.
/* global setTimeout, URL */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { networkInterfaces } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { register } from 'tsx/esm/api';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
register();
const { chooseStartMode, shouldOpenBrowser, browserOpener } = await import('../electron/modeChoice.ts');

const say = (msg) => console.log(`[chargebench] ${msg}`);
const USAGE = `Usage: npm start [-- options]
  --ocpp-port N   where chargers connect (default 9000; 0 = any free port)
  --host ADDR     edge listen address (default 127.0.0.1; 0.0.0.0 so chargers on the LAN can connect)
  --ui-port N     the UI / bench API port on 127.0.0.1 (default: any free port)
  --data-dir DIR  database and settings (default CHARGEBENCH_DATA_DIR, else the per-user app data folder)
  --amqp URL      run edge and backend over RabbitMQ (default AMQP_URL, else in-process)
  --token T       fixed bench API token (default CHARGEBENCH_TOKEN, else a random one per launch)
Environment: CHARGEBENCH_MODE=browser|electron, CHARGEBENCH_NO_BROWSER=1 (do not open a browser), CHARGEBENCH_TOKEN.`;
// `npm start -- ARGS` strips the `--`; `node scripts/start.js -- ARGS` does not.
const args = process.argv.slice(2);
if (args[0] === '--') args.shift();

function ensureRenderer() {
  if (existsSync(path.join(root, 'renderer', 'dist', 'index.html')) || !existsSync(path.join(root, 'renderer', 'index.html'))) return;
  say('building the renderer (renderer/dist is missing)');
  const r = spawnSync(process.execPath, [path.join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn'], {
    cwd: root,
    stdio: 'inherit',
  });
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
  await startBrowserMode();
}

/** Where chargers connect: an edge on 0.0.0.0 is reached through this machine's LAN addresses. */
function chargerUrls(ocppUrl) {
  const u = new URL(ocppUrl.replace(/^ws/, 'http'));
  const scheme = ocppUrl.startsWith('wss') ? 'wss' : 'ws';
  if (u.hostname !== '0.0.0.0' && u.hostname !== '[::]') return [`${ocppUrl}/{chargePointId}`];
  const lan = Object.values(networkInterfaces())
    .flat()
    .filter((a) => a && a.family === 'IPv4' && !a.internal)
    .map((a) => a.address);
  return [...lan, '127.0.0.1'].map((ip) => `${scheme}://${ip}:${u.port}/ocpp/{chargePointId}`);
}

/** Browser mode: the same core `chargebench serve` runs (core/app/bench.ts), in this process. */
async function startBrowserMode() {
  let opts;
  try {
    const { values } = parseArgs({
      args,
      options: {
        'ocpp-port': { type: 'string' },
        'ui-port': { type: 'string' },
        host: { type: 'string' },
        'data-dir': { type: 'string' },
        amqp: { type: 'string' },
        token: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
    if (values.help) {
      console.log(USAGE);
      process.exit(0);
    }
    const port = (name) => {
      const v = values[name];
      if (v === undefined) return undefined;
      if (!/^\d+$/.test(v) || Number(v) > 65535) throw new Error(`--${name} must be a port number (0 = any free port), got "${v}"`);
      return Number(v);
    };
    opts = {
      ocppPort: port('ocpp-port'),
      uiPort: port('ui-port'),
      host: values.host,
      dataDir: values['data-dir'],
      amqp: values.amqp ? { url: values.amqp } : undefined,
      token: values.token,
      // as `chargebench serve`: the websocket edge in a worker thread of its own
      edgeThread: true,
    };
  } catch (err) {
    console.error(`[chargebench] ${err.message}\n\n${USAGE}`);
    process.exit(2);
  }
  const { startBench } = await import('../core/app/bench.ts');
  let bench;
  try {
    bench = await startBench(opts);
  } catch (err) {
    if (err?.code === 'EADDRINUSE' && err.port !== undefined) {
      console.error(
        `[chargebench] ChargeBench could not start: port ${err.port} on ${err.address} is already in use (another ChargeBench or OCPP server?). ` +
          'Stop it, or pick another port with `npm start -- --ocpp-port N` (0 = any free port).',
      );
    } else {
      console.error(`[chargebench] ChargeBench could not start: ${err?.message ?? err}`);
    }
    process.exit(1);
  }
  say('ChargeBench is running in browser mode. Open this address (it carries the access token):');
  console.log(bench.uiUrl);
  say(`chargers connect to ${chargerUrls(bench.ocppUrl).join(' or ')} (${bench.transport} transport; data in ${bench.dataDir ?? 'memory'})`);
  say('press Ctrl-C to stop');
  openBrowser(bench.uiUrl);
  let stopping = false;
  const stop = () => {
    if (stopping) {
      say('forced exit');
      process.exit(130);
    }
    stopping = true;
    say('stopping (chargers, edge, backend, store)... press Ctrl-C again to force');
    bench.stop().then(
      () => {
        say('stopped');
        process.exit(0);
      },
      (err) => {
        console.error(`[chargebench] shutdown failed: ${err?.message ?? err}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
