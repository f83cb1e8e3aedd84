import { CopyButton } from './Copy.js';

/** Pretty-printed JSON with light syntax colouring and a copy button. */
export function JsonView({ value, copy = true }: { value: unknown; copy?: boolean }) {
  const text = JSON.stringify(value, null, 2) ?? 'undefined';
  return (
    <div className="json">
      {copy && (
        <div className="json-copy">
          <CopyButton text={text} />
        </div>
      )}
      <pre>{highlight(text)}</pre>
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
