import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { api, type LogFilter } from '../api/client.js';
import { live } from '../api/live.js';
import { Empty, ErrorState, Loading, formatTime } from '../components/States.js';
import { JsonView } from '../components/JsonView.js';
import { href, navigate } from '../router.js';
import type { ScreenProps } from './registry.js';
import type { FrameView, LogEntry } from '../../../core/api/types.js';
import { COMMANDS } from '../ocpp/schemas.js';

const CP_ACTIONS = ['Authorize', 'BootNotification', 'DataTransfer', 'DiagnosticsStatusNotification', 'FirmwareStatusNotification', 'Heartbeat', 'MeterValues', 'StartTransaction', 'StatusNotification', 'StopTransaction'];
const ALL_ACTIONS = [...new Set([...CP_ACTIONS, ...COMMANDS])].sort();
const ROW = 30;
const MAX_LIVE_ROWS = 20_000;

function filterFromRoute(q: URLSearchParams): LogFilter {
  const f: LogFilter = {};
  for (const k of ['chargePointId', 'action', 'direction', 'messageType', 'q', 'from', 'to'] as const) {
    const v = q.get(k);
    if (v) (f as Record<string, string>)[k] = v;
  }
  return f;
}

function matches(f: LogFilter, e: LogEntry): boolean {
  const first = e.call ?? e.reply;
  if (!first) return false;
  if (f.chargePointId && e.chargePointId !== f.chargePointId) return false;
  if (f.action && e.action !== f.action) return false;
  if (f.to && Date.parse(first.at) > Date.parse(f.to)) return false;
  if (f.from && Date.parse(first.at) < Date.parse(f.from)) return false;
  if (f.direction && first.direction !== f.direction) return false;
  if (f.messageType && !(e.call?.messageType === f.messageType || e.reply?.messageType === f.messageType)) return false;
  if (f.q) {
    const needle = f.q.toLowerCase();
    const hay = `${e.chargePointId} ${e.action ?? ''} ${first.messageId ?? ''} ${JSON.stringify(e.call?.payload ?? '')} ${JSON.stringify(e.reply?.payload ?? '')}`.toLowerCase();
    if (!hay.includes(needle)) return false;
  }
  return true;
}

/** Merges live frames into entries (newest first): a reply joins its CALL; anything else starts a new entry. */
function mergeFrames(entries: LogEntry[], frames: FrameView[], filter: LogFilter): LogEntry[] {
  let next = entries;
  const fresh: LogEntry[] = [];
  for (const f of frames) {
    if ((f.messageType === 'CALLRESULT' || f.messageType === 'CALLERROR') && f.messageId) {
      const pool = [fresh, next];
      let joined = false;
      for (const list of pool) {
        const i = list.findIndex((e, idx) => idx < 2000 && e.call?.messageId === f.messageId && e.chargePointId === f.chargePointId && !e.reply && e.call.direction !== f.direction);
        if (i >= 0) {
          const e = list[i] as LogEntry;
          const merged: LogEntry = { ...e, reply: f, latencyMs: Date.parse(f.at) - Date.parse(e.call?.at ?? f.at) };
          if (list === next) {
            next = next === entries ? [...entries] : next;
            next[i] = merged;
          } else fresh[i] = merged;
          joined = true;
          break;
        }
      }
      if (joined) continue;
    }
    const isCall = f.messageType === 'CALL';
    const entry: LogEntry = { id: f.id, chargePointId: f.chargePointId, action: f.action, call: isCall ? f : null, reply: isCall ? null : f, latencyMs: null };
    if (matches(filter, entry)) fresh.unshift(entry);
  }
  const all = fresh.length ? [...fresh, ...next] : next;
  return all.length > MAX_LIVE_ROWS ? all.slice(0, MAX_LIVE_ROWS) : all;
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

  const load = useCallback(async () => {
    setLoading(true);
    try {
      const page = await api.messages({ ...filter, limit: 300 });
      setEntries(page.items);
      setHasMore(page.hasMore);
      setNextBefore(page.nextBefore);
      setTookMs(page.tookMs);
      setError(null);
      setMissed(0);
      setSkipped(0);
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setLoading(false);
    }
  }, [filter]);

  useEffect(() => void load(), [load]);

  useEffect(() => {
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
      setEntries((es) => mergeFrames(es, b.frames, filter));
    });
    return () => {
      off();
      live.subscribe({ frames: null });
    };
  }, [filter, load]);

  async function loadOlder() {
    if (nextBefore === null || loadingOlder) return;
    setLoadingOlder(true);
    try {
      const page = await api.messages({ ...filter, before: nextBefore, limit: 300 });
      setEntries((es) => {
        const seen = new Set(es.map((e) => e.id));
        return [...es, ...page.items.filter((p) => !seen.has(p.id))];
      });
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

  const parentRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({ count: entries.length, getScrollElement: () => parentRef.current, estimateSize: () => ROW, overscan: 15 });
  const items = virtualizer.getVirtualItems();
  const lastItem = items[items.length - 1];
  useEffect(() => {
    // scrolled near the end, or a rare search term found few rows so far: keep searching older frames
    if (!hasMore || loading || loadingOlder) return;
    if (entries.length < 60 || (lastItem && lastItem.index >= entries.length - 5)) void loadOlder();
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
        <button className={`btn ${paused ? 'primary' : ''}`} onClick={() => (paused ? (setPaused(false), void load()) : setPaused(true))} aria-pressed={paused} data-testid="pause">
          {paused ? `Resume live${missed ? ` (${missed} new)` : ''}` : 'Pause'}
        </button>
        <a className="btn" href={api.exportUrl(filter)} download>
          Export NDJSON
        </a>
      </header>
      <div className="toolbar" role="search">
        <input aria-label="Charger id" placeholder="Charger id" defaultValue={filter.chargePointId ?? ''} key={`cp-${filter.chargePointId ?? ''}`} onBlur={(e) => e.target.value !== (filter.chargePointId ?? '') && setFilter({ chargePointId: e.target.value || undefined })} onKeyDown={(e) => e.key === 'Enter' && setFilter({ chargePointId: (e.target as HTMLInputElement).value || undefined })} className="w-m" />
        <select aria-label="Action" value={filter.action ?? ''} onChange={(e) => setFilter({ action: e.target.value || undefined })}>
          <option value="">All actions</option>
          {ALL_ACTIONS.map((a) => <option key={a}>{a}</option>)}
        </select>
        <select aria-label="Direction" value={filter.direction ?? ''} onChange={(e) => setFilter({ direction: (e.target.value || undefined) as LogFilter['direction'] })}>
          <option value="">Both directions</option>
          <option value="in">Charger → CS</option>
          <option value="out">CS → charger</option>
        </select>
        <select aria-label="Message type" value={filter.messageType ?? ''} onChange={(e) => setFilter({ messageType: e.target.value || undefined })}>
          <option value="">All types</option>
          <option>CALL</option>
          <option>CALLRESULT</option>
          <option>CALLERROR</option>
          <option>INVALID</option>
        </select>
        <input type="search" aria-label="Search text" placeholder="Search payloads, ids…" defaultValue={filter.q ?? ''} key={`q-${filter.q ?? ''}`} onKeyDown={(e) => e.key === 'Enter' && setFilter({ q: (e.target as HTMLInputElement).value || undefined })} className="w-l" />
        <label className="inline">From <input type="datetime-local" aria-label="From time" value={toLocal(filter.from)} onChange={(e) => setFilter({ from: fromLocal(e.target.value) })} /></label>
        <label className="inline">To <input type="datetime-local" aria-label="To time" value={toLocal(filter.to)} onChange={(e) => setFilter({ to: fromLocal(e.target.value) })} /></label>
        {Object.keys(filter).length > 0 && <a href={href(['messages'])} className="btn small ghost">Clear filters</a>}
      </div>
      {error && <ErrorState error={error} retry={() => void load()} />}
      <div className="split">
        <div className="table log-table" role="grid" aria-label="Messages">
          <div className="tr th log-cols" role="row">
            <span role="columnheader">Time</span>
            <span role="columnheader">Charger</span>
            <span role="columnheader">Dir</span>
            <span role="columnheader">Action</span>
            <span role="columnheader">Result</span>
            <span role="columnheader" className="num">Latency</span>
          </div>
          {loading && entries.length === 0 ? (
            <Loading what="messages" />
          ) : entries.length === 0 && hasMore ? (
            <Loading what="older messages (searching back)" />
          ) : entries.length === 0 ? (
            <Empty title="No messages match">Frames appear here as chargers talk to the bench.</Empty>
          ) : (
            <div ref={parentRef} className="tbody" data-testid="log-rows">
              <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
                {items.map((v) => {
                  const e = entries[v.index];
                  if (!e) return null;
                  const first = e.call ?? e.reply;
                  const isError = e.reply?.messageType === 'CALLERROR' || first?.messageType === 'INVALID';
                  return (
                    <div
                      key={e.id}
                      role="row"
                      tabIndex={0}
                      aria-selected={selectedId === e.id}
                      className={`tr log-cols clickable ${isError ? 'error-row' : ''} ${selectedId === e.id ? 'selected' : ''}`}
                      style={{ position: 'absolute', top: 0, left: 0, right: 0, height: ROW, transform: `translateY(${v.start}px)` }}
                      onClick={() => setSelectedId(e.id)}
                      onKeyDown={(ev) => {
                        if (ev.key === 'Enter') setSelectedId(e.id);
                        if (ev.key === 'ArrowDown') (ev.currentTarget.nextElementSibling as HTMLElement | null)?.focus();
                        if (ev.key === 'ArrowUp') (ev.currentTarget.previousElementSibling as HTMLElement | null)?.focus();
                      }}
                      data-action={e.action ?? ''}
                    >
                      <span role="gridcell" className="mono muted">{formatTime(first?.at)}</span>
                      <span role="gridcell" className="mono ellipsis">{e.chargePointId}</span>
                      <span role="gridcell" title={first?.direction === 'in' ? 'charger → central system' : 'central system → charger'}>{first?.direction === 'in' ? 'CP→CS' : 'CS→CP'}</span>
                      <span role="gridcell" className="strong ellipsis">{e.action ?? (first?.messageType === 'INVALID' ? 'invalid frame' : '(reply)')}</span>
                      <span role="gridcell">{resultLabel(e)}</span>
                      <span role="gridcell" className="num mono">{e.latencyMs !== null ? `${e.latencyMs} ms` : ''}</span>
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

function resultLabel(e: LogEntry) {
  if (e.reply?.messageType === 'CALLERROR') return <span className="badge red">{e.reply.errorCode ?? 'CALLERROR'}</span>;
  if (e.call?.messageType === 'INVALID' || e.reply?.messageType === 'INVALID') return <span className="badge red">invalid</span>;
  if (e.reply) {
    const p = e.reply.payload as Record<string, unknown> | null;
    const status = (p && (typeof p.status === 'string' ? p.status : (p.idTagInfo as { status?: string } | undefined)?.status)) ?? 'ok';
    return <span className={`badge ${status === 'Accepted' || status === 'ok' ? 'green' : 'amber'}`}>{status}</span>;
  }
  if (e.call) return <span className="badge grey">pending</span>;
  return <span className="badge amber">orphan reply</span>;
}

function EntryDetail({ entry }: { entry: LogEntry }) {
  return (
    <div className="entry-detail" data-testid="entry-detail">
      <h2>
        {entry.action ?? 'Frame'} <span className="muted mono">{entry.chargePointId}</span>
      </h2>
      <p className="muted">
        <a href={href(['charger', entry.chargePointId])}>Open charger</a>
        {entry.latencyMs !== null && <> · round trip {entry.latencyMs} ms</>}
      </p>
      {entry.call && <FrameBlock title={`CALL ${entry.call.direction === 'in' ? 'charger → CS' : 'CS → charger'}`} frame={entry.call} />}
      {entry.reply && <FrameBlock title={`${entry.reply.messageType}`} frame={entry.reply} />}
      {entry.call && !entry.reply && <p className="muted">No reply stored yet.</p>}
    </div>
  );
}

function FrameBlock({ title, frame }: { title: string; frame: FrameView }) {
  return (
    <section className={`frame-block ${frame.messageType === 'CALLERROR' || frame.messageType === 'INVALID' ? 'error' : ''}`}>
      <div className="frame-head">
        <b>{title}</b>
        <span className="mono muted">{frame.at}</span>
        <span className="mono muted">id {frame.messageId ?? '—'}</span>
      </div>
      {frame.messageType === 'CALLERROR' && (
        <p className="bad-text">
          {frame.errorCode}: {frame.errorDescription}
        </p>
      )}
      {frame.note ? <RawFrame frame={frame} /> : <JsonView value={frame.payload} />}
    </section>
  );
}

/** A frame whose payload cannot be shown whole (nested too deep, too large): the reason and its raw text. */
function RawFrame({ frame }: { frame: FrameView }) {
  const [full, setFull] = useState<FrameView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const shown = full ?? frame;
  return (
    <div data-testid="raw-frame">
      <p className="muted">{frame.note}</p>
      <JsonView value={shown.raw ?? ''} />
      {shown.rawLength !== undefined && (
        <p className="muted">
          Showing {(shown.raw?.length ?? 0).toLocaleString()} of {shown.rawLength.toLocaleString()} characters.{' '}
          {!full && (
            <button type="button" className="btn small" onClick={() => void api.frame(frame.id).then(setFull, (e: Error) => setError(e.message))}>
              Load the whole frame
            </button>
          )}
          {error && <span className="bad-text"> {error}</span>}
        </p>
      )}
    </div>
  );
}

function toLocal(iso?: string): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  return new Date(d.getTime() - d.getTimezoneOffset() * 60000).toISOString().slice(0, 16);
}

function fromLocal(v: string): string | undefined {
  return v ? new Date(v).toISOString() : undefined;
}
