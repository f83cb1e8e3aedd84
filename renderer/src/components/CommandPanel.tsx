import { useMemo, useState } from 'react';
import { api, ApiError } from '../api/client.js';
import { COMMANDS, requestSchema } from '../ocpp/schemas.js';
import { SchemaForm } from '../ocpp/SchemaForm.js';
import { validate, type FieldError } from '../ocpp/schemaValidate.js';
import type { CommandResult } from '../../../core/api/types.js';
import { JsonView } from './JsonView.js';

/** Send any CS→CP command with a form generated from its OCA schema; validated before send; shows the reply. */
export function CommandPanel({ chargePointId, connected }: { chargePointId: string; connected: boolean }) {
  const [action, setAction] = useState<string>('TriggerMessage');
  const [payload, setPayload] = useState<Record<string, unknown>>({});
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [result, setResult] = useState<CommandResult | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const schema = useMemo(() => requestSchema(action), [action]);

  async function send(e: React.FormEvent) {
    e.preventDefault();
    const errs = validate(schema, payload);
    setErrors(errs);
    setResult(null);
    setFailure(null);
    if (errs.length) return;
    setSending(true);
    try {
      setResult(await api.command(chargePointId, action, payload));
    } catch (err) {
      const details = err instanceof ApiError && Array.isArray(err.details) ? ` (${(err.details as Array<{ message: string }>).map((d) => d.message).join('; ')})` : '';
      setFailure((err as Error).message + details);
    } finally {
      setSending(false);
    }
  }

  return (
    <form className="panel command-panel" onSubmit={(e) => void send(e)} aria-label="Send a command" noValidate>
      <div className="panel-head">
        <h2>Send a command</h2>
        <select
          aria-label="Command"
          data-testid="command-select"
          value={action}
          onChange={(e) => {
            setAction(e.target.value);
            setPayload({});
            setErrors([]);
            setResult(null);
            setFailure(null);
          }}
        >
          {COMMANDS.map((c) => (
            <option key={c}>{c}</option>
          ))}
        </select>
      </div>
      <SchemaForm schema={schema} value={payload} onChange={setPayload} errors={errors} />
      {errors.length > 0 && (
        <div className="field-error" role="alert">
          Fix {errors.length} field{errors.length > 1 ? 's' : ''} before sending: {errors.map((e) => `${e.path} ${e.message}`).join('; ')}
        </div>
      )}
      <div className="row">
        <button type="submit" className="btn primary" disabled={sending}>
          {sending ? 'Waiting for the charger…' : `Send ${action}`}
        </button>
        {!connected && <span className="muted">The charger is offline: the command will fail unless it reconnects.</span>}
      </div>
      {failure && (
        <div className="state-box error" role="alert">
          {failure}
        </div>
      )}
      {result && (
        <div className={`reply ${result.ok ? 'ok' : 'bad'}`} data-testid="command-reply" role="status">
          <div className="reply-head">
            <b>{result.ok ? 'CALLRESULT' : result.error?.code ?? 'Failed'}</b> <span className="muted">in {result.latencyMs} ms</span>
          </div>
          {result.ok ? <JsonView value={result.response} /> : <div>{result.error?.description}</div>}
        </div>
      )}
    </form>
  );
}
