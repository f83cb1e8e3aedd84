import { useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { api } from '../api/client.js';
import { chargerStore, live } from '../api/live.js';
import { useLoad } from '../hooks.js';
import { Empty, ErrorState, Loading, formatClock, formatEnergy } from '../components/States.js';
import { href, navigate } from '../router.js';
import type { ScreenProps } from './registry.js';
import type { MeterPoint } from '../../../core/api/types.js';

interface ChartDef {
  key: keyof MeterPoint;
  title: string;
  /** Base unit, and the kilo unit used once values reach 1,000. */
  unit: string;
  kiloUnit?: string;
  color: string;
  digits: number;
}

const CHARTS: ChartDef[] = [
  { key: 'powerW', title: 'Power', unit: 'W', kiloUnit: 'kW', color: '#2563eb', digits: 1 },
  { key: 'energyWh', title: 'Energy', unit: 'Wh', kiloUnit: 'kWh', color: '#059669', digits: 2 },
  { key: 'currentA', title: 'Current', unit: 'A', color: '#d97706', digits: 1 },
  { key: 'soc', title: 'State of charge', unit: '%', color: '#7c3aed', digits: 0 },
];

const tick = new Intl.NumberFormat(undefined, { maximumSignificantDigits: 4 });

const MAX_POINTS = 3000;

export function MeterGraphs({ route }: ScreenProps) {
  const chargePointId = route.query.get('chargePointId') ?? undefined;
  const connectorId = route.query.get('connectorId') ? Number(route.query.get('connectorId')) : undefined;
  const transactionId = route.query.get('transactionId') ? Number(route.query.get('transactionId')) : undefined;
  const chargers = useSyncExternalStore(chargerStore.subscribe, chargerStore.snapshot);
  const txs = useLoad(() => api.transactions({ chargePointId, limit: 50 }), [chargePointId], 5000);
  const hasSelection = transactionId !== undefined || chargePointId !== undefined;
  const series = useLoad(() => (hasSelection ? api.meters({ chargePointId, connectorId, transactionId, maxPoints: 600 }) : Promise.resolve(null)), [chargePointId, connectorId, transactionId]);
  const [livePoints, setLivePoints] = useState<MeterPoint[]>([]);
  const selectedNote = transactionId !== undefined ? txs.data?.items.find((t) => t.id === transactionId)?.note : null;

  const seriesCp = series.data?.chargePointId ?? chargePointId;
  const seriesConnector = series.data?.connectorId ?? connectorId ?? undefined;
  useEffect(() => {
    setLivePoints([]);
    if (!seriesCp) return;
    live.subscribe({ meters: { chargePointId: seriesCp, connectorId: seriesConnector ?? undefined } });
    const off = live.on((b) => {
      const pts = b.meters.filter((m) => transactionId === undefined || m.transactionId === transactionId).map((m) => m.point);
      if (pts.length) setLivePoints((p) => [...p, ...pts].slice(-MAX_POINTS));
    });
    return () => {
      off();
      live.subscribe({ meters: null });
    };
  }, [seriesCp, seriesConnector, transactionId]);

  const points = useMemo(() => {
    const base = series.data?.points ?? [];
    const lastT = base.length ? (base[base.length - 1] as MeterPoint).t : -Infinity;
    return [...base, ...livePoints.filter((p) => p.t > lastT)].sort((a, b) => a.t - b.t);
  }, [series.data, livePoints]);

  return (
    <div className="screen">
      <header className="screen-head">
        <h1>Meter graphs</h1>
        <div className="spacer" />
        <select
          aria-label="Charger"
          value={chargePointId ?? ''}
          onChange={(e) => navigate(['meters'], { chargePointId: e.target.value || undefined })}
          className="w-m"
        >
          <option value="">Choose a charger…</option>
          {chargers.map((c) => (
            <option key={c.id} value={c.id}>
              {c.id} ({c.state})
            </option>
          ))}
        </select>
        {chargePointId && (
          <select aria-label="Connector" value={connectorId ?? ''} onChange={(e) => navigate(['meters'], { chargePointId, connectorId: e.target.value || undefined })}>
            <option value="">All connectors</option>
            {(chargers.find((c) => c.id === chargePointId)?.connectors ?? []).filter((k) => k.connectorId > 0).map((k) => (
              <option key={k.connectorId} value={k.connectorId}>
                Connector {k.connectorId}
              </option>
            ))}
          </select>
        )}
      </header>
      <div className="meter-layout">
        <div className="charts">
          {!hasSelection ? (
            <Empty title="Choose a charger or a transaction">Pick a charger above, or a transaction from the list, to see its power, energy, current and state of charge.</Empty>
          ) : series.loading && !series.data ? (
            <Loading what="meter values" />
          ) : series.error ? (
            <ErrorState error={series.error} retry={series.reload} />
          ) : points.length === 0 ? (
            <Empty title="No meter values yet">They appear live as the charger reports MeterValues (start a session to see power).</Empty>
          ) : (
            <>
              <p className="muted">
                {transactionId !== undefined ? `Transaction #${transactionId}` : `${chargePointId}${connectorId ? ` connector ${connectorId}` : ''}`} · {points.length} points
                {series.data?.downsampled ? ` (downsampled from ${series.data.rawCount})` : ''}
              </p>
              {selectedNote && <p className="tx-note" role="note" data-testid="tx-note">{selectedNote}</p>}
              <div className="chart-grid" data-testid="meter-charts">
                {CHARTS.map((c) => (
                  <Chart key={c.key} def={c} points={points} />
                ))}
              </div>
            </>
          )}
        </div>
        <aside className="panel tx-list" aria-label="Transactions">
          <h2>Energy per transaction</h2>
          {txs.error && <ErrorState error={txs.error} retry={txs.reload} />}
          {txs.data && txs.data.items.length === 0 && <p className="muted">No transactions yet.</p>}
          <table className="simple">
            <thead>
              <tr>
                <th>#</th>
                <th>Charger</th>
                <th>Started</th>
                <th className="num">Energy</th>
              </tr>
            </thead>
            <tbody>
              {txs.data?.items.map((t) => (
                <tr key={t.id} className={t.id === transactionId ? 'selected' : ''}>
                  <td>
                    <a href={href(['meters'], { transactionId: t.id, chargePointId: t.chargePointId })} data-testid={`tx-${t.id}`}>
                      #{t.id}
                    </a>
                    {t.note && <span className={`badge ${t.state === 'orphaned' ? 'red' : 'amber'}`} title={t.note} data-testid={`tx-note-${t.id}`}>{t.state === 'orphaned' ? 'orphaned' : t.cleanup ? 'cleanup' : 'stops'}</span>}
                  </td>
                  <td className="mono ellipsis" title={`${t.chargePointId} connector ${t.connectorId}`}>
                    {t.chargePointId}/{t.connectorId} {!t.stoppedAt && <span className="badge teal">live</span>}
                  </td>
                  <td className="mono">{formatClock(t.startedAt)}</td>
                  <td className="num mono">{formatEnergy(t.energyWh)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </aside>
      </div>
    </div>
  );
}

function Chart({ def, points }: { def: ChartDef; points: MeterPoint[] }) {
  const { data, unit } = useMemo(() => {
    const raw = points.filter((p) => p[def.key] !== undefined);
    const max = raw.reduce((m, p) => Math.max(m, Math.abs(p[def.key] as number)), 0);
    const kilo = def.kiloUnit !== undefined && max >= 1000;
    return { data: raw.map((p) => ({ t: p.t, v: (p[def.key] as number) / (kilo ? 1000 : 1) })), unit: kilo ? (def.kiloUnit as string) : def.unit };
  }, [points, def]);
  const last = data[data.length - 1];
  return (
    <section className="panel chart" aria-label={`${def.title} chart`} data-testid={`chart-${def.key}`}>
      <div className="panel-head">
        <h2>
          {def.title} <span className="muted">({unit})</span>
        </h2>
        <span className="mono strong">{last ? `${tick.format(last.v)} ${unit}` : '—'}</span>
      </div>
      {data.length === 0 ? (
        <p className="muted chart-empty">Not reported by this charger.</p>
      ) : (
        <ResponsiveContainer width="100%" height={170}>
          <LineChart data={data} margin={{ top: 6, right: 12, bottom: 0, left: 0 }}>
            <CartesianGrid stroke="#e5e7eb" strokeDasharray="3 3" />
            <XAxis dataKey="t" type="number" scale="time" domain={['dataMin', 'dataMax']} tickFormatter={(t: number) => new Date(t).toLocaleTimeString(undefined, { hour12: false })} fontSize={11} minTickGap={40} />
            <YAxis fontSize={11} width={52} tickFormatter={(v: number) => tick.format(v)} domain={def.key === 'soc' ? [0, 100] : ['auto', 'auto']} allowDecimals />
            <Tooltip labelFormatter={(t) => new Date(Number(t)).toLocaleTimeString(undefined, { hour12: false })} formatter={(v) => [`${tick.format(Number(v))} ${unit}`, def.title]} />
            <Line type="monotone" dataKey="v" stroke={def.color} strokeWidth={2} dot={false} isAnimationActive={false} />
          </LineChart>
        </ResponsiveContainer>
      )}
    </section>
  );
}
