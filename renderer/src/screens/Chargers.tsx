import { memo, useCallback, useDeferredValue, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { chargerStore } from '../api/live.js';
import { api } from '../api/client.js';
import { Empty, ErrorState, Loading, StateBadge, formatPower, formatTime } from '../components/States.js';
import { SpawnDialog } from '../components/SpawnDialog.js';
import { SpawnProgress } from '../components/SpawnProgress.js';
import { ChargerListActions } from '../components/operator/ChargerListActions.js';
import { RefusedConnections } from '../components/operator/RefusedConnections.js';
import { ProtocolFilter, protocolFromQuery } from '../components/deviceModel/ProtocolFilter.js';
import { ProtocolTag } from '../components/deviceModel/ProtocolTag.js';
import { href, navigate } from '../router.js';
import type { ScreenProps } from './registry.js';
import type { ChargerSummary, SimStopMode } from '../../../core/api/types.js';
import { nextSort, sortChargers, type ChargerSort, type ChargerSortKey } from './chargerSort.js';
import { SortHeader } from '../components/SortHeader.js';
import { useRovingList, type RovingList } from '../components/useRovingList.js';

import { CHARGER_STATES } from '../../../core/api/contracts/chargers.js';

const STATES = CHARGER_STATES.filter((s) => s !== 'Unknown');
const ROW_HEIGHT = 34;

export function Chargers({ route }: ScreenProps) {
  const all = useSyncExternalStore(chargerStore.subscribe, chargerStore.snapshot);
  const [text, setText] = useState('');
  const deferredText = useDeferredValue(text);
  const [state, setState] = useState(route.query.get('state') ?? '');
  const protocol = protocolFromQuery(route.query);
  const [spawnOpen, setSpawnOpen] = useState(route.query.get('spawn') === '1');
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [stopMode, setStopMode] = useState<SimStopMode>('endSessions');
  const [sort, setSort] = useState<ChargerSort>({ key: 'id', dir: 'asc' });
  const onSort = useCallback((k: ChargerSortKey) => setSort((s) => nextSort(s, k)), []);

  useEffect(() => setState(route.query.get('state') ?? ''), [route.query]);

  const rows = useMemo(() => {
    const t = deferredText.trim().toLowerCase();
    const shown = all.filter(
      (c) =>
        (!state || c.state === state) &&
        (!protocol || c.protocol === protocol) &&
        (!t || c.id.toLowerCase().includes(t) || (c.model ?? '').toLowerCase().includes(t) || (c.vendor ?? '').toLowerCase().includes(t)),
    );
    return sort.key === 'id' && sort.dir === 'asc' ? shown : sortChargers(shown, sort);
  }, [all, deferredText, state, protocol, sort]);

  const parentRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({ count: rows.length, getScrollElement: () => parentRef.current, estimateSize: () => ROW_HEIGHT, overscan: 12 });
  const roving = useRovingList(rows.length, { page: 15, scrollToIndex: useCallback((i: number) => virtualizer.scrollToIndex(i), [virtualizer]) });

  const simulatedIds = useMemo(() => new Set(all.filter((c) => c.simulated).map((c) => c.id)), [all]);
  const simulatedSelected = [...selected].filter((id) => simulatedIds.has(id));
  const anySimulated = simulatedIds.size > 0;

  async function stop(ids: string[] | 'all') {
    setBusy(stopMode === 'powerCut' ? 'Cutting power…' : 'Ending sessions and stopping…');
    setError(null);
    try {
      await api.stopSim(ids, stopMode);
      setSelected(new Set());
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(null);
    }
  }

  const toggle = useCallback((id: string) => {
    setSelected((s) => {
      const n = new Set(s);
      if (n.has(id)) n.delete(id);
      else n.add(id);
      return n;
    });
  }, []);

  return (
    <div className="screen fill">
      <header className="screen-head">
        <h1>Chargers</h1>
        <span className="muted" data-testid="charger-count">
          {rows.length === all.length ? `${all.length} chargers` : `${rows.length} of ${all.length}`}
        </span>
        <div className="spacer" />
        <button className="btn primary" onClick={() => setSpawnOpen(true)}>
          Spawn chargers…
        </button>
        <select aria-label="How to stop" value={stopMode} onChange={(e) => setStopMode(e.target.value as SimStopMode)} title="How stopped chargers leave">
          <option value="endSessions">End sessions (StopTransaction), then stop</option>
          <option value="powerCut">Cut power (no StopTransaction; sessions stay open)</option>
        </select>
        <button className="btn" disabled={simulatedSelected.length === 0 || !!busy} onClick={() => void stop(simulatedSelected)}>
          Stop selected ({simulatedSelected.length})
        </button>
        <button className="btn danger" disabled={!anySimulated || !!busy} onClick={() => void stop('all')}>
          Stop all simulated
        </button>
      </header>
      <div className="toolbar">
        <input type="search" placeholder="Filter by id, vendor or model" aria-label="Filter chargers" value={text} onChange={(e) => setText(e.target.value)} />
        <select aria-label="State" value={state} onChange={(e) => setState(e.target.value)}>
          <option value="">All states</option>
          {STATES.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
        <ProtocolFilter route={route} />
        {busy && <span className="muted">{busy}</span>}
        <div className="spacer" />
        <ChargerListActions
          selected={[...selected]}
          shown={rows}
          filter={{ q: deferredText.trim() || undefined, state: state || undefined, protocol: protocol ?? undefined }}
          onDone={() => setSelected(new Set())}
        />
      </div>
      <SpawnProgress />
      <RefusedConnections />
      {error && <ErrorState error={error} />}
      {chargerStore.error && !chargerStore.loaded ? (
        <ErrorState error={chargerStore.error} retry={() => void chargerStore.load()} />
      ) : !chargerStore.loaded ? (
        <Loading what="chargers" />
      ) : all.length === 0 ? (
        <Empty title="No chargers yet">
          <p className="empty-text">Spawn simulated chargers, or connect a real one to the OCPP URL in the status bar.</p>
          <div className="empty-actions">
            <button className="btn primary" onClick={() => setSpawnOpen(true)} data-testid="empty-spawn">
              Spawn chargers…
            </button>
          </div>
        </Empty>
      ) : (
        <div className="table" role="grid" aria-rowcount={rows.length + 1} aria-label="Chargers">
          <div className="tr th charger-cols with-protocol" role="row">
            <span role="columnheader">
              <input
                type="checkbox"
                aria-label="Select all shown"
                checked={rows.length > 0 && rows.every((r) => selected.has(r.id))}
                onChange={(e) => setSelected(e.target.checked ? new Set(rows.map((r) => r.id)) : new Set())}
              />
            </span>
            <SortHeader label="Charger" sortKey="id" sort={sort} onSort={onSort} />
            <span role="columnheader">Version</span>
            <SortHeader label="State" sortKey="state" sort={sort} onSort={onSort} />
            <span role="columnheader">Connectors</span>
            <SortHeader label="Error code" sortKey="errorCode" sort={sort} onSort={onSort} />
            <span role="columnheader">Vendor / model</span>
            <span role="columnheader">Firmware</span>
            <SortHeader label="Power" sortKey="power" sort={sort} onSort={onSort} className="num" />
            <SortHeader label="Last seen" sortKey="lastSeen" sort={sort} onSort={onSort} />
          </div>
          <div
            ref={(el) => {
              parentRef.current = el;
              roving.containerRef.current = el;
            }}
            className="tbody"
            data-testid="charger-rows"
            onKeyDown={roving.onKeyDown}
          >
            <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
              {virtualizer.getVirtualItems().map((v) => {
                const c = rows[v.index];
                if (!c) return null;
                return (
                  <ChargerRow
                    key={c.id}
                    c={c}
                    index={v.index}
                    start={v.start}
                    selected={selected.has(c.id)}
                    onToggle={toggle}
                    tabStop={v.index === roving.active}
                    onFocusRow={roving.activate}
                  />
                );
              })}
            </div>
          </div>
        </div>
      )}
      {spawnOpen && <SpawnDialog onClose={() => setSpawnOpen(false)} />}
    </div>
  );
}

/** One table row; memoized so scrolling only renders rows that come into view (and live updates only changed ones). */
const ChargerRow = memo(function ChargerRow({
  c,
  index,
  start,
  selected,
  onToggle,
  tabStop,
  onFocusRow,
}: {
  c: ChargerSummary;
  index: number;
  start: number;
  selected: boolean;
  onToggle: (id: string) => void;
  tabStop: boolean;
  onFocusRow: RovingList['activate'];
}) {
  return (
    <div
      role="row"
      aria-rowindex={index + 2}
      className={`tr charger-cols with-protocol clickable ${selected ? 'selected' : ''}`}
      style={{ position: 'absolute', top: 0, left: 0, right: 0, height: ROW_HEIGHT, transform: `translateY(${start}px)` }}
      tabIndex={tabStop ? 0 : -1}
      data-row-index={index}
      onFocus={() => onFocusRow(index)}
      data-charger={c.id}
      onClick={() => navigate(['charger', c.id])}
      onKeyDown={(e) => {
        if (e.key === 'Enter') navigate(['charger', c.id]);
        if (e.key === ' ') {
          e.preventDefault();
          onToggle(c.id);
        }
      }}
    >
      <span role="gridcell" onClick={(e) => e.stopPropagation()}>
        <input type="checkbox" tabIndex={-1} aria-label={`Select ${c.id}`} checked={selected} onChange={() => onToggle(c.id)} />
      </span>
      <span role="gridcell" className="mono strong">
        <a href={href(['charger', c.id])} tabIndex={-1} onClick={(e) => e.stopPropagation()}>
          {c.id}
        </a>
        {c.simulated && <span className="tag">sim</span>}
      </span>
      <span role="gridcell">
        <ProtocolTag protocol={c.protocol} />
      </span>
      <span role="gridcell" title={c.unresponsive?.detail}>
        <StateBadge state={c.state} />
      </span>
      <span role="gridcell" className="pills">
        {c.connectors
          .filter((k) => k.connectorId > 0)
          .map((k) => (
            <span
              key={k.connectorId}
              className={`pill st-${k.status}`}
              title={`Connector ${k.connectorId}: ${k.status}${k.errorCode !== 'NoError' ? ` (${k.errorCode})` : ''}`}
            >
              {k.connectorId}
            </span>
          ))}
      </span>
      <span role="gridcell" className="mono ellipsis" title={c.errorCode ?? undefined} data-testid="error-code">
        {c.errorCode ? <span className="bad-text">{c.errorCode}</span> : <span className="muted">—</span>}
      </span>
      <span role="gridcell" className="ellipsis">
        {[c.vendor, c.model].filter(Boolean).join(' ') || '—'}
      </span>
      <span role="gridcell" className="mono ellipsis">
        {c.firmware ?? '—'}
      </span>
      <span
        role="gridcell"
        className="num mono"
        title={c.connected ? undefined : `Offline${c.offlineSince ? ` since ${c.offlineSince}` : ''}: live power unknown`}
      >
        {c.connected ? formatPower(c.powerW) : <span className="muted">unknown</span>}
      </span>
      <span role="gridcell" className="mono muted">
        {formatTime(c.lastSeenAt)}
      </span>
    </div>
  );
});
