/** A scenario run's frames (every step's evidence) as a sequence, with the clicked exchange's CALL and reply. */
import { useMemo, useState } from 'react';
import type { LogEntry } from '../../../core/api/types.js';
import type { RunJob } from '../../../core/api/contracts/scenarios.js';
import { EntryDetail } from '../screens/logDetail.js';
import { evidenceEntries } from './evidenceEntries.js';
import { SequenceView } from './SequenceView.js';

export function RunSequence({ job }: { job: RunJob }) {
  const [selected, setSelected] = useState<LogEntry | null>(null);
  const frames = useMemo(() => {
    const seen = new Map<number, RunJob['steps'][number]['evidence'][number]>();
    for (const s of job.steps) for (const f of s.evidence) seen.set(f.seq, f);
    return [...seen.values()];
  }, [job]);
  const entries = useMemo(() => evidenceEntries(frames), [frames]);
  if (entries.length === 0) return null;
  return (
    <div className="run-sequence" data-testid="run-sequence">
      <h3 className="small strong">This run as a sequence</h3>
      <SequenceView entries={entries} selectedId={selected?.id ?? null} onSelect={setSelected} follow={false} height={300} />
      {selected && <EntryDetail entry={selected} chargerLink={false} />}
    </div>
  );
}
