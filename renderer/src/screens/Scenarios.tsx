import { useEffect, useRef, useState } from 'react';
import { useRovingList } from '../components/useRovingList.js';
import { ScenarioEditor } from '../components/ScenarioEditor.js';
import { RunSequence } from '../components/RunSequence.js';
import { scenarioApi } from '../api/scenarios.js';
import { jobEnded, useJob } from '../api/useJob.js';
import { useLoad } from '../hooks.js';
import { Empty, ErrorState, Loading } from '../components/States.js';
import type { LibraryEntry, RunJob, RunStepView } from '../../../core/api/contracts/scenarios.js';

const STATUS_BADGE: Record<string, string> = { passed: 'green', failed: 'red', error: 'red', skipped: 'grey', running: 'blue', pending: 'grey' };

/** Pick a scenario from the library, run it on its own in-process ChargeBench, watch each step pass or fail live with the frames that proved it. */
export function Scenarios() {
  const library = useLoad(() => scenarioApi.library(), []);
  const [selected, setSelected] = useState<string | null>(null);
  /** The run as its start call returned it; `job` follows it on the live stream. */
  const [started, setStarted] = useState<RunJob | null>(null);
  const job = useJob('scenario', started);
  const [error, setError] = useState<string | null>(null);
  const [open, setOpen] = useState<number | null>(null);
  const entry = library.data?.find((e) => e.file === selected) ?? library.data?.[0] ?? null;
  /** The last result of each library entry run from this page (file → status). */
  const [results, setResults] = useState<Record<string, string>>({});
  const [runningAll, setRunningAll] = useState<string | null>(null);
  const stopAll = useRef(false);
  const entries = library.data ?? [];
  const roving = useRovingList(entries.length);

  useEffect(() => {
    if (job && job.status !== 'running') setResults((r) => ({ ...r, [job.file]: job.status }));
    // eslint-disable-next-line react-hooks/exhaustive-deps -- keyed on the run and its status, not on every update's new object
  }, [job?.id, job?.status]);

  /** Runs every valid entry in turn (each on its own bench), showing each as it runs. */
  async function runAll() {
    stopAll.current = false;
    setError(null);
    for (const e of entries) {
      if (stopAll.current) break;
      if (e.error) {
        setResults((r) => ({ ...r, [e.file]: 'error' }));
        continue;
      }
      setRunningAll(e.file);
      setSelected(e.file);
      try {
        const first = (await scenarioApi.run(e.file)).job;
        setStarted(first);
        const j = await jobEnded('scenario', first);
        setResults((r) => ({ ...r, [e.file]: j.status }));
      } catch (err) {
        setError((err as Error).message);
        break;
      }
    }
    setRunningAll(null);
  }

  async function run(e: LibraryEntry) {
    setError(null);
    setOpen(null);
    try {
      setStarted((await scenarioApi.run(e.file)).job);
    } catch (err) {
      setError((err as Error).message);
    }
  }

  const jobForEntry = job && entry && job.file === entry.file ? job : null;

  return (
    <div className="screen">
      <header className="screen-head">
        <h1>Scenarios</h1>
        <span className="muted">Field bugs as regression tests. Each run gets its own ChargeBench backend; headless: npx chargebench scenario run FILE.</span>
      </header>
      {error && <ErrorState error={error} />}
      {library.loading && !library.data && <Loading what="scenarios" />}
      {library.error && !library.data && <ErrorState error={library.error} retry={library.reload} />}
      {library.data?.length === 0 && <Empty title="No scenarios in the library">Add YAML files to the scenarios/ folder.</Empty>}
      {library.data && library.data.length > 0 && entry && (
        <div className="detail-grid">
          <section className="panel" aria-label="Scenario library" style={{ minWidth: 0 }}>
            <div className="panel-head">
              <h2>Library</h2>
              <div className="spacer" />
              {runningAll ? (
                <button className="btn small" onClick={() => (stopAll.current = true)} data-testid="stop-all">
                  Stop after this one
                </button>
              ) : (
                <button className="btn small" disabled={jobForEntry?.status === 'running'} onClick={() => void runAll()} data-testid="run-all">
                  Run all
                </button>
              )}
            </div>
            <ul
              className="scenario-list"
              role="listbox"
              aria-label="Scenarios"
              ref={(el) => {
                roving.containerRef.current = el;
              }}
              onKeyDown={roving.onKeyDown}
            >
              {entries.map((e, i) => {
                const last = e.error ? 'invalid' : results[e.file];
                return (
                  <li
                    key={e.file}
                    role="option"
                    aria-selected={e.file === entry.file}
                    className={`scenario-option ${e.file === entry.file ? 'active' : ''}`}
                    data-testid={`scenario-${e.file}`}
                    {...roving.rowProps(i)}
                    onFocus={() => roving.rowProps(i).onFocus()}
                    onClick={() => setSelected(e.file)}
                    onKeyDown={(ev) => (ev.key === 'Enter' || ev.key === ' ') && (ev.preventDefault(), setSelected(e.file))}
                  >
                    <span className="scenario-name">{e.name}</span>
                    <span className={`badge ${last ? (STATUS_BADGE[last] ?? 'red') : 'grey'}`} data-testid="last-result">
                      {runningAll === e.file ? 'running' : (last ?? 'not run')}
                    </span>
                  </li>
                );
              })}
            </ul>
          </section>
          <section className="panel" aria-label="Scenario run" style={{ minWidth: 0 }}>
            <div className="panel-head">
              <h2>{entry.name}</h2>
              <div className="spacer" />
              {jobForEntry && (
                <span className={`badge ${STATUS_BADGE[jobForEntry.status] ?? 'grey'}`} data-testid="run-status">
                  {jobForEntry.status.toUpperCase()}
                </span>
              )}
              <button className="btn primary" disabled={Boolean(entry.error) || jobForEntry?.status === 'running'} onClick={() => void run(entry)}>
                {jobForEntry?.status === 'running' ? 'Running…' : 'Run'}
              </button>
            </div>
            <p className="muted small">{entry.description}</p>
            <p className="muted small mono">
              {entry.file}
              {entry.tags.length ? ` · ${entry.tags.join(', ')}` : ''}
            </p>
            {entry.error && <ErrorState error={entry.error} />}
            {jobForEntry?.result && (
              <p className="small" data-testid="run-summary">
                Assertions {jobForEntry.result.assertions.passed} passed, {jobForEntry.result.assertions.failed} failed, {jobForEntry.result.assertions.skipped}{' '}
                skipped · {(jobForEntry.result.durationMs / 1000).toFixed(1)} s ({Math.round(jobForEntry.result.simulatedMs / 60000)} min simulated at ×
                {jobForEntry.result.speed}) · {jobForEntry.result.frames} frames
              </p>
            )}
            <ol className="scenario-steps" aria-label="Steps">
              {entry.steps.map((s) => {
                const r: RunStepView | undefined = jobForEntry?.steps[s.index];
                const status = r?.status ?? 'pending';
                return (
                  <li key={s.index} data-testid={`step-${s.index}`} data-status={status}>
                    <button className="btn ghost step-btn" aria-expanded={open === s.index} onClick={() => setOpen(open === s.index ? null : s.index)}>
                      <span className={`badge ${STATUS_BADGE[status] ?? 'grey'}`}>{status}</span> <span className="mono">{s.kind}</span> {s.title}
                      <span className="muted small"> line {s.line}</span>
                    </button>
                    {r?.message && <div className={`small ${status === 'failed' || status === 'error' ? 'bad-text' : 'muted'}`}>{r.message}</div>}
                    {open === s.index && r && (
                      <div className="step-frames" aria-label={`Frames of step ${s.index + 1}`}>
                        {r.evidence.length === 0 && <div className="muted small">No frames for this step.</div>}
                        {r.evidence.map((f) => (
                          <div key={f.seq} className="mono small">
                            {f.at.slice(11, 23)} {f.charger} {f.from === 'charger' ? '→ CSMS' : '← CSMS'} {f.text}
                          </div>
                        ))}
                      </div>
                    )}
                  </li>
                );
              })}
            </ol>
            {jobForEntry && <RunSequence job={jobForEntry} />}
          </section>
        </div>
      )}
      <div className="detail-grid">
        <ScenarioEditor />
      </div>
    </div>
  );
}
