import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { api, type LogFilter } from '../api/client.js';
import { live } from '../api/live.js';
import { Empty, ErrorState, Loading, formatTime } from '../components/States.js';
import { EntryDetail, QueuedTag, resultLabel } from './logDetail.js';
import { navigate } from '../router.js';
import type { ScreenProps } from './registry.js';
import type { FrameView, LogEntry } from '../../../core/api/types.js';
import { FrameMemory, entryMatches, mergeLive, mergePage } from './logEntries.js';
import { useDebouncedInput } from '../hooks.js';
import { SortHeader } from '../components/SortHeader.js';
import { useRovingList } from '../components/useRovingList.js';
import { sortLogEntries, type LogSort } from './logSort.js';
import { LogFilterBar } from './LogFilterBar.js';

const ROW = 30;
const MAX_LIVE_ROWS = 20_000;
/** After a page loads: when to read what was stored between that read and the live subscription taking effect. */
const CATCH_UP_MS = 600;

function filterFromRoute(q: URLSearchParams): LogFilter {
  const f: LogFilter = {};
  for (const k of ['chargePointId', 'action', 'direction', 'messageType', 'q', 'from', 'to'] as const) {
    const v = q.get(k);
    if (v) (f as Record<string, string>)[k] = v;
  }
  return f;
}

export function MessageLog({ route }: ScreenProps) {
  const filter = useMemo(() => filterFromRoute(route.query), [route.query]);
  const [entries, setEntries] = useState<LogEntry[]>([]);
  const [hasMore, setHasMore] = useState(false);
  const [nextBefore, setNextBefore] = useState<number | null>(null);
  const [loadingOlder, setLoadingOlder] = useState(false);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [paused, setPaused] = useState(false);
  const [missed, setMissed] = useState(0);
  const [skipped, setSkipped] = useState(0);
  const [selectedId, setSelectedId] = useState<number | null>(null);
  const [tookMs, setTookMs] = useState<number | null>(null);
  const pausedRef = useRef(paused);
  pausedRef.current = paused;
  /** Live frames held while the reader is scrolled away from the newest rows (shown as "N new"). */
  const buffered = useRef<FrameView[]>([]);
  const bufferedEntries = useRef<LogEntry[]>([]);
  const [newCount, setNewCount] = useState(0);
  const atTop = useRef(true);
  const [sort, setSort] = useState<LogSort>({ key: 'time', dir: 'desc' });

  const memory = useRef(new FrameMemory()).current;
  /** Page loads in flight are numbered: only the latest one's answer is shown. */
  const generation = useRef(0);
  /** Live frames that arrive while a page loads, merged into that page when it comes. */
  const held = useRef<FrameView[] | null>(null);
  const filterRef = useRef(filter);
  filterRef.current = filter;
  const selectedRef = useRef(selectedId);
  selectedRef.current = selectedId;

  const load = useCallback(async () => {
    const gen = ++generation.current;
    held.current = [];
    setLoading(true);
    try {
      const page = await api.messages({ ...filter, limit: 300 });
      if (gen !== generation.current) return;
      const frames = held.current ?? [];
      held.current = null;
      setEntries(mergeLive(page.items, frames, filter, memory, MAX_LIVE_ROWS));
      setHasMore(page.hasMore);
      setNextBefore(page.nextBefore);
      setTookMs(page.tookMs);
      setError(null);
      setMissed(0);
      setSkipped(0);
      // Frames stored after the page was read but before the server took this screen's live subscription
      // would be in neither: read them once the subscription is surely in place.
      const newest = page.items.reduce((m, e) => Math.max(m, e.id), 0);
      setTimeout(() => {
        if (gen !== generation.current || pausedRef.current) return;
        api.messages({ ...filter, after: newest, limit: 1000 }).then(
          (later) => {
            if (gen !== generation.current || later.items.length === 0) return;
            // the reader already scrolled away: these wait behind the "N new" marker like live frames
            if (!atTop.current) {
              bufferedEntries.current.push(...later.items);
              setNewCount(buffered.current.length + bufferedEntries.current.length);
              return;
            }
            setEntries((es) => mergePage(es, later.items, filter, MAX_LIVE_ROWS));
          },
          () => undefined,
        );
      }, CATCH_UP_MS);
    } catch (err) {
      if (gen === generation.current) setError((err as Error).message);
    } finally {
      if (gen === generation.current) {
        held.current = null;
        setLoading(false);
      }
    }
  }, [filter, memory]);

  useEffect(() => {
    // subscribe first, then read the page: frames from now on come live, the page has those before
    live.subscribe({ frames: { chargePointId: filter.chargePointId, action: filter.action } });
    const off = live.on((b) => {
      if (b.frames.length === 0 && !b.framesDropped) return;
      if (pausedRef.current) {
        setMissed((m) => m + b.frames.length + b.framesDropped);
        return;
      }
      // Under heavy traffic the server caps frames per batch: show the newest and say how many were skipped
      // (they are all stored; pause or filter to read them).
      if (b.framesDropped > 0) setSkipped((n) => n + b.framesDropped);
      if (held.current) {
        held.current.push(...b.frames);
        return;
      }
      if (!atTop.current) {
        buffered.current.push(...b.frames);
        setNewCount(buffered.current.length + bufferedEntries.current.length);
        return;
      }
      setEntries((es) => mergeLive(es, b.frames, filterRef.current, memory, MAX_LIVE_ROWS));
      // a selected CALL that reached the wire moved to its new id: keep it selected
      for (const f of b.frames) if (f.replacesId !== undefined && f.replacesId === selectedRef.current) setSelectedId(f.id);
    });
    // until the new page arrives, keep only the rows that match the new filter
    setEntries((es) => es.filter((e) => entryMatches(filter, e)));
    void load();
    return () => {
      off();
      // a counter, not a DOM node: bumping it drops answers to the previous filter's requests
      // eslint-disable-next-line react-hooks/exhaustive-deps
      generation.current++;
      held.current = null;
      live.subscribe({ frames: null });
    };
  }, [filter, load, memory]);

  async function loadOlder() {
    if (nextBefore === null || loadingOlder) return;
    const gen = generation.current;
    setLoadingOlder(true);
    try {
      const page = await api.messages({ ...filter, before: nextBefore, limit: 300 });
      if (gen !== generation.current) return;
      setEntries((es) => mergePage(es, page.items, filter));
      setHasMore(page.hasMore);
      setNextBefore(page.nextBefore);
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setLoadingOlder(false);
    }
  }

  function setFilter(patch: Partial<LogFilter>) {
    const next = { ...filter, ...patch };
    navigate(['messages'], next as Record<string, string>);
  }
  const cpInput = useDebouncedInput(filter.chargePointId ?? '', (v) => setFilter({ chargePointId: v.trim() || undefined }));
  const qInput = useDebouncedInput(filter.q ?? '', (v) => setFilter({ q: v || undefined }));

  /** Shows the held live frames (the reader came back to the top, or asked for them). */
  const showNew = useCallback(() => {
    const frames = buffered.current;
    const later = bufferedEntries.current;
    buffered.current = [];
    bufferedEntries.current = [];
    setNewCount(0);
    if (later.length) setEntries((es) => mergePage(es, later, filterRef.current, MAX_LIVE_ROWS));
    if (frames.length) setEntries((es) => mergeLive(es, frames, filterRef.current, memory, MAX_LIVE_ROWS));
  }, [memory]);
  const onScroll = useCallback(() => {
    const top = (parentRef.current?.scrollTop ?? 0) < ROW;
    atTop.current = top;
    if (top && buffered.current.length) showNew();
  }, [showNew]);
  useEffect(() => {
    buffered.current = [];
    bufferedEntries.current = [];
    setNewCount(0);
    atTop.current = true;
  }, [filter]);
  const shown = useMemo(() => sortLogEntries(entries, sort), [entries, sort]);

  const parentRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({ count: shown.length, getScrollElement: () => parentRef.current, estimateSize: () => ROW, overscan: 15 });
  const roving = useRovingList(shown.length, { page: 20, scrollToIndex: useCallback((i: number) => virtualizer.scrollToIndex(i), [virtualizer]) });
  const items = virtualizer.getVirtualItems();
  const lastItem = items[items.length - 1];
  useEffect(() => {
    // scrolled near the end, or a rare search term found few rows so far: keep searching older frames
    if (!hasMore || loading || loadingOlder) return;
    if (entries.length < 60 || (lastItem && lastItem.index >= entries.length - 5)) void loadOlder();
    // loadOlder reads the state listed here (nextBefore, filter through a page); the last row's index is what moves
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [lastItem?.index, hasMore, entries.length, loading, loadingOlder, nextBefore]);

  const selected = entries.find((e) => e.id === selectedId) ?? null;

  return (
    <div className="screen fill">
      <header className="screen-head">
        <h1>Message log</h1>
        {tookMs !== null && <span className="muted">query {tookMs.toFixed(1)} ms</span>}
        {loadingOlder && <span className="muted">loading older…</span>}
        {skipped > 0 && !paused && (
          <span className="muted" title="Every frame is stored; the live view shows the newest of each batch">
            live view skipped {skipped.toLocaleString()} frames — filter by charger or pause to read all
          </span>
        )}
        <div className="spacer" />
        <button
          className={`btn ${paused ? 'primary' : ''}`}
          onClick={() => (paused ? (setPaused(false), (pausedRef.current = false), void load()) : setPaused(true))}
          aria-pressed={paused}
          data-testid="pause"
        >
          {paused ? `Resume live${missed ? ` (${missed} new)` : ''}` : 'Pause'}
        </button>
        <a className="btn" href={api.exportUrl(filter)} download>
          Export NDJSON
        </a>
      </header>
      <LogFilterBar
        filter={filter}
        setFilter={setFilter}
        cpInput={cpInput}
        qInput={qInput}
        status={
          cpInput.pending || qInput.pending
            ? 'Filtering…'
            : loading
              ? 'Loading…'
              : `${entries.length.toLocaleString()} shown${hasMore ? ' (more on scroll)' : ''}`
        }
      />
      {error && <ErrorState error={error} retry={() => void load()} />}
      <div className="split">
        <div className="table log-table" role="grid" aria-label="Messages">
          <div className="tr th log-cols" role="row">
            <SortHeader
              label="Time"
              sortKey="time"
              sort={sort}
              onSort={(k) => setSort((s) => ({ key: k, dir: s.key === k && s.dir === 'desc' ? 'asc' : 'desc' }))}
            />
            <span role="columnheader">Charger</span>
            <span role="columnheader">Dir</span>
            <span role="columnheader">Action</span>
            <span role="columnheader">Result</span>
            <SortHeader
              label="Latency"
              sortKey="latency"
              sort={sort}
              onSort={(k) => setSort((s) => ({ key: k, dir: s.key === k && s.dir === 'desc' ? 'asc' : 'desc' }))}
              className="num"
            />
          </div>
          {loading && entries.length === 0 ? (
            <Loading what="messages" />
          ) : entries.length === 0 && hasMore ? (
            <Loading what="older messages (searching back)" />
          ) : entries.length === 0 ? (
            <Empty title="No messages match">Frames appear here as chargers talk to the bench.</Empty>
          ) : (
            <div
              ref={(el) => {
                parentRef.current = el;
                roving.containerRef.current = el;
              }}
              className="tbody"
              data-testid="log-rows"
              onScroll={onScroll}
              onKeyDown={roving.onKeyDown}
            >
              {newCount > 0 && (
                <button
                  type="button"
                  className="new-marker"
                  data-testid="new-marker"
                  onClick={() => {
                    parentRef.current?.scrollTo({ top: 0 });
                    atTop.current = true;
                    showNew();
                  }}
                >
                  ↑ {newCount.toLocaleString()} new — show
                </button>
              )}
              <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
                {items.map((v) => {
                  const e = shown[v.index];
                  if (!e) return null;
                  const first = e.call ?? e.reply;
                  const isError = e.reply?.messageType === 'CALLERROR' || first?.messageType === 'INVALID';
                  return (
                    <div
                      key={e.id}
                      role="row"
                      {...roving.rowProps(v.index)}
                      aria-selected={selectedId === e.id}
                      className={`tr log-cols clickable ${isError ? 'error-row' : ''} ${selectedId === e.id ? 'selected' : ''}`}
                      style={{ position: 'absolute', top: 0, left: 0, right: 0, height: ROW, transform: `translateY(${v.start}px)` }}
                      onClick={() => setSelectedId(e.id)}
                      onKeyDown={(ev) => {
                        if (ev.key === 'Enter' || ev.key === ' ') {
                          ev.preventDefault();
                          setSelectedId(e.id);
                        }
                      }}
                      data-action={e.action ?? ''}
                      data-entry={e.id}
                      data-cp={e.chargePointId}
                    >
                      <span role="gridcell" className="mono muted">
                        {formatTime(first?.at)}
                      </span>
                      <span role="gridcell" className="mono ellipsis">
                        {e.chargePointId}
                      </span>
                      <span role="gridcell" title={first?.direction === 'in' ? 'charger → central system' : 'central system → charger'}>
                        {first?.direction === 'in' ? 'CP→CS' : 'CS→CP'}
                      </span>
                      <span role="gridcell" className="strong ellipsis">
                        {e.action ?? (first?.messageType === 'INVALID' ? 'invalid frame' : '(reply)')}
                      </span>
                      <span role="gridcell" className="ellipsis">
                        {resultLabel(e)}
                        <QueuedTag entry={e} />
                      </span>
                      <span role="gridcell" className="num mono">
                        {e.latencyMs !== null ? `${e.latencyMs} ms` : ''}
                      </span>
                    </div>
                  );
                })}
              </div>
            </div>
          )}
        </div>
        <aside className="detail-pane" aria-label="Message detail">
          {selected ? <EntryDetail entry={selected} /> : <p className="muted">Select a message to see the CALL and its reply.</p>}
        </aside>
      </div>
    </div>
  );
}
