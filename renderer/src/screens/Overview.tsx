import { useEffect, useState } from 'react';
import { api } from '../api/client.js';
import { live } from '../api/live.js';
import { useLoad } from '../hooks.js';
import { ErrorState, Loading, StateBadge, formatEnergy } from '../components/States.js';
import { href } from '../router.js';
import type { CountersView } from '../../../core/api/types.js';
import { FleetCharts, useFleetSeries } from '../components/FleetCharts.js';

import { CHARGER_STATES } from '../../../core/api/contracts/chargers.js';

const STATE_ORDER = CHARGER_STATES;

export function Overview() {
  const { data, error, loading, reload } = useLoad(() => api.overview(), [], 2000);
  const [counters, setCounters] = useState<CountersView | null>(null);
  const fleet = useFleetSeries();
  useEffect(() => live.on((b) => setCounters(b.counters)), []);
  if (loading && !data) return <Loading what="overview" />;
  if (error && !data) return <ErrorState error={error} retry={reload} />;
  if (!data) return null;
  const rate = counters?.messagesPerSec ?? data.messagesPerSec;
  const t = data.transport;
  return (
    <div className="screen">
      <header className="screen-head">
        <h1>Overview</h1>
      </header>
      <section className="cards" aria-label="Key figures">
        <Card
          label="Chargers"
          value={data.chargers.total}
          sub={`${data.chargers.connected} connected · ${data.chargers.simulated} simulated`}
          testId="card-chargers"
        />
        <Card
          label="Messages / s"
          value={rate.toFixed(rate < 10 ? 1 : 0)}
          sub={`${(counters?.messagesTotal ?? data.messagesTotal).toLocaleString()} stored`}
          testId="card-rate"
        />
        <Card
          label="Transactions running"
          value={counters?.transactionsRunning ?? data.transactionsRunning}
          sub={<TxSub openOffline={counters?.transactionsOpenOffline ?? data.transactionsOpenOffline} />}
          testId="card-tx"
        />
        <Card label="Energy delivered" value={formatEnergy(data.energyDeliveredWh)} sub="all transactions" testId="card-energy" />
        <Card
          label="Transport"
          value={
            <span className={t.connected ? 'ok-text' : 'bad-text'}>
              {t.kind}
              {t.connected ? '' : ' (down)'}
            </span>
          }
          sub={t.queueDepth !== null ? `queue depth ${t.queueDepth}${t.heldFrames ? ` · ${t.heldFrames} held` : ''}` : (t.detail ?? 'healthy')}
          testId="card-transport"
        />
      </section>
      <section className="panel">
        <h2>Chargers by state</h2>
        {data.chargers.total === 0 ? (
          <p className="muted">
            No chargers yet. <a href={href(['chargers'], { spawn: 1 })}>Spawn simulated chargers</a> or point a real charger at <code>{t.ocppUrl}</code>.
          </p>
        ) : (
          <div className="state-grid">
            {STATE_ORDER.filter((s) => data.byState[s]).map((s) => (
              <a key={s} className="state-cell" href={href(['chargers'], { state: s })}>
                <StateBadge state={s} />
                <span className="state-count">{data.byState[s]}</span>
                <Bar value={data.byState[s] ?? 0} total={data.chargers.total} />
              </a>
            ))}
          </div>
        )}
      </section>
      <section className="panel" aria-label="Fleet, last hour">
        <h2>Fleet, last hour</h2>
        {fleet.error && <ErrorState error={fleet.error} />}
        <FleetCharts points={fleet.points} />
      </section>
      <section className="panel">
        <h2>Connect a charger</h2>
        <p>
          Point a real or third-party simulated charger at <code>{t.ocppUrl}</code> (OCPP 1.6J or 2.0.1: subprotocol <code>ocpp1.6</code> or{' '}
          <code>ocpp2.0.1</code>).
        </p>
        {t.lanOcppUrls.length > 0 && (
          <p className="muted">
            On your network:{' '}
            {t.lanOcppUrls.map((u) => (
              <code key={u}>{u} </code>
            ))}
          </p>
        )}
      </section>
    </div>
  );
}

/** Open transactions on offline chargers are not "running": nobody knows what happens there until they report. */
function TxSub({ openOffline }: { openOffline: number }) {
  return (
    <>
      {openOffline > 0 && (
        <span data-testid="tx-open-offline" title="Transactions without a StopTransaction whose charger is offline: open, state unknown">
          {openOffline.toLocaleString()} open on offline chargers ·{' '}
        </span>
      )}
      <a href={href(['meters'])}>meter graphs →</a>
    </>
  );
}

function Card({ label, value, sub, testId }: { label: string; value: React.ReactNode; sub?: React.ReactNode; testId?: string }) {
  return (
    <div className="card" data-testid={testId}>
      <div className="card-label">{label}</div>
      <div className="card-value">{value}</div>
      {sub && <div className="card-sub">{sub}</div>}
    </div>
  );
}

function Bar({ value, total }: { value: number; total: number }) {
  return (
    <span className="bar" aria-hidden>
      <span style={{ width: `${total ? (100 * value) / total : 0}%` }} />
    </span>
  );
}
