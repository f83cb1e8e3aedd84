/** The commands sent to a charger (any route, AutoRemoteStart too), newest first, with their answers: load one into the panel, or send it again. */
import { useState } from 'react';
import { call, contracts } from '../../api/client.js';
import { useLoad } from '../../hooks.js';
import { formatTime } from '../States.js';
import type { CommandHistoryEntry } from '../../../../core/api/types.js';
import { AnswerBadge } from './badges.js';
import { useChargerChanges } from './useChargerChanges.js';

export function answerOf(e: CommandHistoryEntry): string {
  if (e.reply?.messageType === 'CALLERROR') return `CALLERROR ${e.reply.errorCode ?? ''}`.trim();
  if (e.reply) {
    const status = (e.reply.payload as { status?: unknown } | null)?.status;
    return typeof status === 'string' ? status : 'CALLRESULT';
  }
  return e.state === 'timeout' ? 'timeout' : e.state === 'failed' ? 'failed' : e.state === 'queued' || e.state === 'sent' ? 'waiting' : (e.state ?? '—');
}

export function CommandHistory({
  chargePointId,
  busy,
  onLoad,
  onResend,
  version,
}: {
  chargePointId: string;
  busy: boolean;
  onLoad: (action: string, payload: Record<string, unknown>) => void;
  onResend: (action: string, payload: Record<string, unknown>) => void;
  /** Changes after each send from the panel (reload now). */
  version: number;
}) {
  const [open, setOpen] = useState(true);
  const history = useLoad(() => call(contracts.commands.history, { params: { id: chargePointId }, query: { limit: 20 } }), [chargePointId, version]);
  useChargerChanges(chargePointId, history.reload, 1500);
  const rows = history.data ?? [];
  return (
    <div className="command-history">
      <div className="panel-head">
        <h2>Command history</h2>
        <button type="button" className="btn small ghost" onClick={() => setOpen(!open)} aria-expanded={open}>
          {open ? 'Hide' : `Show (${rows.length})`}
        </button>
      </div>
      {open && (
        <div className="op-scroll">
          <table className="op-table" data-testid="command-history">
            <thead>
              <tr>
                <th>Sent</th>
                <th>Command</th>
                <th>Answer</th>
                <th className="num">ms</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {rows.length === 0 && (
                <tr>
                  <td colSpan={5} className="muted">
                    No command sent to this charger yet.
                  </td>
                </tr>
              )}
              {rows.map((e) => (
                <tr key={e.frameId} data-testid="history-row">
                  <td className="mono">{formatTime(e.at)}</td>
                  <td title={JSON.stringify(e.payload)}>{e.action}</td>
                  <td>
                    <AnswerBadge value={answerOf(e)} />
                  </td>
                  <td className="num mono">{e.latencyMs ?? '—'}</td>
                  <td className="btn-row" style={{ margin: 0 }}>
                    <button type="button" className="btn small" onClick={() => onLoad(e.action, (e.payload ?? {}) as Record<string, unknown>)}>
                      Edit
                    </button>
                    <button
                      type="button"
                      className="btn small"
                      disabled={busy}
                      onClick={() => onResend(e.action, (e.payload ?? {}) as Record<string, unknown>)}
                    >
                      Re-send
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
