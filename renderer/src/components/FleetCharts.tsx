/**
 * The Overview's fleet charts over the last hour, live: messages per second, total power, chargers by state
 * (stacked), CALLERRORs and CALL timeouts. Points come from GET /api/fleet/series, polled for what is new;
 * colours from the theme's CSS variables. Charts draw without animation (a fleet of 1,000 redraws often).
 */
import { memo, useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import { Area, AreaChart, Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { call, contracts } from '../api/client.js';
import { theme } from '../theme.js';
import type { FleetPoint } from '../../../core/api/types.js';
import { appendPoints, chartRows, statesIn } from './fleetData.js';

const POLL_MS = 5000;
const STATE_ORDER = [
  'Charging',
  'SuspendedEV',
  'SuspendedEVSE',
  'Preparing',
  'Finishing',
  'Available',
  'Reserved',
  'Unavailable',
  'Faulted',
  'Unresponsive',
  'Booting',
  'Pending',
  'Rejected',
  'Offline',
  'Unknown',
];
const STATE_VAR: Record<string, string> = {
  Charging: '--teal',
  SuspendedEV: '--amber',
  SuspendedEVSE: '--amber',
  Preparing: '--blue',
  Finishing: '--blue',
  Available: '--green',
  Reserved: '--purple',
  Unavailable: '--muted',
  Faulted: '--red',
  Unresponsive: '--rose',
  Booting: '--orange',
  Pending: '--orange',
  Rejected: '--red',
  Offline: '--border-strong',
  Unknown: '--muted',
};

function useColors() {
  const t = useSyncExternalStore(theme.subscribe, () => document.documentElement.dataset.theme ?? 'light');
  return useMemo(() => {
    const css = getComputedStyle(document.documentElement);
    const v = (name: string) => css.getPropertyValue(name).trim() || '#888';
    return {
      v,
      grid: v('--chart-grid'),
      text: v('--muted'),
      c1: v('--chart-1'),
      c2: v('--chart-2'),
      c3: v('--chart-3'),
      c4: v('--chart-4'),
      panel: v('--panel'),
      border: v('--border'),
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- t is the theme: the CSS variables are read again when it changes
  }, [t]);
}

export function useFleetSeries(): { points: FleetPoint[]; error: string | null } {
  const [points, setPoints] = useState<FleetPoint[]>([]);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let alive = true;
    let last = 0;
    const load = () =>
      call(contracts.overview.fleetSeries, { query: { since: last } }).then(
        (r) => {
          if (!alive) return;
          setError(null);
          if (r.points.length) {
            last = r.points[r.points.length - 1]!.t;
            setPoints((held) => appendPoints(held, r.points));
          }
        },
        (err: Error) => alive && setError(err.message),
      );
    void load();
    const t = setInterval(load, POLL_MS);
    return () => {
      alive = false;
      clearInterval(t);
    };
  }, []);
  return { points, error };
}

const clock = (t: number) => new Date(t).toLocaleTimeString(undefined, { hour12: false, hour: '2-digit', minute: '2-digit' });

export const FleetCharts = memo(function FleetCharts({ points }: { points: FleetPoint[] }) {
  const c = useColors();
  const states = useMemo(() => statesIn(points, STATE_ORDER), [points]);
  const rows = useMemo(() => chartRows(points, states), [points, states]);
  if (points.length < 2)
    return (
      <p className="muted" data-testid="fleet-empty">
        The fleet charts fill in as the bench runs (a point every 5 s, the last hour kept).
      </p>
    );
  const axis = { fontSize: 11, stroke: c.text, tick: { fill: c.text } };
  const x = <XAxis dataKey="t" type="number" scale="time" domain={['dataMin', 'dataMax']} tickFormatter={clock} minTickGap={50} {...axis} />;
  const grid = <CartesianGrid stroke={c.grid} strokeDasharray="3 3" />;
  const tip = (
    <Tooltip
      labelFormatter={(t) => new Date(Number(t)).toLocaleTimeString(undefined, { hour12: false })}
      contentStyle={{ background: c.panel, borderColor: c.border }}
    />
  );
  const H = 160;
  return (
    <div className="fleet-charts" data-testid="fleet-charts">
      <figure className="fleet-chart" aria-label="Messages per second, last hour">
        <figcaption>Messages / s</figcaption>
        <ResponsiveContainer width="100%" height={H}>
          <LineChart data={rows} margin={{ top: 4, right: 10, bottom: 0, left: 0 }}>
            {grid}
            {x}
            <YAxis width={44} allowDecimals {...axis} />
            {tip}
            <Line dataKey="messagesPerSec" name="messages/s" stroke={c.c1} strokeWidth={2} dot={false} isAnimationActive={false} />
          </LineChart>
        </ResponsiveContainer>
      </figure>
      <figure className="fleet-chart" aria-label="Total live power, last hour">
        <figcaption>Total power (kW)</figcaption>
        <ResponsiveContainer width="100%" height={H}>
          <AreaChart data={rows} margin={{ top: 4, right: 10, bottom: 0, left: 0 }}>
            {grid}
            {x}
            <YAxis width={44} {...axis} />
            {tip}
            <Area dataKey="powerKw" name="kW" stroke={c.c2} fill={c.c2} fillOpacity={0.25} strokeWidth={2} isAnimationActive={false} />
          </AreaChart>
        </ResponsiveContainer>
      </figure>
      <figure className="fleet-chart" aria-label="Chargers by state, last hour">
        <figcaption>Chargers by state</figcaption>
        <ResponsiveContainer width="100%" height={H}>
          <AreaChart data={rows} margin={{ top: 4, right: 10, bottom: 0, left: 0 }}>
            {grid}
            {x}
            <YAxis width={44} allowDecimals={false} {...axis} />
            {tip}
            <Legend wrapperStyle={{ fontSize: 11 }} iconSize={8} />
            {states.map((s) => (
              <Area
                key={s}
                dataKey={`s_${s}`}
                name={s}
                stackId="st"
                stroke={c.v(STATE_VAR[s] ?? '--muted')}
                fill={c.v(STATE_VAR[s] ?? '--muted')}
                fillOpacity={0.5}
                isAnimationActive={false}
              />
            ))}
          </AreaChart>
        </ResponsiveContainer>
      </figure>
      <figure className="fleet-chart" aria-label="CALLERRORs and timeouts, last hour">
        <figcaption>CALLERRORs and timeouts</figcaption>
        <ResponsiveContainer width="100%" height={H}>
          <BarChart data={rows} margin={{ top: 4, right: 10, bottom: 0, left: 0 }}>
            {grid}
            {x}
            <YAxis width={44} allowDecimals={false} {...axis} />
            {tip}
            <Legend wrapperStyle={{ fontSize: 11 }} iconSize={8} />
            <Bar dataKey="callErrors" name="CALLERROR" fill={c.c4} stackId="e" isAnimationActive={false} />
            <Bar dataKey="timeouts" name="timeout" fill={c.c3} stackId="e" isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </figure>
    </div>
  );
});
