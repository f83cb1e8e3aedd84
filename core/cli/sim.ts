/**
 * `chargebench sim`: runs a fleet of simulated OCPP 1.6J chargers against any central system.
 * Wiring only: the fleet lives in core/simulator.
 */
import type { ProtocolVersion } from '../ocpp/protocol.js';
import { FAULTS, Fleet, FLEET_ACTIONS, listProfiles, loadProfile, QUIRKS, scaledClock, type FleetSummary, type StopMode } from '../simulator/index.js';
import { listProfiles201, loadProfile201 } from '../simulator/v201/profile.js';
import { HELP_FLAG, UsageError, flagHelp, parseFlags, runCommand, type FlagDefs } from './flags.js';

export const summary = "Run simulated OCPP 1.6J or 2.0.1 chargers against a central system (any vendor's, or ChargeBench's)";

/** The flags of `chargebench sim`, with their defaults (parsed and shown in --help from here). */
export const SIM_FLAGS = {
  url: { type: 'string', arg: 'URL', help: 'central system websocket URL; each charger connects to URL/<chargerId>' },
  count: { type: 'string', arg: 'N', default: '1', help: 'number of chargers' },
  ocpp: {
    type: 'string',
    arg: 'VERSION',
    default: '1.6',
    help:
      'the OCPP version the chargers speak, 1.6 or 2.0.1 (subprotocol ocpp1.6 / ocpp2.0.1);\n' +
      '2.0.1 profiles are in core/simulator/v201/profiles, any 1.6 profile works too;\n' +
      '1.6,2.0.1 gives the chargers those versions in turn (a mixed fleet)',
  },
  profile: { type: 'string', arg: 'NAME', default: 'reference', help: 'charger profile name or path to a .yaml/.json profile' },
  'id-prefix': { type: 'string', arg: 'PREFIX', default: 'CP-', help: 'charger id prefix; ids are PREFIX0001, PREFIX0002, ...' },
  ramp: { type: 'string', arg: 'R[/s]', default: '100', help: 'chargers started per second; 0 = all at once' },
  'auto-sessions': { type: 'boolean', default: false, help: 'plug EVs in and charge automatically, forever' },
  idle: { type: 'string', arg: 'MIN-MAX', defaultText: '60-600', help: 'auto-sessions: idle seconds between sessions' },
  session: { type: 'string', arg: 'MIN-MAX', defaultText: '900-3600', help: 'auto-sessions: seconds from plug-in to stop' },
  'remote-starts': {
    type: 'string',
    arg: 'S',
    defaultText: "the profile's driver.remoteStartShare, reference 0.35",
    help: 'auto-sessions: share 0..1 of drivers who wait for RemoteStartTransaction instead of\npresenting a card',
  },
  config: {
    type: 'string',
    arg: 'KEY=VALUE',
    multiple: true,
    default: [],
    help:
      'set a configuration key on every charger (repeatable), e.g. HeartbeatInterval=30;\n' +
      'with --ocpp 2.0.1 a device-model variable (OCPPCommCtrlr.HeartbeatInterval=30) or a\n' +
      'common 1.6 key, mapped',
  },
  password: { type: 'string', arg: 'SECRET', help: 'basic-auth password (OCPP security profile 1)' },
  speed: { type: 'string', arg: 'X', default: '1', help: 'run charger time X times faster than the wall clock' },
  duration: { type: 'string', arg: 'S', defaultText: 'run until Ctrl-C', help: 'stop by itself after S seconds' },
  'on-stop': {
    type: 'string',
    arg: 'MODE',
    default: 'end-sessions',
    help:
      'how chargers leave when the run stops: end-sessions (StopTransaction for each running\n' +
      'session, answered, then close), power-cut (gone without a word; sessions stay open at\n' +
      'the central system) or disconnect (close the connection, sessions left open)',
  },
  json: { type: 'boolean', default: false, help: 'machine-readable final summary on stdout (live lines go to stderr)' },
  'list-profiles': { type: 'boolean', default: false, help: 'list the shipped charger profiles and the firmware quirks they can have' },
  'list-actions': { type: 'boolean', default: false, help: 'list what can be done to a simulated charger: fleet actions and faults, with parameters' },
} as const satisfies FlagDefs;

const HELP = `Usage: chargebench sim --url ws://HOST:PORT/ocpp [options]
       chargebench sim --list-profiles [--json]
       chargebench sim --list-actions [--json]

Options:
${flagHelp({ ...SIM_FLAGS, ...HELP_FLAG })}

Exit codes: 0 ok, 1 no charger could connect, 2 bad arguments.`;

export interface SimIo {
  stdout: (line: string) => void;
  stderr: (line: string) => void;
  /** Aborting stops the run (Ctrl-C does the same). */
  signal?: AbortSignal;
  /** Handle SIGINT/SIGTERM (default true). */
  handleSignals?: boolean;
  isTTY?: boolean;
}

export interface SimSummary {
  url: string;
  /** The version, or the versions of a mixed fleet in turn. */
  protocol: ProtocolVersion | ProtocolVersion[];
  profile: string;
  count: number;
  durationS: number;
  connected: number;
  everConnected: number;
  charging: number;
  messages: number;
  messagesIn: number;
  messagesOut: number;
  throughputPerS: number;
  latencyMs: { p50: number; p95: number; p99: number; max: number };
  errors: number;
  timeouts: number;
  callErrors: number;
  recentErrors: string[];
}

const OCPP_VERSIONS: Record<string, ProtocolVersion> = {
  '1.6': 'ocpp1.6',
  '1.6j': 'ocpp1.6',
  'ocpp1.6': 'ocpp1.6',
  '2.0.1': 'ocpp2.0.1',
  'ocpp2.0.1': 'ocpp2.0.1',
};

const STOP_MODES: Record<string, StopMode> = { 'end-sessions': 'end', 'power-cut': 'powerCut', disconnect: 'close' };

function parseRamp(text: string): number {
  const m = /^(\d+(?:\.\d+)?)(?:\/s)?$/.exec(text.trim());
  if (!m) throw new UsageError(`--ramp must look like 100 or 100/s (got "${text}")`);
  return Number(m[1]);
}

function positiveInt(name: string, text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`${name} must be a positive integer (got "${text}")`);
  return n;
}

function parseConfig(items: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of items) {
    const i = item.indexOf('=');
    if (i <= 0) throw new UsageError(`--config must be KEY=VALUE (got "${item}")`);
    out[item.slice(0, i)] = item.slice(i + 1);
  }
  return out;
}

function parseRange(name: string, text: string | undefined): [number, number] | undefined {
  if (text === undefined) return undefined;
  const m = /^(\d+(?:\.\d+)?)(?:-(\d+(?:\.\d+)?))?$/.exec(text.trim());
  const lo = Number(m?.[1]);
  const hi = Number(m?.[2] ?? m?.[1]);
  if (!m || hi < lo) throw new UsageError(`${name} must be SECONDS or MIN-MAX seconds (got "${text}")`);
  return [lo, hi];
}

const round = (n: number, d = 1): number => Math.round(n * 10 ** d) / 10 ** d;

export function simCommand(argv: string[], io: SimIo): Promise<number> {
  return runCommand('sim', HELP, () => simulate(argv, io), io);
}

async function simulate(argv: string[], io: SimIo): Promise<number> {
  const args = parseFlags(argv, SIM_FLAGS);
  if (args.help) {
    io.stdout(HELP);
    return 0;
  }
  const versions = args.ocpp
    .toLowerCase()
    .split(',')
    .map((v) => OCPP_VERSIONS[v.trim()]);
  const protocol = versions.length === 1 ? versions[0] : versions.every(Boolean) ? (versions as ProtocolVersion[]) : undefined;
  if (!protocol) throw new UsageError(`--ocpp must be 1.6 or 2.0.1, or both as 1.6,2.0.1 (got "${args.ocpp}")`);
  if (args['list-profiles'] && protocol === 'ocpp2.0.1') {
    const profiles = listProfiles201().map((name) => loadProfile201(name));
    if (args.json)
      io.stdout(
        JSON.stringify(
          profiles.map((p) => ({ name: p.name, description: p.description, vendor: p.hardware.vendor, model: p.hardware.model, evses: p.evses })),
          null,
          2,
        ),
      );
    else
      for (const p of profiles)
        io.stdout(`${p.name.padEnd(16)} ${`${p.hardware.vendor} ${p.hardware.model}`.padEnd(28)} EVSEs ${p.evses.join('+')} connector(s)  ${p.description}`);
    if (!args.json) io.stdout('(any 1.6 profile from --list-profiles works too: one EVSE per connector)');
    return 0;
  }
  if (args['list-profiles']) {
    const profiles = listProfiles();
    if (args.json) io.stdout(JSON.stringify(profiles, null, 2));
    else {
      for (const p of profiles) {
        io.stdout(
          `${p.name.padEnd(16)} ${`${p.vendor} ${p.model}`.padEnd(28)} ${p.connectors} × ${round(p.maxPowerW / 1000)} kW  ${p.quirks.length ? `quirks: ${p.quirks.join(', ')}` : 'no quirks'}`,
        );
        io.stdout(`${''.padEnd(16)} ${p.description}`);
      }
      io.stdout('');
      io.stdout("Quirks (a profile's `quirks:`; core/simulator/quirks/):");
      for (const q of QUIRKS) io.stdout(`  ${`${q.name}${q.value === 'ms' ? '=MS' : ''}`.padEnd(30)} ${q.description}`);
    }
    return 0;
  }
  if (args['list-actions']) {
    if (args.json) io.stdout(JSON.stringify({ actions: FLEET_ACTIONS, faults: FAULTS }, null, 2));
    else {
      const params = (e: { params: { properties: Record<string, unknown> } }): string => Object.keys(e.params.properties).join(', ');
      io.stdout('Actions (Fleet.act; core/simulator/actions/catalog.ts):');
      for (const a of FLEET_ACTIONS) io.stdout(`  ${a.name.padEnd(16)} ${a.description}${params(a) ? ` [${params(a)}]` : ''}`);
      io.stdout('Faults (action "fault"):');
      for (const f of FAULTS) io.stdout(`  ${f.kind.padEnd(16)} ${f.description}${params(f) ? ` [${params(f)}]` : ''}`);
    }
    return 0;
  }
  let count: number, ramp: number, config: Record<string, string>, speed: number, durationS: number | null;
  let idleS: [number, number] | undefined, chargeS: [number, number] | undefined, remoteStartShare: number | undefined;
  let onStop: StopMode;
  try {
    const how = Object.hasOwn(STOP_MODES, args['on-stop']) ? STOP_MODES[args['on-stop']] : undefined;
    if (!how) throw new UsageError(`--on-stop must be ${Object.keys(STOP_MODES).join(', ')} (got "${args['on-stop']}")`);
    onStop = how;
    if (!args.url) throw new UsageError('--url is required, e.g. --url ws://127.0.0.1:9000/ocpp');
    if (!/^wss?:\/\/[^/]/.test(args.url)) throw new UsageError(`--url must be a ws:// or wss:// URL (got "${args.url}")`);
    count = positiveInt('--count', args.count);
    ramp = parseRamp(args.ramp);
    config = parseConfig(args.config);
    speed = Number(args.speed);
    if (!(speed > 0)) throw new UsageError(`--speed must be a number > 0 (got "${args.speed}")`);
    durationS = args.duration === undefined ? null : Number(args.duration);
    if (durationS !== null && !(durationS > 0)) throw new UsageError(`--duration must be a number of seconds > 0 (got "${args.duration}")`);
    idleS = parseRange('--idle', args.idle);
    chargeS = parseRange('--session', args.session);
    if (args['remote-starts'] !== undefined) {
      remoteStartShare = Number(args['remote-starts']);
      if (!(remoteStartShare >= 0 && remoteStartShare <= 1) || args['remote-starts'].trim() === '')
        throw new UsageError(`--remote-starts must be a share from 0 to 1, e.g. 0.5 (got "${args['remote-starts']}")`);
    }
    const wanted = Array.isArray(protocol) ? protocol : [protocol];
    if (wanted.includes('ocpp2.0.1')) loadProfile201(args.profile);
    if (wanted.includes('ocpp1.6')) loadProfile(args.profile);
  } catch (err) {
    throw err instanceof UsageError ? err : new UsageError((err as Error).message); // an unknown or unreadable profile
  }
  const url = args.url;
  const live = args.json ? io.stderr : io.stdout;
  const fleet = new Fleet(speed === 1 ? {} : { clock: scaledClock(speed) });
  const started = Date.now();
  let everConnected = 0;
  fleet.subscribe(
    (e) => {
      if (e.kind === 'connection' && e.state === 'connected') everConnected++;
    },
    { kinds: ['connection'] },
  );

  live(
    `chargebench sim: ${count} × ${args.profile}${protocol === 'ocpp2.0.1' ? ' (OCPP 2.0.1)' : Array.isArray(protocol) ? ` (mixed: ${protocol.join(', ')} in turn)` : ''} → ${url} (ids ${args['id-prefix']}…, ramp ${ramp}/s${args['auto-sessions'] ? ', auto-sessions' : ''}${speed !== 1 ? `, speed ×${speed}` : ''}${
      Object.keys(config).length
        ? `, config ${Object.entries(config)
            .map(([k, v]) => `${k}=${v}`)
            .join(' ')}`
        : ''
    })`,
  );

  let lastProgress = -1;
  let lastProgressAt = 0;
  const onProgress = ({ connected, total }: { connected: number; total: number }): void => {
    const now = Date.now();
    if (connected === lastProgress || (connected < total && now - lastProgressAt < (io.isTTY ? 200 : 1000))) return;
    lastProgress = connected;
    lastProgressAt = now;
    if (io.isTTY) process.stderr.write(`\r[${connected}/${total}] connected`);
    else live(`[${connected}/${total}] connected`);
  };

  let last = { at: started, frames: 0 };
  let errorsShown = 0;
  const tick = setInterval(() => {
    const s = fleet.summary();
    const now = Date.now();
    const frames = s.framesIn + s.framesOut;
    const rate = ((frames - last.frames) * 1000) / Math.max(1, now - last.at);
    last = { at: now, frames };
    if (io.isTTY) process.stderr.write('\r');
    live(
      `${new Date(now).toISOString().slice(11, 19)} connected ${s.connected}/${count}  connectors charging ${s.charging}  msgs/s ${Math.round(rate)}  errors ${s.errors}`,
    );
    const errs = fleet.stats.recentErrors;
    const fresh = Math.min(5, s.errors - errorsShown, errs.length);
    for (const line of errs.slice(errs.length - fresh)) live(`  error ${line}`);
    errorsShown = s.errors;
  }, 1000);
  // Not unref'd: it keeps the process alive while every charger waits to reconnect (with no socket open the event
  // loop would otherwise run empty and Node would exit with code 13 under the CLI's top-level await).

  const cleanups: Array<() => void> = [];
  const stopped = new Promise<string>((resolve) => {
    if (io.handleSignals !== false) {
      for (const sig of ['SIGINT', 'SIGTERM'] as const) {
        const on = (): void => resolve(sig);
        process.once(sig, on);
        cleanups.push(() => process.off(sig, on));
      }
    }
    io.signal?.addEventListener('abort', () => resolve('abort'), { once: true });
    if (durationS !== null) {
      const timer = setTimeout(() => resolve('duration'), durationS * 1000);
      cleanups.push(() => clearTimeout(timer));
    }
  });
  const stopTimers = (): void => {
    clearInterval(tick);
    for (const c of cleanups.splice(0)) c();
  };

  try {
    await Promise.race([
      fleet.spawn(
        {
          url,
          count,
          protocol,
          profile: args.profile,
          idPrefix: args['id-prefix'],
          rampPerSecond: ramp,
          autoSessions: args['auto-sessions']
            ? { ...(idleS ? { idleS } : {}), ...(chargeS ? { chargeS } : {}), ...(remoteStartShare !== undefined ? { remoteStartShare } : {}) }
            : false,
          configuration: config,
          password: args.password,
        },
        onProgress,
      ),
      stopped,
    ]);
  } catch (err) {
    stopTimers();
    io.stderr(`chargebench sim: ${(err as Error).message}`);
    await fleet.stopAll({ mode: onStop });
    return 2;
  }
  await stopped;
  // Nothing of the run may keep the process alive once it is over (a pending --duration timer used to).
  stopTimers();
  const before: FleetSummary = fleet.summary();
  if (onStop === 'end' && before.charging > 0) {
    const how = protocol === 'ocpp2.0.1' ? 'TransactionEvent Ended' : Array.isArray(protocol) ? 'StopTransaction / TransactionEvent Ended' : 'StopTransaction';
    live(`ending ${before.charging} session(s) with ${how}…`);
  }
  await fleet.stopAll({ mode: onStop });
  const durationMs = Date.now() - started;
  const s = fleet.stats;
  const result: SimSummary = {
    url,
    protocol,
    profile: args.profile,
    count,
    durationS: round(durationMs / 1000),
    connected: before.connected,
    everConnected: Math.min(count, everConnected),
    charging: before.charging,
    messages: s.framesIn + s.framesOut,
    messagesIn: s.framesIn,
    messagesOut: s.framesOut,
    throughputPerS: round(((s.framesIn + s.framesOut) * 1000) / Math.max(1, durationMs)),
    latencyMs: { p50: round(s.latency.percentile(50)), p95: round(s.latency.percentile(95)), p99: round(s.latency.percentile(99)), max: round(s.latency.max) },
    errors: s.errors,
    timeouts: s.timeouts,
    callErrors: s.callErrorsReceived,
    recentErrors: s.recentErrors.slice(-10),
  };
  if (io.isTTY) process.stderr.write('\n');
  if (args.json) io.stdout(JSON.stringify(result, null, 2));
  else {
    live(`done in ${result.durationS} s: ${result.messages} messages (${result.messagesOut} out, ${result.messagesIn} in), ${result.throughputPerS} msg/s`);
    live(
      `latency of charger CALLs: p50 ${result.latencyMs.p50} ms, p95 ${result.latencyMs.p95} ms, p99 ${result.latencyMs.p99} ms, max ${result.latencyMs.max} ms`,
    );
    live(
      `chargers connected ${result.everConnected}/${count}; errors ${result.errors} (timeouts ${result.timeouts}, CALLERRORs received ${result.callErrors})`,
    );
    for (const e of result.recentErrors.slice(-5)) live(`  error ${e}`);
  }
  return result.everConnected === 0 ? 1 : 0;
}

export async function run(argv: string[]): Promise<number> {
  return simCommand(argv, { stdout: (l) => console.log(l), stderr: (l) => console.error(l), isTTY: Boolean(process.stderr.isTTY) });
}
