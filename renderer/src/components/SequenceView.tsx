/**
 * A charger's traffic as a sequence diagram: the charger and the central system as two lanes, each CALL an
 * arrow from its sender, its reply an arrow back with the latency, coloured by the result; CALLERRORs and
 * timeouts marked; a server CALL's wait in the edge queue drawn on the central-system lane. Rows are
 * virtualized (a live charger can have thousands); one Tab stop, arrow keys move, Enter opens the frame.
 */
import { memo, useCallback, useEffect, useMemo, useRef } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { LogEntry } from '../../../core/api/types.js';
import { BREAK_MS, formatGap, sequenceRows, type SequenceRow } from './sequenceLayout.js';
import { formatTime } from './States.js';
import { useRovingList } from './useRovingList.js';

const ROW = 46;
const BREAK = 18;
const CP_X = '14%';
const CS_X = '86%';

export function SequenceView({
  entries,
  selectedId,
  onSelect,
  follow = true,
  height = 420,
}: {
  entries: readonly LogEntry[];
  selectedId: number | null;
  onSelect: (e: LogEntry) => void;
  follow?: boolean;
  height?: number;
}) {
  const rows = useMemo(() => sequenceRows(entries), [entries]);
  const parentRef = useRef<HTMLDivElement | null>(null);
  const size = useCallback((i: number) => ROW + ((rows[i]?.gapMs ?? 0) > BREAK_MS ? BREAK : 0), [rows]);
  const virtualizer = useVirtualizer({ count: rows.length, getScrollElement: () => parentRef.current, estimateSize: size, overscan: 10 });
  const roving = useRovingList(rows.length, { page: 8, scrollToIndex: useCallback((i: number) => virtualizer.scrollToIndex(i), [virtualizer]) });
  // follow the newest rows unless the reader scrolled up
  const pinned = useRef(true);
  useEffect(() => {
    if (follow && pinned.current && rows.length) virtualizer.scrollToIndex(rows.length - 1, { align: 'end' });
  }, [rows.length, follow, virtualizer]);
  useEffect(() => virtualizer.measure(), [rows, virtualizer]);
  return (
    <div className="sequence" data-testid="sequence">
      <svg width="0" height="0" aria-hidden style={{ position: 'absolute' }}>
        <defs>
          {(['ok', 'refused', 'failed', 'neutral'] as const).map((t) => (
            <marker key={t} id={`seq-arrow-${t}`} viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
              <path d="M0,0 L10,5 L0,10 z" className={`seq-head tone-${t}`} />
            </marker>
          ))}
        </defs>
      </svg>
      <div className="seq-lanes" aria-hidden>
        <span style={{ left: CP_X }}>Charger</span>
        <span style={{ left: CS_X }}>Central system</span>
      </div>
      <div
        className="seq-body"
        style={{ height }}
        ref={(el) => {
          parentRef.current = el;
          roving.containerRef.current = el;
        }}
        role="listbox"
        aria-label="Sequence of CALLs and replies"
        onKeyDown={roving.onKeyDown}
        onScroll={(e) => {
          const el = e.currentTarget;
          pinned.current = el.scrollTop + el.clientHeight >= el.scrollHeight - ROW;
        }}
      >
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualizer.getVirtualItems().map((v) => {
            const r = rows[v.index];
            if (!r) return null;
            return (
              <SeqRow
                key={r.id}
                r={r}
                start={v.start}
                height={v.size}
                selected={r.id === selectedId}
                onSelect={onSelect}
                index={v.index}
                tabStop={v.index === roving.active}
                onFocusRow={roving.activate}
              />
            );
          })}
        </div>
        {rows.length === 0 && <p className="muted seq-empty">No CALLs yet.</p>}
      </div>
    </div>
  );
}

function describe(r: SequenceRow): string {
  const dir = r.from === 'cp' ? 'charger to central system' : 'central system to charger';
  const end =
    r.outcome === 'reply'
      ? `${r.label ?? 'answered'}${r.latencyMs !== null ? ` in ${r.latencyMs} ms` : ''}`
      : r.outcome === 'callError'
        ? `CALLERROR ${r.label}`
        : r.outcome;
  return `${formatTime(new Date(r.t).toISOString())} ${r.action}, ${dir}: ${end}${r.queuedMs ? `, queued ${r.queuedMs} ms` : ''}`;
}

const SeqRow = memo(function SeqRow({
  r,
  start,
  height,
  selected,
  onSelect,
  index,
  tabStop,
  onFocusRow,
}: {
  r: SequenceRow;
  start: number;
  height: number;
  selected: boolean;
  onSelect: (e: LogEntry) => void;
  index: number;
  tabStop: boolean;
  onFocusRow: (i: number) => void;
}) {
  const hasBreak = r.gapMs > BREAK_MS;
  const from = r.from === 'cp' ? CP_X : CS_X;
  const to = r.from === 'cp' ? CS_X : CP_X;
  const answered = r.outcome === 'reply' || r.outcome === 'callError';
  const lost = r.outcome === 'timeout' || r.outcome === 'failed';
  return (
    <div
      role="option"
      aria-selected={selected}
      aria-label={describe(r)}
      className={`seq-row ${selected ? 'selected' : ''}`}
      style={{ position: 'absolute', top: 0, left: 0, right: 0, height, transform: `translateY(${start}px)` }}
      data-entry={r.id}
      data-outcome={r.outcome}
      data-tone={r.tone}
      onClick={() => onSelect(r.entry)}
      onKeyDown={(e) => (e.key === 'Enter' || e.key === ' ') && (e.preventDefault(), onSelect(r.entry))}
      tabIndex={tabStop ? 0 : -1}
      data-row-index={index}
      onFocus={() => onFocusRow(index)}
    >
      {hasBreak && <div className="seq-break">… {formatGap(r.gapMs)} …</div>}
      <div className="seq-line">
        <span className="seq-time mono">{formatTime(new Date(r.t).toISOString())}</span>
        <svg className="seq-svg" width="100%" height={ROW} aria-hidden>
          <line x1={CP_X} x2={CP_X} y1="0" y2={ROW} className="seq-lane" />
          <line x1={CS_X} x2={CS_X} y1="0" y2={ROW} className="seq-lane" />
          {r.queuedMs !== null && (
            <>
              <line x1={CS_X} x2={CS_X} y1="2" y2="16" className="seq-queued" />
              <text x={CS_X} y="10" dx="-6" className="seq-note">
                queued {r.queuedMs.toLocaleString()} ms
              </text>
            </>
          )}
          <text x="50%" y="11" textAnchor="middle" className="seq-action">
            {r.action}
          </text>
          <line x1={from} x2={to} y1="16" y2="16" className={`seq-call ${lost ? 'lost' : ''}`} markerEnd={lost ? undefined : 'url(#seq-arrow-neutral)'} />
          {lost && (
            <text x={to} y="20" dx={r.from === 'cp' ? -14 : 4} className="seq-x tone-failed">
              ✕
            </text>
          )}
          {answered && <line x1={to} x2={from} y1="22" y2="38" className={`seq-reply tone-${r.tone}`} markerEnd={`url(#seq-arrow-${r.tone})`} />}
          {(answered || lost || r.label) && (
            <text x="50%" y="42" textAnchor="middle" className={`seq-label tone-${r.tone}`}>
              {r.label ?? r.outcome}
              {r.latencyMs !== null ? ` · ${r.latencyMs.toLocaleString()} ms` : ''}
            </text>
          )}
        </svg>
      </div>
    </div>
  );
});
