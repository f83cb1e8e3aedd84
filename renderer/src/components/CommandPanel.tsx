/**
 * Send any command of the charger's OCPP version to one charger: a form generated from that version's OCA schema, or raw JSON beside the schema's
 * hints (a clear warning when the payload is invalid, and whether validation blocks it). RemoteStop picks from
 * the charger's running transactions. Send is disabled while its CALL is outstanding. The command history below
 * loads or re-sends any earlier command.
 */
import { resultStatus, toneOfReply } from './resultTone.js';
import { useEffect, useMemo, useState } from 'react';
import { api, ApiError } from '../api/client.js';
import { useLoad } from '../hooks.js';
import type { CommandName } from '../../../core/api/contracts/commands.js';
import type { ProtocolVersion } from '../../../core/ocpp/protocol.js';
import { commandsFor, requestSchemaFor } from '../ocpp/schemas.js';
import { validateCommand, type FieldError } from '../ocpp/schemaValidate.js';
import type { CommandResult, TransactionView } from '../../../core/api/types.js';
import { JsonView } from './JsonView.js';
import { CommandHistory } from './operator/CommandHistory.js';
import { ModeSwitch, PayloadEditor, type EditorMode } from './operator/PayloadEditor.js';

export interface CommandPanelProps {
  chargePointId: string;
  connected: boolean;
  /** For RemoteStopTransaction: the transactions to pick from. */
  openTransactions?: TransactionView[];
  /** Server CALLs waiting for this charger (any route). */
  outstandingCalls?: Array<{ action: string; messageId: string }>;
  /** The charger's OCPP version: its commands and schemas (1.6 when unknown). */
  protocol?: ProtocolVersion | null;
}

export function CommandPanel({ chargePointId, connected, openTransactions = [], outstandingCalls = [], protocol = null }: CommandPanelProps) {
  const commands = commandsFor(protocol);
  const [action, setAction] = useState<CommandName>('TriggerMessage');
  const [payload, setPayload] = useState<Record<string, unknown>>({});
  const [mode, setMode] = useState<EditorMode>('form');
  const [rawProblem, setRawProblem] = useState<string | null>(null);
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [result, setResult] = useState<CommandResult | null>(null);
  const [resultAction, setResultAction] = useState<CommandName | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [sending, setSending] = useState<string | null>(null);
  const [version, setVersion] = useState(0);
  const settings = useLoad(() => api.settings(), []);
  const strict = (settings.data?.validation ?? 'strict') === 'strict';
  const schema = useMemo(() => requestSchemaFor(protocol, action), [protocol, action]);
  // the version is known once the charger connects: keep the command when that version has it too
  useEffect(() => {
    if (!commands.includes(action)) choose('TriggerMessage');
    // eslint-disable-next-line react-hooks/exhaustive-deps -- runs when the version's command list changes, not on every choice
  }, [commands]);
  const rawErrors = mode === 'raw' && !rawProblem ? validateCommand(protocol, action, payload) : [];
  const blocked = mode === 'raw' && (rawProblem !== null || (strict && rawErrors.length > 0));

  function choose(a: CommandName, p: Record<string, unknown> = {}) {
    setAction(a);
    setPayload(p);
    setErrors([]);
    setRawProblem(null);
    setResult(null);
    setFailure(null);
  }

  // an accepted Reset is followed by the charger going away: that is the reboot, not a problem
  const rebooting = resultAction === 'Reset' && result?.ok === true && resultStatus(result.response) === 'Accepted';

  async function send(a: CommandName, p: Record<string, unknown>) {
    setSending(a);
    setResult(null);
    setFailure(null);
    try {
      const r = await api.command(chargePointId, a, p);
      setResult(r);
      setResultAction(a);
    } catch (err) {
      const details =
        err instanceof ApiError && Array.isArray(err.details) ? ` (${(err.details as Array<{ message: string }>).map((d) => d.message).join('; ')})` : '';
      setFailure((err as Error).message + details);
    } finally {
      setSending(null);
      setVersion((v) => v + 1);
    }
  }

  function submit(e: React.FormEvent) {
    e.preventDefault();
    if (mode === 'form') {
      const errs = validateCommand(protocol, action, payload);
      setErrors(errs);
      if (errs.length) {
        setResult(null);
        setFailure(null);
        return;
      }
    } else if (blocked) return;
    void send(action, payload);
  }

  const waiting = outstandingCalls.filter((c) => sending === null || c.action !== sending);
  return (
    <form className="panel command-panel" onSubmit={submit} aria-label="Send a command" noValidate>
      <div className="panel-head">
        <h2>Send a command</h2>
        <span className="row" style={{ margin: 0 }}>
          <ModeSwitch
            mode={mode}
            onMode={(m) => {
              setMode(m);
              setRawProblem(null);
              setErrors([]);
            }}
          />
          <select aria-label="Command" data-testid="command-select" value={action} onChange={(e) => choose(e.target.value as CommandName)}>
            {commands.map((c) => (
              <option key={c}>{c}</option>
            ))}
          </select>
        </span>
      </div>
      {(action === 'RemoteStopTransaction' || action === 'RequestStopTransaction') && (
        <div className="row" style={{ marginTop: 0, marginBottom: 8 }}>
          <label className="inline" htmlFor="pick-tx">
            Running transaction
          </label>
          <select
            id="pick-tx"
            data-testid="pick-transaction"
            value={String(payload.transactionId ?? '')}
            onChange={(e) => setPayload(e.target.value ? { transactionId: action === 'RemoteStopTransaction' ? Number(e.target.value) : e.target.value } : {})}
          >
            <option value="">{openTransactions.length ? '— pick one —' : 'none running on this charger'}</option>
            {openTransactions.map((t) => {
              // 2.0.1: the charger's own (string) transaction id; 1.6: ours is the charger's
              const value = action === 'RequestStopTransaction' ? (t.chargerTransactionId ?? '') : String(t.id);
              return (
                <option key={t.id} value={value} disabled={!value}>
                  {action === 'RequestStopTransaction' ? value : `#${t.id}`} · {action === 'RequestStopTransaction' ? 'EVSE' : 'connector'} {t.connectorId} ·{' '}
                  {t.idTag} · since {new Date(t.startedAt).toLocaleTimeString()}
                </option>
              );
            })}
          </select>
        </div>
      )}
      <PayloadEditor schema={schema} mode={mode} value={payload} onChange={setPayload} onProblem={setRawProblem} errors={errors} />
      {mode === 'form' && errors.length > 0 && (
        <div className="field-error" role="alert">
          Fix {errors.length} field{errors.length > 1 ? 's' : ''} before sending: {errors.map((er) => `${er.path} ${er.message}`).join('; ')}
        </div>
      )}
      {mode === 'raw' && rawProblem && (
        <div className="op-block" role="alert" data-testid="raw-warning">
          {rawProblem}. Nothing can be sent until it is a JSON object.
        </div>
      )}
      {mode === 'raw' && !rawProblem && rawErrors.length > 0 && (
        <div className={strict ? 'op-block' : 'op-warn'} role="alert" data-testid="raw-warning">
          This payload is invalid for {action}.req: {rawErrors.map((er) => `${er.path} ${er.message}`).join('; ')}.{' '}
          {strict
            ? 'Validation is strict (Settings → Validation): the bench refuses to send it.'
            : `Validation is ${settings.data?.validation}: it will be sent as it is, and the charger's answer shown.`}
        </div>
      )}
      <div className="row">
        <button type="submit" className="btn primary" disabled={sending !== null || blocked} data-testid="command-send">
          {sending !== null ? 'Waiting for the charger…' : `Send ${action}`}
        </button>
        {!connected &&
          (rebooting ? (
            <span className="muted" data-testid="rebooting">
              The charger is rebooting after the Reset it accepted; it reconnects by itself.
            </span>
          ) : (
            <span className="muted">The charger is offline: the command will fail unless it reconnects.</span>
          ))}
        {waiting.length > 0 && (
          <span className="muted" data-testid="outstanding">
            {waiting.length} CALL{waiting.length > 1 ? 's' : ''} waiting for this charger: {waiting.map((c) => c.action).join(', ')}
          </span>
        )}
      </div>
      {failure && (
        <div className="state-box error" role="alert">
          {failure}
        </div>
      )}
      {result && (
        <div className={`reply ${toneOfReply(result)}`} data-testid="command-reply" data-tone={toneOfReply(result)} role="status">
          <div className="reply-head">
            <b>{result.ok ? `CALLRESULT${resultStatus(result.response) ? `: ${resultStatus(result.response)}` : ''}` : (result.error?.code ?? 'Failed')}</b>{' '}
            <span className="muted">in {result.latencyMs} ms</span>
          </div>
          {result.ok ? <JsonView value={result.response} /> : <div>{result.error?.description}</div>}
        </div>
      )}
      <CommandHistory
        chargePointId={chargePointId}
        busy={sending !== null}
        version={version}
        onLoad={(a, p) => choose(a as CommandName, p)}
        onResend={(a, p) => {
          choose(a as CommandName, p);
          void send(a as CommandName, p);
        }}
      />
    </form>
  );
}
