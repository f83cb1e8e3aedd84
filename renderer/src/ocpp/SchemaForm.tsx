/**
 * A form generated from an OCPP JSON schema: objects become fieldsets, enums become selects, numbers and
 * date-times get matching inputs, required fields are marked, lists can grow and shrink. Values are kept as
 * the JSON payload itself; empty optional fields are left out.
 */
import type { FieldError, JsonSchema } from './schemaValidate.js';

interface FieldProps {
  name: string;
  path: string;
  schema: JsonSchema;
  value: unknown;
  required: boolean;
  errors: FieldError[];
  onChange: (v: unknown) => void;
}

/** OCPP 2.0.1's optional vendor extension on every object: not a form field (raw JSON can send it). */
const HIDDEN = new Set(['customData']);

function typeOf(s: JsonSchema): string {
  return (Array.isArray(s.type) ? s.type[0] : s.type) ?? 'string';
}

function errorFor(errors: FieldError[], path: string): string | undefined {
  return errors.find((e) => e.path === path)?.message;
}

function inputId(path: string): string {
  return `f${path.replace(/[^A-Za-z0-9]/g, '-')}`;
}

export function SchemaForm({
  schema,
  value,
  onChange,
  errors,
}: {
  schema: JsonSchema;
  value: Record<string, unknown>;
  onChange: (v: Record<string, unknown>) => void;
  errors: FieldError[];
}) {
  const props = Object.entries(schema.properties ?? {}).filter(([name]) => !HIDDEN.has(name));
  if (props.length === 0) return <p className="muted">This command has no parameters.</p>;
  return <ObjectFields schema={schema} path="" value={value} errors={errors} onChange={(v) => onChange(v as Record<string, unknown>)} />;
}

function ObjectFields({
  schema,
  path,
  value,
  errors,
  onChange,
}: {
  schema: JsonSchema;
  path: string;
  value: Record<string, unknown>;
  errors: FieldError[];
  onChange: (v: unknown) => void;
}) {
  const required = new Set(schema.required ?? []);
  return (
    <div className="schema-fields">
      {Object.entries(schema.properties ?? {})
        .filter(([name]) => !HIDDEN.has(name))
        .map(([name, sub]) => (
          <Field
            key={name}
            name={name}
            path={`${path}/${name}`}
            schema={sub}
            required={required.has(name)}
            value={value[name]}
            errors={errors}
            onChange={(v) => {
              const next = { ...value };
              if (v === undefined) delete next[name];
              else next[name] = v;
              onChange(next);
            }}
          />
        ))}
    </div>
  );
}

function Label({ name, path, required, schema }: { name: string; path: string; required: boolean; schema: JsonSchema }) {
  const t = typeOf(schema);
  const hint = schema.enum ? '' : schema.format === 'date-time' ? 'date-time' : t === 'string' && schema.maxLength ? `≤ ${schema.maxLength} chars` : t;
  return (
    <label htmlFor={inputId(path)} className="field-label">
      {name}
      {required && (
        <span className="req" title="required">
          *
        </span>
      )}
      {hint && <span className="field-hint">{hint}</span>}
    </label>
  );
}

function Field(p: FieldProps) {
  const t = typeOf(p.schema);
  const err = errorFor(p.errors, p.path);
  if (t === 'object') {
    const present = p.value !== undefined;
    return (
      <fieldset className="schema-object">
        <legend>
          {p.name}
          {p.required && <span className="req">*</span>}
          {!p.required && (
            <label className="inline">
              <input type="checkbox" checked={present} onChange={(e) => p.onChange(e.target.checked ? {} : undefined)} /> include
            </label>
          )}
        </legend>
        {(present || p.required) && (
          <ObjectFields schema={p.schema} path={p.path} value={(p.value as Record<string, unknown>) ?? {}} errors={p.errors} onChange={p.onChange} />
        )}
        {err && <div className="field-error">{err}</div>}
      </fieldset>
    );
  }
  if (t === 'array') {
    const items = Array.isArray(p.value) ? (p.value as unknown[]) : [];
    const itemSchema = p.schema.items ?? { type: 'string' };
    const simple = typeOf(itemSchema) !== 'object';
    return (
      <fieldset className="schema-array">
        <legend>
          {p.name}
          {p.required && <span className="req">*</span>} <span className="field-hint">list</span>
        </legend>
        {items.map((it, i) => (
          <div key={i} className="array-item">
            {simple ? (
              <Field
                name={`${p.name}[${i}]`}
                path={`${p.path}/${i}`}
                schema={itemSchema}
                required
                value={it}
                errors={p.errors}
                onChange={(v) => p.onChange(items.map((x, j) => (j === i ? v : x)))}
              />
            ) : (
              <ObjectFields
                schema={itemSchema}
                path={`${p.path}/${i}`}
                value={(it as Record<string, unknown>) ?? {}}
                errors={p.errors}
                onChange={(v) => p.onChange(items.map((x, j) => (j === i ? v : x)))}
              />
            )}
            <button
              type="button"
              className="btn small ghost"
              aria-label={`Remove ${p.name} item ${i + 1}`}
              onClick={() => {
                const next = items.filter((_, j) => j !== i);
                p.onChange(next.length || p.required ? next : undefined);
              }}
            >
              Remove
            </button>
          </div>
        ))}
        <button type="button" className="btn small" onClick={() => p.onChange([...items, simple ? (typeOf(itemSchema) === 'string' ? '' : 0) : {}])}>
          Add {p.name} item
        </button>
        {err && <div className="field-error">{err}</div>}
      </fieldset>
    );
  }
  let control;
  const id = inputId(p.path);
  if (p.schema.enum) {
    control = (
      <select
        id={id}
        value={p.value === undefined ? '' : String(p.value)}
        aria-invalid={!!err}
        onChange={(e) => p.onChange(e.target.value === '' ? undefined : e.target.value)}
      >
        <option value="">{p.required ? '— choose —' : '(not set)'}</option>
        {p.schema.enum.map((v) => (
          <option key={String(v)} value={String(v)}>
            {String(v)}
          </option>
        ))}
      </select>
    );
  } else if (t === 'boolean') {
    control = (
      <select
        id={id}
        value={p.value === undefined ? '' : String(p.value)}
        onChange={(e) => p.onChange(e.target.value === '' ? undefined : e.target.value === 'true')}
      >
        <option value="">{p.required ? '— choose —' : '(not set)'}</option>
        <option value="true">true</option>
        <option value="false">false</option>
      </select>
    );
  } else if (t === 'integer' || t === 'number') {
    control = (
      <input
        id={id}
        type="number"
        step={t === 'integer' ? 1 : 'any'}
        aria-invalid={!!err}
        value={p.value === undefined ? '' : String(p.value)}
        onChange={(e) => p.onChange(e.target.value === '' ? undefined : Number(e.target.value))}
      />
    );
  } else {
    const isDate = p.schema.format === 'date-time';
    control = (
      <span className="input-row">
        <input
          id={id}
          type="text"
          aria-invalid={!!err}
          placeholder={isDate ? '2026-01-31T12:00:00Z' : p.schema.format === 'uri' ? 'ftp://host/path' : ''}
          maxLength={p.schema.maxLength}
          value={typeof p.value === 'string' ? p.value : ''}
          onChange={(e) => p.onChange(e.target.value === '' && !p.path.match(/\/\d+$/) ? undefined : e.target.value)}
        />
        {isDate && (
          <button type="button" className="btn small ghost" onClick={() => p.onChange(new Date().toISOString())}>
            now
          </button>
        )}
      </span>
    );
  }
  return (
    <div className={`field ${err ? 'has-error' : ''}`}>
      <Label name={p.name} path={p.path} required={p.required} schema={p.schema} />
      {control}
      {err && <div className="field-error">{err}</div>}
    </div>
  );
}
