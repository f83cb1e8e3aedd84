/** Badges for the states and answers the operator console shows. */
const ANSWER_CLASS: Record<string, string> = {
  Accepted: 'green',
  Reserved: 'green',
  Used: 'teal',
  ok: 'green',
  RebootRequired: 'amber',
  Requested: 'blue',
  running: 'blue',
  pending: 'grey',
  Cancelled: 'grey',
  Expired: 'grey',
  active: 'teal',
  stopped: 'grey',
  orphaned: 'amber',
  stale: 'purple',
  timeout: 'amber',
};

/** An answer (Accepted, Rejected, NotSupported, CALLERROR …, timeout) or a state, coloured by what it means. */
export function AnswerBadge({ value, testId }: { value: string | null | undefined; testId?: string }) {
  if (!value) return <span className="muted">—</span>;
  const cls = ANSWER_CLASS[value] ?? (/^CALLERROR|Rejected|NotSupported|Failed|failed|callError|Faulted|Occupied|Unavailable|Unknown/.test(value) ? 'red' : 'grey');
  return (
    <span className={`badge ${cls}`} data-testid={testId}>
      {value}
    </span>
  );
}
