/**
 * One command to many chargers (the selection, or every charger the list's filter shows): a command job whose
 * progress and per-charger results (reply, CALLERROR, timeout, not sent) fill in live while it runs. Chargers of
 * one OCPP version are offered that version's commands and schemas; a mixed set gets 1.6's (the server checks each).
 */
import { useMemo, useState } from 'react';
import { ApiError, api, call, contracts } from '../../api/client.js';
import { useJob } from '../../api/useJob.js';
import { useLoad } from '../../hooks.js';
import type { CommandName } from '../../../../core/api/contracts/commands.js';
import type { ProtocolVersion } from '../../../../core/ocpp/protocol.js';
import type { ChargerFilter, CommandJobResult, CommandJobView } from '../../../../core/api/types.js';
import { commandsFor, requestSchemaFor } from '../../ocpp/schemas.js';
import { validateCommand, type FieldError } from '../../ocpp/schemaValidate.js';
import { ErrorState } from '../States.js';
import { AnswerBadge } from './badges.js';
import { Modal } from './Modal.js';
import { ModeSwitch, PayloadEditor, type EditorMode } from './PayloadEditor.js';

function summary(r: CommandJobResult): string {
  if (r.outcome === 'ok') {
    const status = (r.response as { status?: unknown } | undefined)?.status;
    return typeof status === 'string' ? status : JSON.stringify(r.response ?? {}).slice(0, 80);
  }
  return r.error ? `${r.error.code}: ${r.error.description}` : '';
}

export function BulkCommandDialog({
  ids,
  filter,
  count,
  onClose,
  protocol = null,
}: {
  ids?: string[];
  filter?: ChargerFilter;
  count: number;
  onClose: () => void;
  protocol?: ProtocolVersion | null;
}) {
  const commands = commandsFor(protocol);
  const [action, setAction] = useState<CommandName>('TriggerMessage');
  const [payload, setPayload] = useState<Record<string, unknown>>({});
  const [mode, setMode] = useState<EditorMode>('form');
  const [rawProblem, setRawProblem] = useState<string | null>(null);
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [timeoutS, setTimeoutS] = useState(30);
  const [started, setStarted] = useState<CommandJobView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [onlyProblems, setOnlyProblems] = useState(false);
  const settings = useLoad(() => api.settings(), []);
  const strict = (settings.data?.validation ?? 'strict') === 'strict';
  const schema = useMemo(() => requestSchemaFor(protocol, action), [protocol, action]);
  const job = useJob('command', started);
  const liveErrors = mode === 'raw' && !rawProblem ? validateCommand(protocol, action, payload) : [];

  async function start(e: React.FormEvent) {
    e.preventDefault();
    const errs = validateCommand(protocol, action, payload);
    if (mode === 'form') setErrors(errs);
    if (rawProblem || (errs.length && (mode === 'form' || strict))) return;
    setError(null);
    try {
      setStarted(
        await call(contracts.commands.startJob, {
          body: { action, payload, ...(ids ? { chargePointIds: ids } : { filter: filter ?? {} }), timeoutMs: timeoutS * 1000 },
        }),
      );
    } catch (err) {
      setError(err instanceof ApiError ? err.message : (err as Error).message);
    }
  }

  const c = job?.counts;
  const rows = (job?.results ?? []).filter((r) => !onlyProblems || (r.outcome !== 'ok' && r.outcome !== 'pending' && r.outcome !== 'running'));
  return (
    <Modal title={`Send a command to ${count} charger${count === 1 ? '' : 's'}`} onClose={onClose} wide>
      {!started ? (
        <form onSubmit={(e) => void start(e)} noValidate className="command-panel">
          <div className="row" style={{ marginTop: 0, marginBottom: 8 }}>
            <select
              aria-label="Command"
              data-testid="bulk-command"
              value={action}
              onChange={(e) => {
                setAction(e.target.value as CommandName);
                setPayload({});
                setErrors([]);
                setRawProblem(null);
              }}
            >
              {commands.map((a) => (
                <option key={a}>{a}</option>
              ))}
            </select>
            <ModeSwitch
              mode={mode}
              onMode={(m) => {
                setMode(m);
                setRawProblem(null);
              }}
            />
            <label className="inline">
              Timeout (s){' '}
              <input
                type="number"
                min={1}
                max={300}
                value={timeoutS}
                onChange={(e) => setTimeoutS(Number(e.target.value))}
                className="w-s"
                aria-label="Timeout (s)"
              />
            </label>
          </div>
          <PayloadEditor schema={schema} mode={mode} value={payload} onChange={setPayload} onProblem={setRawProblem} errors={errors} />
          {mode === 'form' && errors.length > 0 && (
            <div className="field-error" role="alert">
              Fix {errors.length} field(s): {errors.map((er) => `${er.path} ${er.message}`).join('; ')}
            </div>
          )}
          {rawProblem && (
            <div className="op-block" role="alert">
              {rawProblem}
            </div>
          )}
          {!rawProblem && liveErrors.length > 0 && (
            <div className={strict ? 'op-block' : 'op-warn'} role="alert">
              Invalid for {action}.req: {liveErrors.map((er) => `${er.path} ${er.message}`).join('; ')}.{' '}
              {strict ? 'Validation is strict: the bench refuses to send it.' : 'Validation is not strict: it will be sent as it is.'}
            </div>
          )}
          {error && <ErrorState error={error} />}
          <div className="dialog-actions">
            <button type="button" className="btn" onClick={onClose}>
              Cancel
            </button>
            <button type="submit" className="btn primary" disabled={rawProblem !== null || (mode === 'raw' && strict && liveErrors.length > 0)}>
              Send {action} to {count}
            </button>
          </div>
        </form>
      ) : (
        <div data-testid="bulk-job">
          <div className="op-counts" role="status">
            <progress
              max={job?.total ?? 1}
              value={(job?.total ?? 0) - (c?.pending ?? 0) - (c?.running ?? 0)}
              aria-label="Chargers answered"
              style={{ width: 200 }}
            />
            <span className="mono" data-testid="bulk-progress">
              {(job?.total ?? 0) - (c?.pending ?? 0) - (c?.running ?? 0)}/{job?.total} done{job?.done ? '' : '…'}
            </span>
            <span className="badge green">{c?.ok ?? 0} ok</span>
            <span className="badge red">{c?.callError ?? 0} CALLERROR</span>
            <span className="badge amber">{c?.timeout ?? 0} timeout</span>
            <span className="badge grey">{c?.failed ?? 0} not sent</span>
            <label className="inline">
              <input type="checkbox" checked={onlyProblems} onChange={(e) => setOnlyProblems(e.target.checked)} /> only problems
            </label>
          </div>
          <div className="op-scroll" style={{ marginTop: 8 }}>
            <table className="op-table" data-testid="bulk-results">
              <thead>
                <tr>
                  <th>Charger</th>
                  <th>Outcome</th>
                  <th>Answer</th>
                  <th className="num">ms</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.chargePointId} data-testid={`bulk-${r.chargePointId}`}>
                    <td className="mono">{r.chargePointId}</td>
                    <td>
                      <AnswerBadge value={r.outcome} testId="bulk-outcome" />
                    </td>
                    <td className="small">{summary(r)}</td>
                    <td className="num mono">{r.latencyMs ?? ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div className="dialog-actions">
            <button type="button" className="btn" onClick={onClose}>
              Close
            </button>
          </div>
        </div>
      )}
    </Modal>
  );
}
