import { CopyButton } from './Copy.js';

/** Text longer than this is shown plain (colouring it would cost thousands of elements). */
const MAX_HIGHLIGHT = 100_000;
/** Text longer than this is cut for display (the copy button still copies it whole). */
const MAX_SHOWN = 1_000_000;

/**
 * Pretty-printed JSON with light syntax colouring and a copy button. Any value is shown: one the browser cannot
 * serialize (nested too deep for JSON.stringify) is said so rather than crashing the screen, and huge text is cut.
 */
export function JsonView({ value, copy = true }: { value: unknown; copy?: boolean }) {
  let text: string;
  try {
    text = typeof value === 'string' ? value : (JSON.stringify(value, null, 2) ?? 'undefined');
  } catch {
    text = '(this value is nested too deeply to display)';
  }
  const shown = text.length > MAX_SHOWN ? text.slice(0, MAX_SHOWN) : text;
  return (
    <div className="json">
      {copy && (
        <div className="json-copy">
          <CopyButton text={text} />
        </div>
      )}
      <pre>
        {shown.length > MAX_HIGHLIGHT ? shown : highlight(shown)}
        {shown.length < text.length && <span className="muted">{`\n… ${(text.length - shown.length).toLocaleString()} more characters (use Copy)`}</span>}
      </pre>
    </div>
  );
}

const TOKEN = /("(?:\\.|[^"\\])*")(\s*:)?|\b(true|false|null)\b|(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)/g;

function highlight(text: string) {
  const out: React.ReactNode[] = [];
  let last = 0;
  let i = 0;
  for (const m of text.matchAll(TOKEN)) {
    const idx = m.index ?? 0;
    if (idx > last) out.push(text.slice(last, idx));
    const cls = m[1] ? (m[2] ? 'j-key' : 'j-str') : m[3] ? 'j-lit' : 'j-num';
    out.push(
      <span key={i++} className={cls}>
        {m[1] ?? m[0]}
      </span>,
    );
    if (m[2]) out.push(m[2]);
    last = idx + m[0].length;
  }
  out.push(text.slice(last));
  return out;
}
