/**
 * A command's payload, edited as a form generated from its OCA schema or as raw JSON beside the schema's hints.
 * Raw mode reports what it holds: a JSON object, or why it is not one. Switching modes keeps the payload.
 */
import { useEffect, useState } from 'react';
import { SchemaForm } from '../../ocpp/SchemaForm.js';
import type { FieldError, JsonSchema } from '../../ocpp/schemaValidate.js';
import './operator.css';

export type EditorMode = 'form' | 'raw';

export function ModeSwitch({ mode, onMode }: { mode: EditorMode; onMode: (m: EditorMode) => void }) {
  return (
    <span className="op-tabs" role="group" aria-label="Payload editor">
      <button type="button" aria-pressed={mode === 'form'} onClick={() => onMode('form')}>
        Form
      </button>
      <button type="button" aria-pressed={mode === 'raw'} onClick={() => onMode('raw')}>
        Raw JSON
      </button>
    </span>
  );
}

/** Parses raw text as a payload: an object, or the reason it is not one. */
export function parsePayload(text: string): { payload: Record<string, unknown> } | { problem: string } {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (err) {
    return { problem: `Not valid JSON: ${(err as Error).message}` };
  }
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return { problem: 'The payload must be a JSON object ({ … })' };
  return { payload: v as Record<string, unknown> };
}

export function PayloadEditor(p: {
  schema: JsonSchema;
  mode: EditorMode;
  value: Record<string, unknown>;
  onChange: (v: Record<string, unknown>) => void;
  /** Raw mode: the text does not parse to an object (null when it does). */
  onProblem: (problem: string | null) => void;
  errors: FieldError[];
}) {
  const [text, setText] = useState(() => JSON.stringify(p.value, null, 2));
  // A payload set from outside (a history entry, a picked transaction, switching to raw) shows in the text.
  useEffect(() => {
    setText((current) => {
      const parsed = parsePayload(current);
      return 'problem' in parsed || JSON.stringify(parsed.payload) !== JSON.stringify(p.value) ? JSON.stringify(p.value, null, 2) : current;
    });
  }, [p.value, p.mode]);
  if (p.mode === 'form') return <SchemaForm schema={p.schema} value={p.value} onChange={p.onChange} errors={p.errors} />;
  return (
    <div className="op-raw">
      <textarea
        aria-label="Raw JSON payload"
        data-testid="raw-json"
        spellCheck={false}
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          const parsed = parsePayload(e.target.value);
          if ('problem' in parsed) p.onProblem(parsed.problem);
          else {
            p.onProblem(null);
            p.onChange(parsed.payload);
          }
        }}
      />
      <SchemaHints schema={p.schema} />
    </div>
  );
}

function describe(s: JsonSchema): string {
  const t = (Array.isArray(s.type) ? s.type[0] : s.type) ?? 'any';
  if (s.enum) return s.enum.map(String).join(' | ');
  const parts = [t === 'array' && s.items ? `array of ${describe(s.items)}` : t];
  if (s.format) parts.push(s.format);
  if (s.maxLength !== undefined) parts.push(`≤ ${s.maxLength} chars`);
  if (s.minimum !== undefined) parts.push(`≥ ${s.minimum}`);
  if (s.multipleOf !== undefined) parts.push(`multiple of ${s.multipleOf}`);
  return parts.join(', ');
}

/** The schema's fields as a list: name, required mark, type, enum values, limits; nested objects indented. */
export function SchemaHints({ schema }: { schema: JsonSchema }) {
  const props = Object.entries(schema.properties ?? {});
  return (
    <div className="op-hints" data-testid="schema-hints" aria-label="Schema hints">
      <b>Schema</b> {props.length === 0 && <span className="muted">no fields: send {'{}'}</span>}
      <HintList schema={schema} />
    </div>
  );
}

function HintList({ schema }: { schema: JsonSchema }) {
  const required = new Set(schema.required ?? []);
  const props = Object.entries(schema.properties ?? {});
  if (props.length === 0) return null;
  return (
    <ul>
      {props.map(([name, sub]) => {
        const nested = sub.type === 'object' ? sub : sub.type === 'array' && sub.items?.type === 'object' ? sub.items : null;
        return (
          <li key={name}>
            <code>{name}</code>
            {required.has(name) && (
              <span className="req" title="required">
                *
              </span>
            )}{' '}
            <span className="muted">{nested ? (sub.type === 'array' ? 'array of objects' : 'object') : describe(sub)}</span>
            {nested && <HintList schema={nested} />}
          </li>
        );
      })}
    </ul>
  );
}
