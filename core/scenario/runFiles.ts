/**
 * Runs scenario files one after the other: each against a fresh in-process ChargeBench (own backend, temporary
 * data folder) or against an external CSMS URL. A file that does not parse becomes an "error" result naming its
 * problems with line numbers; the other files still run.
 */
import { loadScenarioFile, ScenarioError } from './parse.js';
import type { ScenarioResult } from './result.js';
import { runScenario, type RunEvent } from './runner.js';
import { startInProcessTarget } from './inProcessTarget.js';
import type { ScenarioTarget } from './centralSystem.js';

export interface RunFilesOptions {
  /** External CSMS websocket URL; default: ChargeBench's own backend in-process. */
  url?: string;
  speed?: number;
  /** Stop after the first scenario that does not pass. */
  bail?: boolean;
  onEvent?: (file: string, e: RunEvent) => void;
  signal?: AbortSignal;
}

function errorResult(file: string, message: string, target: string): ScenarioResult {
  return {
    file,
    name: file,
    target,
    speed: 0,
    status: 'error',
    error: message,
    steps: [],
    assertions: { passed: 0, failed: 0, skipped: 0 },
    startedAt: new Date().toISOString(),
    durationMs: 0,
    simulatedMs: 0,
    frames: 0,
  };
}

export async function runScenarioFile(file: string, opts: Omit<RunFilesOptions, 'bail'> = {}): Promise<ScenarioResult> {
  const label = opts.url ?? 'in-process';
  let parsed;
  try {
    parsed = await loadScenarioFile(file);
  } catch (err) {
    return errorResult(file, err instanceof ScenarioError ? err.message : (err as Error).message, label);
  }
  let target: ScenarioTarget;
  let stop = async () => {};
  if (opts.url) {
    target = { url: opts.url, label: opts.url, control: null };
  } else {
    try {
      const t = await startInProcessTarget();
      target = t;
      stop = () => t.stop();
    } catch (err) {
      return { ...errorResult(file, `could not start ChargeBench's backend: ${(err as Error).message}`, label), name: parsed.scenario.name };
    }
  }
  try {
    return await runScenario(parsed, {
      target,
      ...(opts.speed !== undefined ? { speed: opts.speed } : {}),
      ...(opts.signal ? { signal: opts.signal } : {}),
      onEvent: (e) => opts.onEvent?.(file, e),
    });
  } finally {
    await stop();
  }
}

export async function runScenarioFiles(files: readonly string[], opts: RunFilesOptions = {}): Promise<ScenarioResult[]> {
  const results: ScenarioResult[] = [];
  for (const file of files) {
    if (opts.signal?.aborted) break;
    const r = await runScenarioFile(file, opts);
    results.push(r);
    if (opts.bail && r.status !== 'passed') break;
  }
  return results;
}
