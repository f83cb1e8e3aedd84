/**
 * The charger page's live pane: its frames as they happen, drawn as a sequence (SequenceView), with pause
 * (new frames wait, counted) and a filter by action; clicking an exchange opens its CALL and reply. Given a
 * time window (`from`/`to`, e.g. a transaction's), it shows that window instead of following live.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { api } from '../api/client.js';
import { live } from '../api/live.js';
import type { FrameView, LogEntry } from '../../../core/api/types.js';
import { FrameMemory, mergeLive } from '../screens/logEntries.js';
import { EntryDetail } from '../screens/logDetail.js';
import { SequenceView } from './SequenceView.js';
import { ErrorState } from './States.js';

const MAX_ROWS = 2000;

export function ChargerTraffic({ chargePointId, from, to, title }: { chargePointId: string; from?: string; to?: string; title?: string }) {
  const [entries, setEntries] = useState<LogEntry[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [paused, setPaused] = useState(false);
  const [held, setHeld] = useState(0);
  const [action, setAction] = useState('');
  const [selected, setSelected] = useState<LogEntry | null>(null);
  const memory = useRef(new FrameMemory()).current;
  const buffer = useRef<FrameView[]>([]);
  const pausedRef = useRef(paused);
  pausedRef.current = paused;
  const following = to === undefined;
  const filter = useMemo(() => ({ chargePointId }), [chargePointId]);
  const sectionRef = useRef<HTMLElement | null>(null);
  // opened for a window (a transaction's sequence): that is what the reader came for
  useEffect(() => {
    if (from) sectionRef.current?.scrollIntoView({ block: 'start' });
  }, [from]);

  useEffect(() => {
    let alive = true;
    const waiting: FrameView[] = [];
    let loaded = false;
    const off = following
      ? live.on((b) => {
          const mine = b.frames.filter((f) => f.chargePointId === chargePointId);
          if (mine.length === 0) return;
          if (!loaded || pausedRef.current) {
            (loaded ? buffer.current : waiting).push(...mine);
            if (loaded) setHeld(buffer.current.length);
            return;
          }
          setEntries((es) => mergeLive(es, mine, filter, memory, MAX_ROWS));
        })
      : () => undefined;
    if (following) live.subscribe({ frames: { chargePointId } });
    api.messages({ chargePointId, ...(from ? { from } : {}), ...(to ? { to } : {}), limit: 500 }).then(
      (page) => {
        if (!alive) return;
        loaded = true;
        setEntries(mergeLive(page.items, waiting, filter, memory, MAX_ROWS));
        setError(null);
      },
      (err: Error) => alive && setError(err.message),
    );
    return () => {
      alive = false;
      off();
      if (following) live.subscribe({ frames: null });
    };
  }, [chargePointId, from, to, following, filter, memory]);

  const resume = useCallback(() => {
    setPaused(false);
    const frames = buffer.current;
    buffer.current = [];
    setHeld(0);
    if (frames.length) setEntries((es) => mergeLive(es, frames, filter, memory, MAX_ROWS));
  }, [filter, memory]);

  const actions = useMemo(() => [...new Set(entries.map((e) => e.action).filter((a): a is string => !!a))].sort(), [entries]);
  const shown = useMemo(() => (action ? entries.filter((e) => e.action === action) : entries), [entries, action]);

  return (
    <section className="panel span2 charger-traffic" aria-label="Live traffic" ref={sectionRef}>
      <div className="panel-head">
        <h2>{title ?? 'Live traffic'}</h2>
        <div className="spacer" />
        <select aria-label="Filter by action" value={action} onChange={(e) => setAction(e.target.value)} data-testid="traffic-action">
          <option value="">All actions</option>
          {actions.map((a) => (
            <option key={a}>{a}</option>
          ))}
        </select>
        {following && (
          <button
            type="button"
            className={`btn small ${paused ? 'primary' : ''}`}
            aria-pressed={paused}
            onClick={() => (paused ? resume() : setPaused(true))}
            data-testid="traffic-pause"
          >
            {paused ? `Resume${held ? ` (${held} new)` : ''}` : 'Pause'}
          </button>
        )}
      </div>
      {error && <ErrorState error={error} />}
      <div className="traffic-split">
        <SequenceView entries={shown} selectedId={selected?.id ?? null} onSelect={setSelected} follow={following && !paused} height={380} />
        <aside className="detail-pane traffic-detail" aria-label="Frame">
          {selected ? (
            <EntryDetail entry={entries.find((e) => e.id === selected.id) ?? selected} />
          ) : (
            <p className="muted">Click an exchange to see its CALL and reply.</p>
          )}
        </aside>
      </div>
    </section>
  );
}
