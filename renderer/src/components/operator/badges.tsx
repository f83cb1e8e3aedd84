/** Badges for the states and answers the operator console shows. */
import { TONE_BADGE, toneOfStatus } from '../resultTone.js';
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
  timeout: 'red',
};

/** An answer (Accepted, Rejected, NotSupported, CALLERROR …, timeout) or a state, coloured by what it means. */
export function AnswerBadge({ value, testId }: { value: string | null | undefined; testId?: string }) {
  if (!value) return <span className="muted">—</span>;
  const cls = ANSWER_CLASS[value] ?? TONE_BADGE[toneOfStatus(value)];
  return (
    <span className={`badge ${cls}`} data-testid={testId}>
      {value}
    </span>
  );
}
