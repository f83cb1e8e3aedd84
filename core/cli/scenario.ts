/**
 * `chargebench scenario`: run scenario files (against ChargeBench in-process or any CSMS URL), validate them,
 * replay a recorded session against a CSMS, and turn a recording into a scenario. Wiring only: the logic lives in
 * core/scenario and core/replay.
 */
import './quietLogs.js';
import { writeFile } from 'node:fs/promises';
import { importTraceFile } from '../replay/importTrace.js';
import { formatReplayReport } from '../replay/divergenceReport.js';
import { replayTrace } from '../replay/replay.js';
import { scenarioToYaml, traceToScenario } from '../replay/toScenario.js';
import type { Trace } from '../replay/trace.js';
import { formatMs } from '../scenario/duration.js';
import { junitXml } from '../scenario/junit.js';
import { loadScenarioFile, scenarioSchema, ScenarioError } from '../scenario/parse.js';
import type { ScenarioResult } from '../scenario/result.js';
import { runScenarioFiles } from '../scenario/runFiles.js';
import { jsonReport, summaryTable } from '../scenario/summary.js';
import { UsageError, flagHelp, parseCommandLine, pickFlags, runCommand, type FlagDefs } from './flags.js';

export const summary = 'Run scenario files with assertions (JUnit for CI), replay recorded sessions, convert recordings to scenarios';

/** Documented exit codes. */
export const EXIT = {
  ok: 0,
  /** A scenario assertion or step failed, or a replay diverged from its recording. */
  failed: 1,
  /** Bad command line. */
  usage: 2,
  /** A scenario file or trace is invalid or unreadable (problems are listed with their line numbers). */
  invalid: 3,
  /** The central system could not be started or reached. */
  unreachable: 4,
} as const;

/** Every flag of the subcommands, each defined once; a subcommand takes its share (pickFlags). */
const FLAGS = {
  url: { type: 'string', arg: 'URL', help: 'the CSMS websocket URL, e.g. ws://host:9000/ocpp (run: instead of the in-process backend)' },
  speed: { type: 'string', arg: 'N', help: "simulated time N times faster than real time (run: default the file's speed, else 60; replay: 1)" },
  junit: { type: 'string', arg: 'FILE', help: 'run: write a JUnit XML report' },
  json: { type: 'string', arg: 'FILE', help: 'run, replay: write a JSON report' },
  bail: { type: 'boolean', help: 'run: stop at the first scenario that does not pass' },
  quiet: { type: 'boolean', short: 'q', help: 'run: no line per step' },
  'no-delay': { type: 'boolean', help: 'replay: send without the recorded delays' },
  id: { type: 'string', arg: 'ID', help: "replay, from-trace: the charger id to use (default the recording's)" },
  perspective: { type: 'string', arg: 'P', defaultText: 'auto', help: 'replay, from-trace: auto, charger or csms: which side recorded the trace' },
  all: { type: 'boolean', help: 'replay: show every frame, not only the divergences' },
  timeout: { type: 'string', arg: 'S', help: 'replay: seconds to wait for each reply' },
  name: { type: 'string', arg: 'NAME', help: "from-trace: the scenario's name" },
  profile: { type: 'string', arg: 'NAME', help: "from-trace: the charger profile the scenario's charger uses" },
  output: { type: 'string', short: 'o', arg: 'FILE', help: 'from-trace: write the scenario here (default stdout)' },
} as const satisfies FlagDefs;

const HELP = `Usage:
  chargebench scenario run FILE... [--url ws://csms/ocpp] [--speed 60] [--junit out.xml] [--json out.json] [--bail] [--quiet]
  chargebench scenario validate FILE...
  chargebench scenario replay TRACE --url ws://csms/ocpp [--speed 1] [--no-delay] [--id CP-1] [--perspective auto|charger|csms] [--all] [--json out.json]
  chargebench scenario from-trace TRACE [--id CP-1] [--name NAME] [--perspective auto|charger|csms] [-o scenario.yaml]
  chargebench scenario schema            print the scenario JSON Schema

run        Runs each scenario. Without --url, each one gets its own ChargeBench backend in this process (temporary
           data folder), so central-system steps (send, middleware, setting) work; with --url they are skipped.
           --speed N runs simulated time N times faster than real time (default: the file's speed, else 60).
           Ends with a summary table; --junit writes JUnit XML, --json a JSON report.
validate   Checks files against the schema and the OCPP rules; every problem is printed as FILE:LINE:COL: path: message.
replay     Sends the recorded charger CALLs (same ids, actions, payloads, order) to the CSMS, answers its CALLs with
           the recorded replies, and prints where the live exchange diverges, side by side (--all: every frame).
           Timing is preserved (--speed 1), compressed (--speed 60) or dropped (--no-delay).
from-trace Writes a scenario (YAML) that replays the recording with the recorded replies as assertions.
Traces: ChargeBench's NDJSON export, or text lines "TIME >> [frame]" / "<<", "SEND"/"RECV", "->"/"<-".
Unreadable trace lines are listed with their line numbers.

Options:
${flagHelp(FLAGS)}

Exit codes: 0 passed / no divergence; 1 an assertion or step failed, or the replay diverged; 2 bad usage;
            3 invalid scenario file or trace; 4 central system could not be started or reached.`;

function positiveNumber(name: string, value: unknown): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 1) throw new UsageError(`--${name} must be a number >= 1 (got "${String(value)}")`);
  return n;
}

function wsUrl(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  const s = String(value);
  if (!/^wss?:\/\/[^/]+/.test(s)) throw new UsageError(`--url must be a websocket URL like ws://host:9000/ocpp (got "${s}")`);
  return s;
}

const STATUS_MARK: Record<string, string> = { passed: '✓', failed: '✗', error: '!', skipped: '-' };

async function runCmd(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandLine(argv, pickFlags(FLAGS, 'url', 'speed', 'junit', 'json', 'bail', 'quiet'));
  if (values.help) return help();
  if (positionals.length === 0) throw new UsageError('give at least one scenario file');
  const url = wsUrl(values.url);
  const speed = positiveNumber('speed', values.speed);
  const quiet = values.quiet === true;
  console.log(
    `chargebench scenario run: ${positionals.length} file(s) against ${url ?? "ChargeBench's own backend (in-process)"}${speed ? ` at ×${speed}` : ''}`,
  );
  const results: ScenarioResult[] = await runScenarioFiles(positionals, {
    ...(url ? { url } : {}),
    ...(speed ? { speed } : {}),
    bail: values.bail === true,
    onEvent: (file, e) => {
      if (e.type === 'started') console.log(`\n▶ ${e.name} (${file})`);
      else if (e.type === 'step' && !quiet) {
        const r = e.result;
        console.log(
          `  ${STATUS_MARK[r.status] ?? '?'} ${String(r.index + 1).padStart(2)} ${r.title}${r.status === 'passed' ? '' : ` — ${r.message}`}${r.line ? `  (line ${r.line})` : ''}`,
        );
        if ((r.status === 'failed' || r.status === 'error') && r.evidence.length) {
          for (const f of r.evidence.slice(-6))
            console.log(`       ${f.at} ${f.charger} ${f.from === 'charger' ? '>>' : '<<'} ${f.text.length > 160 ? `${f.text.slice(0, 159)}…` : f.text}`);
        }
      } else if (e.type === 'finished') {
        console.log(`  ${e.result.status.toUpperCase()} in ${formatMs(e.result.durationMs)} (${formatMs(e.result.simulatedMs)} simulated)`);
        for (const n of e.result.notes ?? []) console.log(`  note: ${n}`);
      }
    },
  });
  for (const r of results) if (r.error) console.error(`\n${r.error}`);
  console.log(`\n${summaryTable(results)}`);
  const junit = values.junit;
  const json = values.json;
  if (junit) await writeFile(junit, junitXml(results));
  if (json) await writeFile(json, jsonReport(results));
  if (results.some((r) => r.status === 'error' && r.steps.length === 0 && /could not start/.test(r.error ?? ''))) return EXIT.unreachable;
  if (results.some((r) => r.status === 'error' && r.steps.length === 0)) return EXIT.invalid;
  if (results.some((r) => r.steps[0]?.status === 'failed' && /could not connect/.test(r.steps[0].message))) return EXIT.unreachable;
  return results.every((r) => r.status === 'passed') ? EXIT.ok : EXIT.failed;
}

async function validateCmd(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandLine(argv, {});
  if (values.help) return help();
  if (positionals.length === 0) throw new UsageError('give at least one scenario file');
  let bad = 0;
  for (const file of positionals) {
    try {
      const p = await loadScenarioFile(file);
      console.log(`${file}: valid (${p.scenario.chargers.length} charger(s), ${p.scenario.steps.length} steps)`);
    } catch (err) {
      bad++;
      console.error(err instanceof ScenarioError ? err.message : `${file}: ${(err as Error).message}`);
    }
  }
  return bad ? EXIT.invalid : EXIT.ok;
}

async function loadTrace(file: string, perspective: unknown): Promise<Trace> {
  if (perspective !== undefined && !['auto', 'charger', 'csms'].includes(String(perspective)))
    throw new UsageError('--perspective must be auto, charger or csms');
  const trace = await importTraceFile(file, { perspective: (perspective ?? 'auto') as 'auto' });
  for (const p of trace.problems) console.error(`${file}:${p.line}: skipped, ${p.message}: ${p.text}`);
  for (const n of trace.notes) console.error(`${file}: note: ${n}`);
  return trace;
}

async function replayCmd(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandLine(argv, pickFlags(FLAGS, 'url', 'speed', 'no-delay', 'id', 'perspective', 'all', 'json', 'timeout'));
  if (values.help) return help();
  if (positionals.length !== 1) throw new UsageError('give exactly one trace file');
  const url = wsUrl(values.url);
  if (!url) throw new UsageError('replay needs --url ws://HOST:PORT/ocpp (the CSMS to replay against)');
  const speed = values['no-delay'] ? Infinity : (positiveNumber('speed', values.speed) ?? 1);
  const file = positionals[0] as string;
  const trace = await readTraceOrReport(file, values.perspective);
  if (!trace) return EXIT.invalid;
  const timeout = positiveNumber('timeout', values.timeout);
  console.log(
    `chargebench scenario replay: ${trace.entries.length} frames from ${file} against ${url}${Number.isFinite(speed) ? ` at ×${speed}` : ' without delays'}`,
  );
  const report = await replayTrace(trace, {
    url,
    speed,
    ...(values.id ? { chargerId: values.id } : {}),
    ...(timeout ? { replyTimeoutMs: timeout * 1000 } : {}),
  });
  console.log(formatReplayReport(report, { all: values.all === true, width: process.stdout.columns ?? 160 }));
  const json = values.json;
  if (json) await writeFile(json, `${JSON.stringify(report, null, 2)}\n`);
  if (report.errors.length > 0 && report.rows.length === 0) return EXIT.unreachable;
  return report.diverged ? EXIT.failed : EXIT.ok;
}

/** Loads a trace for replay/from-trace; prints why and returns null when it cannot be used. */
async function readTraceOrReport(file: string, perspective: unknown): Promise<Trace | null> {
  let trace: Trace;
  try {
    trace = await loadTrace(file, perspective);
  } catch (err) {
    if (err instanceof UsageError) throw err;
    console.error(`${file}: ${(err as Error).message}`);
    return null;
  }
  if (trace.entries.length === 0) {
    console.error(`${file}: no OCPP-J frames could be read (${trace.problems.length} unreadable line(s))`);
    return null;
  }
  return trace;
}

async function fromTraceCmd(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandLine(argv, pickFlags(FLAGS, 'id', 'name', 'perspective', 'profile', 'output'));
  if (values.help) return help();
  if (positionals.length !== 1) throw new UsageError('give exactly one trace file');
  const file = positionals[0] as string;
  const trace = await readTraceOrReport(file, values.perspective);
  if (!trace) return EXIT.invalid;
  const yaml = scenarioToYaml(
    traceToScenario(trace, {
      source: file.split('/').pop() ?? file,
      ...(values.id ? { chargerId: values.id } : {}),
      ...(values.name ? { name: values.name } : {}),
      ...(values.profile ? { profile: values.profile } : {}),
    }),
  );
  const output = values.output;
  if (output) {
    await writeFile(output, yaml);
    console.error(`wrote ${output}`);
  } else process.stdout.write(yaml);
  return EXIT.ok;
}

function help(): number {
  console.log(HELP);
  return EXIT.ok;
}

export function run(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  return runCommand('scenario', HELP, async () => {
    switch (sub) {
      case 'run':
        return await runCmd(rest);
      case 'validate':
        return await validateCmd(rest);
      case 'replay':
        return await replayCmd(rest);
      case 'from-trace':
        return await fromTraceCmd(rest);
      case 'schema':
        console.log(JSON.stringify(scenarioSchema, null, 2));
        return EXIT.ok;
      case undefined:
      case '--help':
      case '-h':
      case 'help':
        console.log(HELP);
        return sub === undefined ? EXIT.usage : EXIT.ok;
      default:
        throw new UsageError(`unknown subcommand "${sub}"`);
    }
  });
}
