/**
 * Transactions: filtered by charger, connector, id tag, state and start time, newest first; an open one the
 * charger will never end can be closed as stale (recorded as such: state "stale" and a note).
 */
import { useState } from 'react';
import { call, contracts } from '../api/client.js';
import { useLoad } from '../hooks.js';
import { href } from '../router.js';
import { ErrorState, Loading, TxState, formatEnergy, formatSince } from '../components/States.js';
import { AnswerBadge } from '../components/operator/badges.js';
import { Modal } from '../components/operator/Modal.js';
import { useAction } from '../components/operator/useAction.js';
import { ProtocolTag } from '../components/deviceModel/ProtocolTag.js';
import type { TransactionView } from '../../../core/api/types.js';
import type { ScreenProps } from './registry.js';
import '../components/operator/operator.css';

const PAGE = 100;

interface Filter {
  chargePointId: string;
  connectorId: string;
  idTag: string;
  state: string;
  from: string;
  to: string;
}

/** A datetime-local value as ISO (the browser's local time zone). */
const isoOf = (local: string): string | undefined => (local ? new Date(local).toISOString() : undefined);

export function Transactions({ route }: ScreenProps) {
  const [f, setF] = useState<Filter>({
    chargePointId: route.query.get('chargePointId') ?? '',
    connectorId: '',
    idTag: '',
    state: route.query.get('state') ?? '',
    from: '',
    to: '',
  });
  const [applied, setApplied] = useState(f);
  const [offset, setOffset] = useState(0);
  const [closing, setClosing] = useState<TransactionView | null>(null);
  const page = useLoad(
    () =>
      call(contracts.transactions.list, {
        query: {
          ...(applied.chargePointId ? { chargePointId: applied.chargePointId } : {}),
          ...(applied.connectorId ? { connectorId: Number(applied.connectorId) } : {}),
          ...(applied.idTag ? { idTag: applied.idTag } : {}),
          ...(applied.state ? { state: applied.state as TransactionView['state'] } : {}),
          from: isoOf(applied.from),
          to: isoOf(applied.to),
          offset,
          limit: PAGE,
        },
      }),
    [applied, offset],
    5000,
  );
  const set = (k: keyof Filter) => ({ value: f[k], onChange: (e: { target: { value: string } }) => setF({ ...f, [k]: e.target.value }) });
  const apply = (e?: React.FormEvent) => {
    e?.preventDefault();
    setOffset(0);
    setApplied(f);
  };
  const data = page.data;
  return (
    <div className="screen">
      <header className="screen-head">
        <h1>Transactions</h1>
        <span className="muted" data-testid="tx-count">
          {data ? `${data.total} transaction${data.total === 1 ? '' : 's'}` : ''}
        </span>
      </header>
      <form className="op-filters" onSubmit={apply} aria-label="Transaction filters">
        <label>
          Charger
          <input aria-label="Charger" {...set('chargePointId')} maxLength={48} />
        </label>
        <label>
          Connector
          <input aria-label="Connector" type="number" min={0} max={100} className="w-s" {...set('connectorId')} />
        </label>
        <label>
          Id tag
          <input aria-label="Id tag" maxLength={20} {...set('idTag')} />
        </label>
        <label>
          State
          <select aria-label="State" {...set('state')}>
            <option value="">any</option>
            <option value="active">active (open)</option>
            <option value="stopped">stopped</option>
            <option value="orphaned">orphaned (closed by cleanup)</option>
            <option value="stale">stale (closed by the operator)</option>
          </select>
        </label>
        <label>
          Started from
          <input aria-label="Started from" type="datetime-local" {...set('from')} />
        </label>
        <label>
          to
          <input aria-label="Started before" type="datetime-local" {...set('to')} />
        </label>
        <button type="submit" className="btn primary">
          Apply
        </button>
      </form>
      {page.error && <ErrorState error={page.error} retry={page.reload} />}
      {page.loading && !data ? (
        <Loading what="transactions" />
      ) : (
        <div className="panel">
          <table className="op-table" data-testid="transactions">
            <thead>
              <tr>
                <th className="num">Id</th>
                <th>Charger</th>
                <th>Version</th>
                <th>Conn.</th>
                <th>Id tag</th>
                <th>State</th>
                <th>Started</th>
                <th>Stopped</th>
                <th className="num">Energy</th>
                <th>Note</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {data?.items.length === 0 && (
                <tr>
                  <td colSpan={11} className="muted">
                    No transaction matches.
                  </td>
                </tr>
              )}
              {data?.items.map((t) => (
                <tr key={t.id} data-testid={`tx-row-${t.id}`}>
                  <td className="num mono">
                    <a href={href(['meters'], { transactionId: t.id })}>#{t.id}</a>{' '}
                    <a
                      href={href(['charger', t.chargePointId], {
                        from: shiftIso(t.startedAt, -10_000),
                        to: t.stoppedAt ? shiftIso(t.stoppedAt, 10_000) : undefined,
                      })}
                      className="small"
                      title="This transaction's CALLs and replies as a sequence"
                      data-testid="tx-sequence"
                    >
                      sequence
                    </a>
                  </td>
                  <td className="mono">
                    <a href={href(['charger', t.chargePointId])}>{t.chargePointId}</a>
                  </td>
                  <td>
                    <ProtocolTag protocol={t.protocol} testId="tx-protocol" />
                    {t.chargerTransactionId && (
                      <div className="mono small" title="The charger's own transaction id (OCPP 2.0.1)" data-testid="tx-charger-id">
                        {t.chargerTransactionId}
                      </div>
                    )}
                  </td>
                  <td title={t.protocol === 'ocpp2.0.1' ? 'EVSE id' : undefined}>{t.connectorId}</td>
                  <td className="mono">{t.idTag}</td>
                  <td>
                    <AnswerBadge value={t.state} testId="tx-state" /> <TxState tx={t} />
                  </td>
                  <td className="mono">{formatSince(t.startedAt)}</td>
                  <td className="mono">{formatSince(t.stoppedAt)}</td>
                  <td className="num mono">{formatEnergy(t.energyWh)}</td>
                  <td className="small" data-testid="tx-row-note">
                    {t.note ?? ''}
                  </td>
                  <td>
                    {t.state === 'active' && (
                      <button type="button" className="btn small" onClick={() => setClosing(t)}>
                        Close as stale…
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {data && data.total > PAGE && (
            <div className="row">
              <button type="button" className="btn small" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE))}>
                Newer
              </button>
              <span className="muted">
                {offset + 1}–{Math.min(offset + PAGE, data.total)} of {data.total}
              </span>
              <button type="button" className="btn small" disabled={offset + PAGE >= data.total} onClick={() => setOffset(offset + PAGE)}>
                Older
              </button>
            </div>
          )}
        </div>
      )}
      {closing && <CloseStaleDialog tx={closing} onClose={() => setClosing(null)} onDone={() => void page.reload()} />}
    </div>
  );
}

function CloseStaleDialog({ tx, onClose, onDone }: { tx: TransactionView; onClose: () => void; onDone: () => void }) {
  const [note, setNote] = useState('');
  const { busy, error, run } = useAction();
  const close = () =>
    run(async () => {
      await call(contracts.transactions.closeStale, { params: { id: tx.id }, body: note ? { note } : {} });
      onDone();
      onClose();
    });
  return (
    <Modal title={`Close transaction #${tx.id} as stale`} onClose={onClose}>
      <p className="hint">
        It is closed with its last meter reading at this moment, recorded as <b>stale</b> (closed by the operator). If the charger's own StopTransaction arrives
        later, its data replaces these values and the note stays.
      </p>
      {tx.chargerOnline && (
        <div className="op-warn">
          {tx.chargePointId} is online: it may still be running this transaction. RemoteStopTransaction from its page ends it on the charger.
        </div>
      )}
      <label className="field" style={{ marginTop: 8 }}>
        <span className="field-label">Why (kept on the transaction)</span>
        <input aria-label="Why" value={note} maxLength={500} placeholder="e.g. charger replaced, session lost" onChange={(e) => setNote(e.target.value)} />
      </label>
      {error && <ErrorState error={error} />}
      <div className="dialog-actions">
        <button type="button" className="btn" onClick={onClose}>
          Cancel
        </button>
        <button type="button" className="btn danger" disabled={busy} onClick={() => void close()}>
          Close as stale
        </button>
      </div>
    </Modal>
  );
}

/** A time moved by ms (a transaction's window with the Authorize before and the reply after it). */
function shiftIso(iso: string, ms: number): string {
  return new Date(Date.parse(iso) + ms).toISOString();
}
