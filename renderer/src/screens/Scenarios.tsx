import { useEffect, useState } from 'react';
import { scenarioApi } from '../api/scenarios.js';
import { useLoad } from '../hooks.js';
import { Empty, ErrorState, Loading } from '../components/States.js';
import type { LibraryEntry, RunJob, RunStepView } from '../../../core/api/contracts/scenarios.js';

const STATUS_BADGE: Record<string, string> = { passed: 'green', failed: 'red', error: 'red', skipped: 'grey', running: 'blue', pending: 'grey' };

/** Pick a scenario from the library, run it on its own in-process ChargeBench, watch each step pass or fail live with the frames that proved it. */
export function Scenarios() {
  const library = useLoad(() => scenarioApi.library(), []);
  const [selected, setSelected] = useState<string | null>(null);
  const [job, setJob] = useState<RunJob | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [open, setOpen] = useState<number | null>(null);
  const entry = library.data?.find((e) => e.file === selected) ?? library.data?.[0] ?? null;

  const runningId = job?.status === 'running' ? job.id : null;
  useEffect(() => {
    if (!runningId) return;
    const t = setInterval(() => {
      scenarioApi
        .job(runningId)
        .then((r) => setJob(r.job))
        .catch((err: Error) => setError(err.message));
    }, 300);
    return () => clearInterval(t);
  }, [runningId]);

  async function run(e: LibraryEntry) {
    setError(null);
    setOpen(null);
    try {
      setJob((await scenarioApi.run(e.file)).job);
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
            </div>
            <ul className="scenario-list" role="listbox" aria-label="Scenarios" style={{ listStyle: 'none', margin: 0, padding: 0, display: 'grid', gap: 4 }}>
              {library.data.map((e) => (
                <li key={e.file}>
                  <button
                    className={`btn ghost ${e.file === entry.file ? 'active' : ''}`}
                    role="option"
                    aria-selected={e.file === entry.file}
                    data-testid={`scenario-${e.file}`}
                    style={{ textAlign: 'left', whiteSpace: 'normal', width: '100%' }}
                    onClick={() => setSelected(e.file)}
                  >
                    {e.name}
                    {e.error && <span className="badge red">invalid</span>}
                  </button>
                </li>
              ))}
            </ul>
          </section>
          <section className="panel" aria-label="Scenario run" style={{ minWidth: 0 }}>
            <div className="panel-head">
              <h2>{entry.name}</h2>
              <div className="spacer" />
              {jobForEntry && <span className={`badge ${STATUS_BADGE[jobForEntry.status] ?? 'grey'}`} data-testid="run-status">{jobForEntry.status.toUpperCase()}</span>}
              <button className="btn primary" disabled={Boolean(entry.error) || jobForEntry?.status === 'running'} onClick={() => void run(entry)}>
                {jobForEntry?.status === 'running' ? 'Running…' : 'Run'}
              </button>
            </div>
            <p className="muted small">{entry.description}</p>
            <p className="muted small mono">{entry.file}{entry.tags.length ? ` · ${entry.tags.join(', ')}` : ''}</p>
            {entry.error && <ErrorState error={entry.error} />}
            {jobForEntry?.result && (
              <p className="small" data-testid="run-summary">
                Assertions {jobForEntry.result.assertions.passed} passed, {jobForEntry.result.assertions.failed} failed, {jobForEntry.result.assertions.skipped} skipped · {(jobForEntry.result.durationMs / 1000).toFixed(1)} s ({Math.round(jobForEntry.result.simulatedMs / 60000)} min simulated at ×{jobForEntry.result.speed}) · {jobForEntry.result.frames} frames
              </p>
            )}
            <ol className="scenario-steps" aria-label="Steps" style={{ listStyle: 'none', margin: 0, padding: 0, display: 'grid', gap: 6 }}>
              {entry.steps.map((s) => {
                const r: RunStepView | undefined = jobForEntry?.steps[s.index];
                const status = r?.status ?? 'pending';
                return (
                  <li key={s.index} data-testid={`step-${s.index}`} data-status={status}>
                    <button className="btn ghost" style={{ textAlign: 'left', whiteSpace: 'normal' }} aria-expanded={open === s.index} onClick={() => setOpen(open === s.index ? null : s.index)}>
                      <span className={`badge ${STATUS_BADGE[status] ?? 'grey'}`}>{status}</span> <span className="mono">{s.kind}</span> {s.title}
                      <span className="muted small"> line {s.line}</span>
                    </button>
                    {r?.message && <div className={`small ${status === 'failed' || status === 'error' ? 'bad-text' : 'muted'}`}>{r.message}</div>}
                    {open === s.index && r && (
                      <div className="frame-block" aria-label={`Frames of step ${s.index + 1}`} style={{ overflowX: 'auto', whiteSpace: 'nowrap', maxWidth: '100%' }}>
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
          </section>
        </div>
      )}
    </div>
  );
}
