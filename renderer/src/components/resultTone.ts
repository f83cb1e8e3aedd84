/**
 * The colour of an answer follows what it says, not the frame type: an accepted CALLRESULT is good (green), a
 * CALLRESULT that refuses (Rejected, NotSupported, Occupied…) is a refusal (orange), a CALLERROR or no answer
 * at all is a failure (red). Shared by the command reply, the answer badges and the message log.
 */
export type Tone = 'ok' | 'refused' | 'failed' | 'neutral';

const OK = new Set(['Accepted', 'Unlocked', 'Scheduled', 'Reserved', 'ok', 'Used']);
const REFUSED = new Set([
  'Rejected',
  'NotSupported',
  'NotImplemented',
  'Occupied',
  'Faulted',
  'Unavailable',
  'UnlockFailed',
  'VersionMismatch',
  'UnknownMessageId',
  'Unknown',
  'RebootRequired',
  'Blocked',
  'Expired',
  'Invalid',
  'ConcurrentTx',
  'Failed',
]);

/** The status a CALLRESULT payload carries (status, or idTagInfo.status), if any. */
export function resultStatus(payload: unknown): string | null {
  if (!payload || typeof payload !== 'object') return null;
  const p = payload as { status?: unknown; idTagInfo?: { status?: unknown } };
  if (typeof p.status === 'string') return p.status;
  if (p.idTagInfo && typeof p.idTagInfo.status === 'string') return p.idTagInfo.status;
  return null;
}

/** A status word's tone: CALLERROR codes and timeouts fail, refusals refuse. */
export function toneOfStatus(status: string): Tone {
  if (OK.has(status)) return 'ok';
  if (REFUSED.has(status)) return 'refused';
  if (/^CALLERROR|timeout|failed|callError|no answer/i.test(status)) return 'failed';
  return 'neutral';
}

/** A reply: ok=false (CALLERROR, timeout, not delivered) fails; else by its status (no status: ok). */
export function toneOfReply(r: { ok: boolean; response?: unknown }): Tone {
  if (!r.ok) return 'failed';
  const s = resultStatus(r.response);
  return s === null ? 'ok' : toneOfStatus(s) === 'neutral' ? 'ok' : toneOfStatus(s);
}

/** The badge colour class for a tone. */
export const TONE_BADGE: Record<Tone, string> = { ok: 'green', refused: 'orange', failed: 'red', neutral: 'grey' };
