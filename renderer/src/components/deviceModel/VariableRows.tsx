/**
 * One variable's attributes in the device-model table: type, value, mutability, unit. A writable attribute
 * (ReadWrite / WriteOnly) can be edited: Save sends SetVariables through the commands route and shows the
 * charger's answer (Accepted, Rejected + reason, RebootRequired, CALLERROR, timeout) beside it.
 */
import { useState } from 'react';
import { api } from '../../api/client.js';
import { AnswerBadge } from '../operator/badges.js';
import {
  attributeKey,
  attributesOf,
  isWritable,
  setAnswerOf,
  setVariablesPayload,
  variableLabel,
  type ComponentView,
  type SetAnswer,
  type VariableView,
} from './variables.js';

export interface RowsProps {
  chargePointId: string;
  component: ComponentView;
  variable: VariableView;
  /** Last answer per attribute key (kept by the panel, so a reload keeps it). */
  answers: Record<string, SetAnswer>;
  onAnswer: (key: string, a: SetAnswer) => void;
  /** Called after the charger answered: the panel reloads the device model. */
  onChanged: () => Promise<void>;
}

export function VariableRows({ chargePointId, component, variable, answers, onAnswer, onChanged }: RowsProps) {
  const [edits, setEdits] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState<string | null>(null);
  const chars = variable.characteristics as { unit?: string; dataType?: string; valuesList?: string } | null;
  const attrs = attributesOf(variable);

  async function save(type: ReturnType<typeof attributesOf>[number]['type'], key: string) {
    const value = edits[key];
    if (value === undefined) return;
    setBusy(key);
    try {
      const result = await api.command(
        chargePointId,
        'SetVariables',
        setVariablesPayload(component, variable, type, value) as unknown as Record<string, unknown>,
      );
      onAnswer(key, setAnswerOf(result));
      setEdits(({ [key]: _sent, ...rest }) => rest);
      await onChanged();
    } catch (err) {
      onAnswer(key, { status: 'failed', detail: (err as Error).message });
    } finally {
      setBusy(null);
    }
  }

  return (
    <>
      {attrs.map((a, i) => {
        const key = attributeKey(component, variable, a.type);
        const edited = edits[key];
        const answer = answers[key];
        const name = variableLabel(variable);
        return (
          <tr key={a.type} data-testid={`dm-var-${variable.variable}${variable.variableInstance ? `-${variable.variableInstance}` : ''}`}>
            <td className="mono">{i === 0 ? name : ''}</td>
            <td>{a.type}</td>
            <td>
              {isWritable(a) ? (
                <span className="dm-edit">
                  <input
                    aria-label={`Value of ${name} (${a.type})`}
                    className="mono"
                    value={edited ?? a.value ?? ''}
                    maxLength={1000}
                    placeholder={a.mutability === 'WriteOnly' ? 'write-only' : ''}
                    onChange={(e) => setEdits({ ...edits, [key]: e.target.value })}
                    onKeyDown={(e) => {
                      if (e.key === 'Enter') {
                        e.preventDefault();
                        void save(a.type, key);
                      }
                    }}
                  />
                  <button
                    type="button"
                    className="btn small"
                    disabled={edited === undefined || edited === (a.value ?? '') || busy !== null}
                    onClick={() => void save(a.type, key)}
                  >
                    {busy === key ? 'Sending…' : 'Set'}
                  </button>
                </span>
              ) : (
                <span className="mono" data-testid="dm-value">
                  {a.value ?? '—'}
                </span>
              )}
            </td>
            <td>
              {a.mutability}
              {a.constant && <span className="tag">constant</span>}
              {a.persistent && <span className="tag">persistent</span>}
            </td>
            <td className="muted small">{[chars?.dataType, chars?.unit].filter(Boolean).join(' · ') || '—'}</td>
            <td>
              {answer ? (
                <span className="dm-answer" title={answer.detail ?? undefined}>
                  <AnswerBadge value={answer.status} testId="dm-answer" /> {answer.detail}
                </span>
              ) : null}
            </td>
          </tr>
        );
      })}
    </>
  );
}
