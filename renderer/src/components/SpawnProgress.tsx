import { useEffect, useState } from 'react';
import { api } from '../api/client.js';
import { live } from '../api/live.js';
import type { SpawnJobView } from '../../../core/api/types.js';

/** Progress bars for running spawn jobs (from the live stream; finished jobs fade after a few seconds). */
export function SpawnProgress() {
  const [jobs, setJobs] = useState<Map<string, SpawnJobView>>(new Map());
  useEffect(() => {
    api.spawnJobs().then(
      (js) => setJobs(new Map(js.filter((j) => !j.done).map((j) => [j.id, j]))),
      () => undefined,
    );
    return live.on((b) => {
      const spawns = b.jobs.flatMap((e) => (e.kind === 'spawn' ? [e.job] : []));
      if (spawns.length === 0) return;
      setJobs((m) => {
        const n = new Map(m);
        for (const j of spawns) n.set(j.id, j);
        return n;
      });
      for (const j of spawns) {
        if (j.done)
          setTimeout(
            () =>
              setJobs((m) => {
                const n = new Map(m);
                n.delete(j.id);
                return n;
              }),
            4000,
          );
      }
    });
  }, []);
  if (jobs.size === 0) return null;
  return (
    <div className="spawn-progress" aria-live="polite">
      {[...jobs.values()].map((j) => {
        const pct = Math.round((100 * j.connected) / Math.max(1, j.request.count));
        return (
          <div key={j.id} className="progress-row" data-testid="spawn-progress">
            <span>
              {j.done ? 'Spawned' : 'Spawning'} {j.request.count} × {j.request.profile} ({j.request.idPrefix}…)
            </span>
            <progress max={j.request.count} value={j.connected} aria-label="Chargers connected" />
            <span className="mono">
              {j.connected}/{j.request.count} connected{j.failed ? `, ${j.failed} failed` : ''} ({pct}%)
            </span>
            {j.error && <span className="bad-text">{j.error}</span>}
          </div>
        );
      })}
    </div>
  );
}
