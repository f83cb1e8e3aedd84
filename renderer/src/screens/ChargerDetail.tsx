import { useEffect, useState } from 'react';
import { api } from '../api/client.js';
import { live } from '../api/live.js';
import { useLoad } from '../hooks.js';
import { CommandPanel } from '../components/CommandPanel.js';
import { ChargerOperatorPanels } from '../components/operator/ChargerOperatorPanels.js';
import { ChargerTraffic } from '../components/ChargerTraffic.js';
import { ProtocolTag } from '../components/deviceModel/ProtocolTag.js';
import { ErrorState, Loading, StateBadge, TxState, formatClock, formatEnergy, formatPower, formatSince, formatTime } from '../components/States.js';
import { href, routeChargerId } from '../router.js';
import type { ScreenProps } from './registry.js';
import type { AutoRemoteStartView, ChargerDetail } from '../../../core/api/types.js';
import { ChargePointErrorCodeValues } from '../../../core/ocpp/v16/types.generated.js';
import { SIM_FAULT_OPTIONS } from '../../../core/api/contracts/simulator.js';

/** The fault panel's choices: the simulator's one catalog, through the API contract. */
const FAULTS = SIM_FAULT_OPTIONS;
const ERROR_CODES = ChargePointErrorCodeValues.filter((c) => c !== 'NoError');

export function ChargerDetailScreen({ route }: ScreenProps) {
  const { id, problem } = routeChargerId(route);
  const detail = useLoad(() => (problem ? Promise.reject(new Error(`This address names no charger: ${problem}`)) : api.charger(id)), [id]);
  const reloadDetail = detail.reload;
  useEffect(() => {
    let pending = false;
    return live.on((b) => {
      if (pending || !b.chargers.some((c) => c.id === id)) return;
      pending = true;
      void reloadDetail().finally(() => (pending = false));
    });
  }, [id, reloadDetail]);
  const decisions = useAutoRemoteStarts(id, detail.data?.autoRemoteStarts);

  if (detail.loading && !detail.data) return <Loading what={`charger ${id}`} />;
  if (detail.error && !detail.data) return <ErrorState error={detail.error} retry={detail.reload} />;
  const c = detail.data;
  if (!c) return null;
  return (
    <div className="screen">
      <header className="screen-head">
        <a href={href(['chargers'])} className="back" aria-label="Back to chargers">
          ←
        </a>
        <h1 className="mono" data-testid="charger-title">
          {c.id}
        </h1>
        <StateBadge state={c.state} />
        <ProtocolTag protocol={c.protocol} testId="charger-protocol" />
        {c.simulated && <span className="tag">simulated · {c.profile}</span>}
        <div className="spacer" />
        <a className="btn" href={href(['messages'], { chargePointId: c.id })}>
          Messages
        </a>
        <a className="btn" href={href(['meters'], { chargePointId: c.id })}>
          Meter graphs
        </a>
        <button className="btn" disabled={!c.connected} onClick={() => void api.disconnect(c.id).then(detail.reload, () => undefined)}>
          Disconnect
        </button>
      </header>
      {detail.error && <ErrorState error={detail.error} />}
      <div className="detail-grid">
        <section className="panel">
          <h2>Identity</h2>
          <dl className="kv">
            <dt>Vendor</dt>
            <dd>{c.vendor ?? '—'}</dd>
            <dt>Model</dt>
            <dd>{c.model ?? '—'}</dd>
            <dt>Firmware</dt>
            <dd className="mono">{c.firmware ?? '—'}</dd>
            <dt>Serial</dt>
            <dd className="mono">{c.serialNumber ?? '—'}</dd>
            <dt>Boot</dt>
            <dd>
              {c.bootStatus ?? '—'} {c.lastBootAt && <span className="muted">at {formatTime(c.lastBootAt)}</span>}
            </dd>
            <dt>Connection</dt>
            <dd data-testid="connection">
              {c.connected ? <span className="ok-text">connected</span> : <span className="bad-text">offline</span>}{' '}
              {c.connected
                ? c.connectedAt && <span className="muted">since {formatTime(c.connectedAt)}</span>
                : c.offlineSince && <span className="muted">since {formatSince(c.offlineSince)}</span>}
            </dd>
            <dt>Last heartbeat</dt>
            <dd>{formatTime(c.lastHeartbeatAt)}</dd>
          </dl>
        </section>
        <Connectors charger={c} reload={detail.reload} decisions={decisions} />
        {c.simulated && <Faults charger={c} reload={detail.reload} />}
        <CommandPanel
          chargePointId={c.id}
          connected={c.connected}
          protocol={c.protocol}
          openTransactions={c.openTransactions}
          outstandingCalls={c.outstandingCalls}
        />
        <ChargerOperatorPanels charger={c} reload={detail.reload} />
        <ChargerTraffic
          key={`${route.query.get('from') ?? ''}-${route.query.get('to') ?? ''}`}
          chargePointId={c.id}
          from={route.query.get('from') ?? undefined}
          to={route.query.get('to') ?? undefined}
          title={
            route.query.get('from')
              ? `Traffic from ${formatTime(route.query.get('from'))}${route.query.get('to') ? ` to ${formatTime(route.query.get('to'))}` : ''}`
              : undefined
          }
        />
      </div>
    </div>
  );
}

/** AutoRemoteStart's decisions for this charger: the page's load, then live ones as they come (newest first). */
function useAutoRemoteStarts(id: string, loaded: AutoRemoteStartView[] | undefined): AutoRemoteStartView[] {
  const [list, setList] = useState<AutoRemoteStartView[]>([]);
  useEffect(() => setList(loaded ?? []), [loaded]);
  useEffect(() => {
    live.subscribe({ autoRemoteStarts: { chargePointId: id } });
    const off = live.on((b) => {
      const mine = (b.autoRemoteStarts ?? []).filter((d) => d.chargePointId === id);
      if (mine.length) setList((prev) => [...mine.reverse(), ...prev].slice(0, 20));
    });
    return () => {
      off();
      live.subscribe({ autoRemoteStarts: null });
    };
  }, [id]);
  return list;
}

const NOT_SENT: Record<string, string> = {
  transactionRunning: 'connector already charging',
  transactionStarted: 'StartTransaction came first',
  authorized: 'a card was presented',
  statusChanged: 'status changed',
  rebooted: 'charger rebooted',
  disconnected: 'charger disconnected',
  notRegistered: 'boot not accepted',
  disabled: 'AutoRemoteStart off',
  conformanceMode: 'conformance mode',
  callQueueBusy: 'other commands pending',
  stopped: 'backend stopped',
};

/** The latest AutoRemoteStart decision for a connector, in a few words (the full sentence on hover). */
function AutoStartLine({ d }: { d: AutoRemoteStartView | undefined }) {
  if (!d) return <>—</>;
  const [cls, badge, text] =
    d.outcome === 'pending'
      ? d.detail.startsWith('held')
        ? ['blue', 'held', 'a card was presented']
        : ['blue', 'waiting', 'decides when the delay ends']
      : d.outcome === 'sent'
        ? ['blue', 'sent', 'RemoteStartTransaction']
        : d.outcome === 'answered'
          ? [d.status === 'Accepted' ? 'green' : 'red', d.status ?? 'answered', 'RemoteStart answered']
          : d.outcome === 'failed'
            ? ['red', 'no answer', 'RemoteStartTransaction']
            : ['grey', 'not sent', NOT_SENT[d.reason ?? ''] ?? d.reason ?? ''];
  return (
    <span className="auto-start" title={`${d.detail} (${d.at})`} data-testid="auto-start">
      <span className={`badge ${cls}`}>{badge}</span> {text} <span className="muted">{formatClock(d.at)}</span>
    </span>
  );
}

function Connectors({ charger, reload, decisions }: { charger: ChargerDetail; reload: () => Promise<void>; decisions: AutoRemoteStartView[] }) {
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [idTag, setIdTag] = useState('TAG-0001');
  async function act(connectorId: number, action: string) {
    setBusy(`${connectorId}:${action}`);
    setError(null);
    try {
      await api.simAction(charger.id, { action, connectorId, idTag });
      await reload();
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(null);
    }
  }
  const connectors = charger.connectors.filter((k) => k.connectorId > 0);
  return (
    <section className="panel">
      <div className="panel-head">
        <h2>Connectors</h2>
        {charger.simulated && (
          <label className="inline">
            Id tag <input value={idTag} maxLength={20} onChange={(e) => setIdTag(e.target.value)} aria-label="Id tag for sessions" className="w-s" />
          </label>
        )}
      </div>
      {error && <ErrorState error={error} />}
      {connectors.length === 0 && <p className="muted">No connector has reported a status yet.</p>}
      <div className="connectors">
        {connectors.map((k) => {
          const sim = charger.sim?.connectors.find((s) => s.connectorId === k.connectorId);
          const tx = charger.openTransactions.find((t) => t.connectorId === k.connectorId);
          return (
            <div key={k.connectorId} className="connector" data-testid={`connector-${k.connectorId}`}>
              <div className="connector-head">
                <b>Connector {k.connectorId}</b> <StateBadge state={k.status} />
                {k.errorCode && k.errorCode !== 'NoError' && <span className="bad-text">{k.errorCode}</span>}
              </div>
              <dl className="kv small">
                <dt>Transaction</dt>
                <dd>
                  {tx ? (
                    <>
                      <a href={href(['meters'], { transactionId: tx.id })}>
                        #{tx.id} ({tx.idTag})
                      </a>{' '}
                      <TxState tx={tx} />
                    </>
                  ) : (
                    '—'
                  )}
                </dd>
                <dt>Power</dt>
                <dd className="mono" data-testid="connector-power">
                  {charger.connected ? (
                    formatPower(sim?.powerW)
                  ) : (
                    <span className="muted" title="The charger is offline: its live power is unknown">
                      unknown (offline)
                    </span>
                  )}
                </dd>
                <dt>Energy</dt>
                <dd className="mono">{formatEnergy(tx?.energyWh ?? sim?.energyWh)}</dd>
                <dt>SoC</dt>
                <dd className="mono">{sim?.soc !== null && sim?.soc !== undefined ? `${Math.round(sim.soc)} %` : '—'}</dd>
                <dt>Auto start</dt>
                <dd>
                  <AutoStartLine d={decisions.find((d) => d.connectorId === k.connectorId)} />
                </dd>
              </dl>
              {charger.simulated && (
                <div className="btn-row">
                  <button className="btn small" disabled={!!busy || sim?.plugged === true} onClick={() => void act(k.connectorId, 'plug')}>
                    Plug in
                  </button>
                  <button className="btn small" disabled={!!busy || !!tx || sim?.transactionId != null} onClick={() => void act(k.connectorId, 'startSession')}>
                    Start session
                  </button>
                  <button className="btn small" disabled={!!busy || (!tx && sim?.transactionId == null)} onClick={() => void act(k.connectorId, 'stopSession')}>
                    Stop session
                  </button>
                  <button className="btn small" disabled={!!busy || sim?.plugged === false} onClick={() => void act(k.connectorId, 'unplug')}>
                    Unplug
                  </button>
                </div>
              )}
            </div>
          );
        })}
      </div>
    </section>
  );
}

function Faults({ charger, reload }: { charger: ChargerDetail; reload: () => Promise<void> }) {
  const [fault, setFault] = useState('faulted');
  const [errorCode, setErrorCode] = useState('GroundFailure');
  const [connectorId, setConnectorId] = useState(1);
  const [msg, setMsg] = useState<string | null>(null);
  async function run(action: 'fault' | 'clearFault' | 'reboot' | 'reconnect') {
    setMsg(null);
    try {
      await api.simAction(charger.id, { action, fault, errorCode, connectorId });
      setMsg(action === 'fault' ? `Injected ${fault}` : action === 'clearFault' ? 'Faults cleared' : `${action} done`);
      await reload();
    } catch (err) {
      setMsg((err as Error).message);
    }
  }
  return (
    <section className="panel">
      <h2>Fault injection</h2>
      <div className="form-grid">
        <label htmlFor="fault-kind">Fault</label>
        <select id="fault-kind" value={fault} onChange={(e) => setFault(e.target.value)}>
          {FAULTS.map((f) => (
            <option key={f.kind} value={f.kind}>
              {f.label}
            </option>
          ))}
        </select>
        {fault === 'faulted' && (
          <>
            <label htmlFor="fault-code">Error code</label>
            <select id="fault-code" value={errorCode} onChange={(e) => setErrorCode(e.target.value)}>
              {ERROR_CODES.map((c) => (
                <option key={c}>{c}</option>
              ))}
            </select>
            <label htmlFor="fault-connector">Connector</label>
            <input id="fault-connector" type="number" min={0} value={connectorId} onChange={(e) => setConnectorId(Number(e.target.value))} />
          </>
        )}
      </div>
      <div className="btn-row">
        <button className="btn danger" onClick={() => void run('fault')}>
          Inject
        </button>
        <button className="btn" onClick={() => void run('clearFault')}>
          Clear faults
        </button>
        <button className="btn" onClick={() => void run('reboot')}>
          Reboot
        </button>
      </div>
      {charger.sim && charger.sim.faults.length > 0 && (
        <p>
          Active:{' '}
          {charger.sim.faults.map((f) => (
            <span key={f} className="badge red">
              {f}
            </span>
          ))}
        </p>
      )}
      {msg && (
        <p className="muted" role="status">
          {msg}
        </p>
      )}
    </section>
  );
}
