/**
 * The scenario library the GUI offers (scenarios/ in the install), and scenario runs as jobs (core/util/jobs.ts: each
 * change goes out on the live stream): each run gets its own in-process ChargeBench (isolated from the bench's
 * chargers), and its steps fill in as they finish.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadScenarioFile, parseScenario, ScenarioError, type ParsedScenario, type ScenarioIssue } from './parse.js';
import type { EvidenceFrame, ScenarioResult, StepStatus } from './result.js';
import { runScenarioFile } from './runFiles.js';
import { stepTitle } from './stepTitle.js';
import { JobRegistry, type JobEvent } from '../util/jobs.js';

export const LIBRARY_DIR = fileURLToPath(new URL('../../scenarios/', import.meta.url));

export interface LibraryStep {
  index: number;
  kind: string;
  title: string;
  line: number;
}

export interface LibraryEntry {
  file: string;
  name: string;
  description: string;
  tags: string[];
  chargers: number;
  steps: LibraryStep[];
  /** Validation problems (the file cannot run), with line numbers. */
  error?: string;
}

/** A parsed scenario as a library entry (its steps with their titles and lines). */
function entryOf(file: string, p: ParsedScenario): LibraryEntry {
  const single = p.scenario.chargers.length === 1 ? p.scenario.chargers[0]?.id : undefined;
  return {
    file,
    name: p.scenario.name,
    description: p.scenario.description ?? '',
    tags: p.scenario.tags ?? [],
    chargers: p.scenario.chargers.length,
    steps: p.scenario.steps.map((s, i) => ({ index: i, kind: s.do, title: stepTitle(s, single), line: p.stepPositions[i]?.line ?? 0 })),
  };
}

/** Checks scenario text as the runner would (YAML/JSON syntax, the schema, the semantic rules): the entry, or every problem with its line. */
export function checkScenarioText(text: string, file: string): { ok: true; entry: LibraryEntry } | { ok: false; issues: ScenarioIssue[] } {
  try {
    return { ok: true, entry: entryOf(file, parseScenario(text, file)) };
  } catch (err) {
    if (err instanceof ScenarioError) return { ok: false, issues: err.issues };
    throw err;
  }
}

export async function listLibrary(dir = LIBRARY_DIR): Promise<LibraryEntry[]> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((f) => /\.(ya?ml|json)$/.test(f)).sort();
  } catch {
    return [];
  }
  return Promise.all(
    names.map(async (file): Promise<LibraryEntry> => {
      try {
        return entryOf(file, await loadScenarioFile(join(dir, file)));
      } catch (err) {
        return {
          file,
          name: file,
          description: '',
          tags: [],
          chargers: 0,
          steps: [],
          error: err instanceof ScenarioError ? err.message : (err as Error).message,
        };
      }
    }),
  );
}

export interface RunStepView {
  index: number;
  status: StepStatus | 'running' | 'pending';
  message: string;
  durationMs: number;
  evidence: EvidenceFrame[];
}

export interface RunJob {
  id: string;
  file: string;
  status: 'running' | 'passed' | 'failed' | 'error';
  startedAt: string;
  steps: RunStepView[];
  result: ScenarioResult | null;
}

const MAX_JOBS = 20;

export class ScenarioRuns {
  private readonly jobs = new JobRegistry<'scenario', RunJob>('scenario', { keep: MAX_JOBS, nextId: () => randomUUID() });

  constructor(private readonly dir = LIBRARY_DIR) {}

  /** Starts a run of a library file (by its name in the library, never a path). */
  async start(file: string, speed?: number): Promise<RunJob> {
    const library = await listLibrary(this.dir);
    const entry = library.find((e) => e.file === file);
    if (!entry) throw new Error(`no scenario "${file}" in the library; available: ${library.map((e) => e.file).join(', ')}`);
    if (entry.error) throw new Error(entry.error);
    return this.launch(join(this.dir, file), entry, speed);
  }

  /**
   * Starts a run of scenario text loaded or edited in the UI (checked first: an invalid one is refused with its
   * problems). It runs from a private temporary copy, removed when the run ends.
   */
  async startText(text: string, file: string, speed?: number): Promise<RunJob> {
    const checked = checkScenarioText(text, file);
    if (!checked.ok) throw new ScenarioError(file, checked.issues);
    const dir = join(tmpdir(), 'chargebench-scenarios', randomUUID());
    await mkdir(dir, { recursive: true });
    const path = join(dir, file);
    await writeFile(path, text, 'utf8');
    return this.launch(path, checked.entry, speed, () => rm(dir, { recursive: true, force: true }));
  }

  private launch(path: string, entry: LibraryEntry, speed?: number, cleanup?: () => Promise<void>): RunJob {
    const file = entry.file;
    const started = this.jobs.start((id) => ({
      id,
      file,
      status: 'running',
      startedAt: new Date().toISOString(),
      steps: entry.steps.map((s) => ({ index: s.index, status: 'pending', message: '', durationMs: 0, evidence: [] })),
      result: null,
    }));
    const job = this.jobs.live(started.id) as RunJob;
    const changed = (): void => this.jobs.changed(job);
    void runScenarioFile(path, {
      ...(speed ? { speed } : {}),
      onEvent: (_f, e) => {
        if (e.type === 'stepStarted') {
          const s = job.steps[e.index];
          if (s) s.status = 'running';
          changed();
        } else if (e.type === 'step') {
          job.steps[e.result.index] = {
            index: e.result.index,
            status: e.result.status,
            message: e.result.message,
            durationMs: e.result.durationMs,
            evidence: e.result.evidence,
          };
          changed();
        }
      },
    })
      .then((result) => {
        job.result = result;
        job.status = result.status;
        changed();
      })
      .catch((err: Error) => {
        job.status = 'error';
        job.result = null;
        for (const s of job.steps) if (s.status === 'running' || s.status === 'pending') Object.assign(s, { status: 'error', message: err.message });
        changed();
      })
      .finally(() => void cleanup?.().catch(() => undefined));
    return started;
  }

  get(id: string): RunJob | undefined {
    return this.jobs.get(id) ?? undefined;
  }

  /** Each change of a run (started, a step started or ended, the run ended), in order. */
  subscribe(listener: (e: JobEvent<'scenario', RunJob>) => void): () => void {
    return this.jobs.subscribe(listener);
  }
}

let shared: ScenarioRuns | undefined;
/** The process-wide runs of the library (what the Scenarios screen starts and follows). */
export function sharedScenarioRuns(): ScenarioRuns {
  return (shared ??= new ScenarioRuns());
}
