/**
 * Load a scenario file (YAML or JSON) from disk, edit it with the runner's own validation as you type (syntax,
 * schema, semantic rules, each problem with its line), and run it on its own bench; its steps fill in live.
 */
import { useEffect, useRef, useState } from 'react';
import { scenarioApi } from '../api/scenarios.js';
import { useJob } from '../api/useJob.js';
import type { LibraryEntry, RunJob } from '../../../core/api/contracts/scenarios.js';
import { ErrorState } from './States.js';

type Check = { ok: true; entry: LibraryEntry } | { ok: false; issues: Array<{ line: number; col: number; path: string; message: string }> };
const STATUS_BADGE: Record<string, string> = { passed: 'green', failed: 'red', error: 'red', skipped: 'grey', running: 'blue', pending: 'grey' };

export function ScenarioEditor() {
  const [file, setFile] = useState('my-scenario.yaml');
  const [text, setText] = useState('');
  const [check, setCheck] = useState<Check | null>(null);
  /** The run as its start call returned it; `job` follows it on the live stream. */
  const [started, setStarted] = useState<RunJob | null>(null);
  const job = useJob('scenario', started);
  const [error, setError] = useState<string | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (!text.trim()) return setCheck(null);
    const t = setTimeout(() => {
      scenarioApi.check(file, text).then(setCheck, (err: Error) => setError(err.message));
    }, 350);
    return () => clearTimeout(t);
  }, [file, text]);

  async function load(f: File | undefined) {
    if (!f) return;
    setError(null);
    setStarted(null);
    setFile(/\.(ya?ml|json)$/i.test(f.name) ? f.name.replace(/[^A-Za-z0-9._-]/g, '-') : `${f.name.replace(/[^A-Za-z0-9._-]/g, '-')}.yaml`);
    setText(await f.text());
  }

  async function run() {
    setError(null);
    try {
      setStarted((await scenarioApi.runText(file, text)).job);
    } catch (err) {
      setError((err as Error).message);
    }
  }

  const steps = check?.ok ? check.entry.steps : [];
  return (
    <section className="panel span2" aria-label="Load or edit a scenario">
      <div className="panel-head">
        <h2>Load or edit a scenario</h2>
        <div className="spacer" />
        <input
          ref={fileInput}
          type="file"
          accept=".yaml,.yml,.json"
          hidden
          onChange={(e) => void load(e.target.files?.[0])}
          data-testid="scenario-file"
          aria-label="Scenario file"
        />
        <button type="button" className="btn small" onClick={() => fileInput.current?.click()}>
          Load YAML/JSON file…
        </button>
        {job && (
          <span className={`badge ${STATUS_BADGE[job.status] ?? 'grey'}`} data-testid="text-run-status">
            {job.status.toUpperCase()}
          </span>
        )}
        <button
          type="button"
          className="btn primary small"
          disabled={!check?.ok || job?.status === 'running'}
          onClick={() => void run()}
          data-testid="run-text"
        >
          {job?.status === 'running' ? 'Running…' : 'Run this'}
        </button>
      </div>
      <div className="scenario-editor">
        <label className="field">
          <span className="field-label">File name</span>
          <input value={file} onChange={(e) => setFile(e.target.value)} aria-label="Scenario file name" className="w-l" />
        </label>
        <textarea
          value={text}
          onChange={(e) => setText(e.target.value)}
          aria-label="Scenario text"
          spellCheck={false}
          placeholder="Load a file, or paste a scenario (YAML or JSON) here."
          data-testid="scenario-text"
        />
        <div role="status" aria-live="polite" data-testid="scenario-check">
          {check === null ? null : check.ok ? (
            <p className="ok-text small">
              Valid: “{check.entry.name}”, {check.entry.steps.length} steps.
            </p>
          ) : (
            <ul className="bad-text small scenario-issues">
              {check.issues.map((i, n) => (
                <li key={n}>
                  {i.line > 0 ? `line ${i.line}: ` : ''}
                  {i.path ? `${i.path}: ` : ''}
                  {i.message}
                </li>
              ))}
            </ul>
          )}
        </div>
        {error && <ErrorState error={error} />}
        {job && (
          <ol className="scenario-steps" aria-label="Steps of this run">
            {steps.map((s) => {
              const r = job.steps[s.index];
              return (
                <li key={s.index} data-status={r?.status ?? 'pending'} className="small">
                  <span className={`badge ${STATUS_BADGE[r?.status ?? 'pending'] ?? 'grey'}`}>{r?.status ?? 'pending'}</span> {s.title}{' '}
                  {r?.message && <span className="muted">— {r.message}</span>}
                </li>
              );
            })}
          </ol>
        )}
      </div>
    </section>
  );
}
